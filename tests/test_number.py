"""`number/*`: figures parsed with their units, figure conflicts within a record and between variants.

The labeled corpus is `tests/corpus/number/records.yaml` (clean records and records with a
known contradiction). Run with `-s` to see precision and recall.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from publisher.diagnostics import LineIndex
from publisher.findings import MASK, Finding
from publisher.normalize.number import (
    CONFLICT,
    VARIANT,
    Amount,
    FigureConflict,
    figure_conflicts,
    parse_amounts,
    parse_money,
    variant_conflicts,
)

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seeds" / "000_760e9c92f05a700c.txt"
CORPUS = yaml.safe_load((Path(__file__).parent / "corpus" / "number" / "records.yaml").read_text(encoding="utf-8"))


def one(text: str) -> Amount:
    amounts = parse_amounts(text)
    assert len(amounts) == 1, amounts
    return amounts[0]


def conflicts(text: str, lang: str = "zh-Hant", **kwargs) -> list[str]:
    return [c.text for c in figure_conflicts(text, lang, **kwargs)]


# ---------------------------------------------------------------------------------------------
# parse_amounts
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("80億美元", "8000000000", "USD"),
        ("350億美元", "35000000000", "USD"),
        ("3兆美元", "3000000000000", "USD"),
        ("1.5万亿美元", "1500000000000", "USD"),
        ("2.5萬億港元", "2500000000000", "HKD"),
        ("5 億", "500000000", ""),
        ("5亿", "500000000", ""),
        ("3萬人", "30000", "人"),
        ("3万用户", "30000", ""),
        ("5千美元", "5000", "USD"),
        ("2百萬", "2000000", ""),
        ("1千萬", "10000000", ""),
        ("$60,000", "60000", "USD"),
        ("US$60,000", "60000", "USD"),
        ("60,000 USD", "60000", "USD"),
        ("60000 美元", "60000", "USD"),
        ("90,000美元", "90000", "USD"),
        ("1 GT", "1", "GT"),
        ("25,000 USDT", "25000", "USDT"),
        ("0.5 BTC", "0.5", "BTC"),
        ("1000枚比特幣", "1000", "BTC"),
        ("57%", "57", "%"),
        ("1.5%", "1.5", "%"),
        ("12.5％", "12.5", "%"),
        ("0.5個百分點", "0.5", "pp"),
        ("25个基点", "25", "個"),
        ("25基點", "25", "bp"),
        ("0.96", "0.96", ""),
        ("NT$300", "300", "TWD"),
        ("100 万人民币", "1000000", "CNY"),
        ("$5 billion", "5000000000", "USD"),
        ("1,234.56美元", "1234.56", "USD"),
        ("10 位", "10", "位"),
        ("3个月", "3", "個月"),
        ("５０億美元", "5000000000", "USD"),
    ],
)
def test_reads_value_and_unit_of_each_written_form(text: str, value: str, unit: str) -> None:
    amount = one(text)
    assert amount.value == Decimal(value)
    assert amount.unit == unit
    assert not amount.approx


def test_span_and_text_point_into_the_given_string() -> None:
    text = "奧拉克(Oracle)侵蝕了80億美元的市值,股價暴跌16%,同日比特幣跌破90,000美元。"
    amounts = parse_amounts(text)
    assert [a.text for a in amounts] == ["80億美元", "16%", "90,000美元"]
    for a in amounts:
        assert text[a.start : a.end] == a.text


@pytest.mark.parametrize(
    ("text", "figure", "qualifier"),
    [
        ("約57%", "57%", "約"),
        ("约57%", "57%", "约"),
        ("近3兆美元", "3兆美元", "近"),
        ("超過3%", "3%", "超過"),
        ("逾50億美元", "50億美元", "逾"),
        ("50億美元左右", "50億美元", "左右"),
        ("50多億美元", "50多億美元", "多"),
        ("比特幣約下跌20%", "20%", "約"),
        ("10,000+", "10,000+", "+"),
        ("about $8 billion", "$8 billion", "about"),
    ],
)
def test_records_approximation_qualifiers_outside_the_span(text: str, figure: str, qualifier: str) -> None:
    amount = one(text)
    assert amount.text == figure
    assert amount.approx
    assert amount.qualifier == qualifier


@pytest.mark.parametrize(
    "text",
    [
        "2026 年 1 月 8 日 16:00 – 1 月 26 日 24:00(UTC+8)",
        "2024年",
        "12月11日",
        "2026-01-08",
        "廣義貨幣((M2))",
        "COVID-19的經驗",
        "https://www.gate.com/questionnaire/7315",
        "11 de diciembre marcó un punto",
        "on December 11",
        "in 2024, markets",
        "5G網路",
        "排名第3名",
    ],
)
def test_dates_times_and_identifiers_are_not_figures(text: str) -> None:
    assert parse_amounts(text) == []


def test_first_figure_of_a_range_takes_unit_and_magnitude_of_the_second() -> None:
    low, high = parse_amounts("預計投入3至5億美元")
    assert (low.value, low.unit, low.text) == (Decimal(300_000_000), "USD", "3")
    assert (high.value, high.unit) == (Decimal(500_000_000), "USD")
    low, high = parse_amounts("漲幅3-5%")
    assert (low.value, low.unit) == (Decimal(3), "%")


def test_zhao_before_an_si_unit_is_mega() -> None:
    assert (one("5兆瓦").value, one("5兆瓦").unit) == (Decimal(5_000_000), "瓦")
    assert one("3兆美元").value == Decimal(3 * 10**12)


def test_step_is_the_place_of_the_last_written_digit() -> None:
    assert one("1250億美元").step == Decimal(10**8)
    assert one("1.5%").step == Decimal("0.1")
    assert one("$60,000").step == Decimal(1)


def test_masked_spans_keep_offsets_and_hide_their_content() -> None:
    text = "詳情" + MASK * 12 + "投入50億美元"
    (amount,) = parse_amounts(text)
    assert (amount.start, amount.text) == (text.index("50"), "50億美元")


def test_amount_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        one("80億美元").value = Decimal(1)  # type: ignore[misc]


def test_every_figure_of_the_seed_is_read() -> None:
    text = SEED.read_text(encoding="utf-8")
    got = [(a.text, a.value, a.unit, a.qualifier) for a in parse_amounts(text)]
    assert got == [
        ("$60,000", Decimal(60000), "USD", ""),
        ("$25,000", Decimal(25000), "USD", ""),
        ("10 位", Decimal(10), "位", ""),
        ("1 GT", Decimal(1), "GT", ""),
        ("$50", Decimal(50), "USD", ""),
        ("$10,000", Decimal(10000), "USD", ""),
        ("80億美元", Decimal(8 * 10**9), "USD", ""),
        ("350億美元", Decimal(35 * 10**9), "USD", ""),
        ("500億美元", Decimal(50 * 10**9), "USD", ""),
        ("16%", Decimal(16), "%", ""),
        ("90,000美元", Decimal(90000), "USD", ""),
        ("0.96", Decimal("0.96"), "", "約"),
        ("30天", Decimal(30), "天", ""),
        ("0.53", Decimal("0.53"), "", ""),
        ("20%", Decimal(20), "%", "約"),
        ("6%", Decimal(6), "%", ""),
        ("150億美元", Decimal(15 * 10**9), "USD", "約"),
        ("1250億美元", Decimal(125 * 10**9), "USD", "近"),
        ("50億美元", Decimal(5 * 10**9), "USD", ""),
        ("45%", Decimal(45), "%", ""),
        ("80億美元", Decimal(8 * 10**9), "USD", ""),
        ("90,000美元", Decimal(90000), "USD", ""),
        ("1500億美元", Decimal(150 * 10**9), "USD", "約"),
        ("3兆美元", Decimal(3 * 10**12), "USD", "近"),
        ("57%", Decimal(57), "%", "約"),
        ("1.5%", Decimal("1.5"), "%", ""),
        ("3%", Decimal(3), "%", "超過"),
        ("92,000美元", Decimal(92000), "USD", ""),
    ]


@settings(deadline=None)
@given(st.text(alphabet="0123456789,.%$億萬兆美元約近 USDGT年月日:-()奧拉克", max_size=40))
def test_spans_always_match_the_text_and_never_overlap(text: str) -> None:
    end = 0
    for amount in parse_amounts(text):
        assert text[amount.start : amount.end] == amount.text
        assert amount.start >= end
        end = amount.end


PROSE = st.lists(
    st.sampled_from(
        list("0123456789,.%$ \n。,:、(從增加到至約近超過逾億萬兆美元年月日的市值營收計劃投入跌破上漲今年獎池新手")
        + ["奧拉克(Oracle)", "比特幣", "英偉達(Nvidia)", "资本支出", "亿美元", MASK * 3, "2024年", "16:00"]
    ),
    max_size=60,
).map("".join)


@settings(deadline=None)
@given(PROSE, PROSE)
def test_checks_never_fail_and_point_inside_their_texts(a: str, b: str) -> None:
    for text in (a, b, a + "\n" + b):
        for c in figure_conflicts(text, "zh-Hant"):
            assert text[c.start : c.end] == c.text
            assert text[c.related_start : c.related_end] == c.related_text
            assert c.related_start < c.start
    for c in variant_conflicts(a, b):
        assert b[c.start : c.end] == c.text
        assert a[c.related_start : c.related_end] == c.related_text


# ---------------------------------------------------------------------------------------------
# parse_money
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("60000 USD", (Decimal(60000), "USD")),
        ("$60,000", (Decimal(60000), "USD")),
        ("US$60,000", (Decimal(60000), "USD")),
        ("25,000 USDT", (Decimal(25000), "USDT")),
        ("$25,000 USDT", (Decimal(25000), "USDT")),
        ("1 GT", (Decimal(1), "GT")),
        ("60,000美元", (Decimal(60000), "USD")),
        ("6萬 USD", (Decimal(60000), "USD")),
        ("  10000 USD  ", (Decimal(10000), "USD")),
        ("60000", (Decimal(60000), "")),
        (60000, (Decimal(60000), "")),
    ],
)
def test_parse_money_reads_structured_amounts(value, expected) -> None:
    assert parse_money(value) == expected


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("USD", "no number"),
        ("sixty thousand", "no number"),
        ("60000 USD extra", "unexpected"),
        ("$60,000 and $5", "more than one figure"),
        ("約60000 USD", "approximate"),
        ("-5 USD", "negative"),
        ("5%", "percentage"),
        ("10 位", "counts things"),
        ("60,00 USD", "thousands separator"),
        ("€100 USD", "the sign says EUR"),
        (None, "expected text"),
        (True, "expected text"),
        (1.5, "expected text"),
        (-3, "negative"),
    ],
)
def test_parse_money_rejects_bad_input_with_a_clear_message(value, reason: str) -> None:
    with pytest.raises(ValueError, match=reason) as err:
        parse_money(value)
    assert "invalid amount" in str(err.value)


def test_parse_money_can_require_a_unit() -> None:
    with pytest.raises(ValueError, match="no currency or token"):
        parse_money("60000", require_unit=True)
    assert parse_money("60000 USD", require_unit=True) == (Decimal(60000), "USD")


# ---------------------------------------------------------------------------------------------
# figure_conflicts: the seed
# ---------------------------------------------------------------------------------------------


def test_seed_reports_exactly_the_oracle_spending_contradiction() -> None:
    text = SEED.read_text(encoding="utf-8")
    found = list(figure_conflicts(text, "zh-Hant"))
    assert len(found) == 1
    (conflict,) = found
    assert isinstance(conflict, Finding) and isinstance(conflict, FigureConflict)
    assert conflict.code == CONFLICT
    assert text[conflict.start : conflict.end] == "50億美元"
    assert conflict.start == text.index("其計劃投入50億美元") + len("其計劃投入")
    assert text[conflict.related_start : conflict.related_end] == "500億美元"
    assert conflict.related_start == text.index("增加到500億美元") + len("增加到")
    assert conflict.replacement is None and conflict.safe is False
    assert "50億美元" in conflict.message and "500億美元" in conflict.message
    assert "Oracle" in conflict.message
    assert f"offset {conflict.related_start}" in conflict.message


def test_conflict_describes_the_other_figure_by_line_and_column() -> None:
    text = SEED.read_text(encoding="utf-8")
    (conflict,) = figure_conflicts(text, "zh-Hant")
    index = LineIndex(text)
    line, column = index.position(conflict.related_start)
    assert line == 13
    described = conflict.describe(index.position)
    assert f"line {line}, column {column}" in described
    assert "500億美元" in described and "offset" not in described


def test_seed_with_consistent_spending_has_no_finding() -> None:
    text = SEED.read_text(encoding="utf-8").replace("其計劃投入50億美元", "其計劃投入500億美元")
    assert conflicts(text) == []


# ---------------------------------------------------------------------------------------------
# figure_conflicts: what is and is not a conflict
# ---------------------------------------------------------------------------------------------


def test_same_figure_repeated_is_not_a_conflict() -> None:
    text = "奧拉克(Oracle)侵蝕了80億美元的市值。\n奧拉克(Oracle)市值蒸發80億美元。"
    assert conflicts(text) == []


def test_same_subject_restated_differently_is_a_conflict() -> None:
    text = "奧拉克(Oracle)營收為500億美元。\n奧拉克營收為570億美元。"
    assert conflicts(text) == ["570億美元"]


def test_figures_of_different_years_are_not_compared() -> None:
    text = "奧拉克(Oracle)2024年營收為500億美元。\n奧拉克2025年營收為570億美元。"
    assert conflicts(text) == []
    text = "與AI相關的資料中心融資協議從2024年的約150億美元激增至2025年的近1250億美元。"
    assert conflicts(text) == []


def test_a_change_from_x_to_y_is_one_statement_with_two_values() -> None:
    text = "奧拉克(Oracle)計劃將資本支出從350億美元增加到500億美元。"
    assert conflicts(text) == []
    assert conflicts(text + "\n奧拉克(Oracle)計劃投入500億美元。") == []


def test_a_later_figure_is_checked_against_the_value_after_the_change() -> None:
    text = "奧拉克(Oracle)計劃將資本支出從350億美元增加到500億美元。\n奧拉克(Oracle)計劃投入350億美元。"
    assert conflicts(text) == ["350億美元"]


def test_approximations_that_agree_within_rounding_are_not_conflicts() -> None:
    text = "比特幣(BTC)市佔率約57%。\n比特幣市佔率為57%。\n比特幣市佔率為57.3%。"
    assert conflicts(text) == []
    assert conflicts("比特幣(BTC)市佔率約57%。\n比特幣市佔率為62%。") == ["62%"]


def test_percentages_of_different_entities_or_measures_are_not_compared() -> None:
    text = "奧拉克(Oracle)市佔率為16%,英偉達(Nvidia)市佔率為20%。\n奧拉克(Oracle)市佔率為16%,費率為20%。"
    assert conflicts(text) == []


def test_level_crossings_are_events_not_facts() -> None:
    assert conflicts("比特幣跌破90,000美元。\n比特幣重新站上92,000美元。") == []


def test_percentage_moves_are_compared_only_for_the_same_period() -> None:
    assert conflicts("比特幣今年上漲50%。\n比特幣本週上漲10%。") == []
    assert conflicts("比特幣上漲50%。\n比特幣上漲10%。") == []
    assert conflicts("比特幣今年上漲50%。\n比特幣今年上漲10%。") == ["10%"]


def test_planned_and_actual_figures_are_different_subjects() -> None:
    assert conflicts("奧拉克(Oracle)計劃投入500億美元。\n奧拉克(Oracle)去年投入50億美元。") == []


def test_a_figure_without_a_named_entity_is_not_compared() -> None:
    assert conflicts("公司計劃投入500億美元。\n公司計劃投入50億美元。") == []


def test_aliases_name_entities_the_text_does_not_gloss() -> None:
    text = "艾克米計劃投入500億美元。\n艾克米計劃投入50億美元。"
    assert conflicts(text) == []
    assert conflicts(text, aliases={"艾克米": "Acme"}) == ["50億美元"]


def test_sentence_without_a_name_inherits_the_paragraph_topic() -> None:
    text = "奧拉克(Oracle)宣布新計劃。其資本支出為500億美元。\n奧拉克(Oracle)資本支出為50億美元。"
    assert conflicts(text) == ["50億美元"]


def test_object_of_a_preposition_is_not_the_subject() -> None:
    text = "甲骨文(Oracle)從英偉達採購晶片,並計劃投資500億美元。\n英偉達(Nvidia)計劃投資50億美元。"
    assert conflicts(text) == []


def test_prize_pools_are_told_apart_by_their_noun() -> None:
    text = "發帖解鎖 $60,000 豪華獎池\n瓜分 $25,000 獎池\n瓜分 $10,000 新手獎池\n首帖 $50 獎勵,邀請 $20 獎勵"
    assert conflicts(text) == []
    assert conflicts(text + "\n發帖瓜分 $20,000 獎池") == ["$20,000"]


def test_reported_figures_are_not_used_as_references() -> None:
    text = "奧拉克(Oracle)資本支出為500億美元。\n奧拉克資本支出為50億美元。\n奧拉克資本支出為500億美元。"
    assert conflicts(text) == ["50億美元"]


def test_window_limits_how_many_paragraphs_back_a_figure_is_compared() -> None:
    text = "奧拉克(Oracle)資本支出為500億美元。\n一\n二\n三\n奧拉克(Oracle)資本支出為50億美元。"
    assert conflicts(text) == ["50億美元"]
    assert conflicts(text, window=1) == []
    assert conflicts(text, window=4) == ["50億美元"]


def test_simplified_chinese_conflicts_are_found() -> None:
    text = "甲骨文(Oracle)计划将资本支出从350亿美元增加到500亿美元。\n甲骨文计划投入50亿美元用于AI数据中心。"
    assert conflicts(text, "zh-Hans") == ["50亿美元"]


def test_masked_runs_keep_offsets_of_the_figures_around_them() -> None:
    text = "奧拉克(Oracle)資本支出為500億美元" + MASK * 20 + "。\n" + MASK * 8 + "奧拉克資本支出為50億美元。"
    (conflict,) = figure_conflicts(text, "zh-Hant")
    assert conflict.start == text.index("為50億") + 1
    assert text[conflict.related_start : conflict.related_end] == "500億美元"


def test_corpus_precision_and_recall() -> None:
    false_positives: list[tuple[str, str]] = []
    for record in CORPUS["clean"]:
        false_positives += [(record["id"], c.message) for c in figure_conflicts(record["text"], record["lang"])]
    expected = found = 0
    missed: list[tuple[str, list[str]]] = []
    for record in CORPUS["conflicts"]:
        got = [c.text for c in figure_conflicts(record["text"], record["lang"])]
        expected += len(record["expect"])
        hits = sum(1 for e in record["expect"] if e in got)
        found += hits
        extra = [g for g in got if g not in record["expect"]]
        false_positives += [(record["id"], g) for g in extra]
        if hits < len(record["expect"]):
            missed.append((record["id"], got))
    reported = found + len(false_positives)
    precision = found / reported if reported else 1.0
    recall = found / expected
    print(
        f"\nnumber/conflict corpus: {len(CORPUS['clean'])} clean and {len(CORPUS['conflicts'])} conflicting records;"
        f" precision {precision:.0%}, recall {recall:.0%}"
    )
    assert false_positives == []
    assert missed == []


# ---------------------------------------------------------------------------------------------
# variant_conflicts
# ---------------------------------------------------------------------------------------------

HANT = (
    "奧拉克(Oracle)宣布令人失望的業績,侵蝕了80億美元的市值,同時透露計劃將人工智慧(AI)基礎建設的"
    "資本支出從350億美元增加到500億美元。股價暴跌16%。同日,比特幣跌破90,000美元。"
)
HANS = (
    "甲骨文(Oracle)宣布令人失望的业绩,侵蚀了80亿美元的市值,同时透露计划将人工智能(AI)基础设施的"
    "资本支出从350亿美元增加到500亿美元。股价暴跌16%。同日,比特币跌破90,000美元。"
)


def test_variants_with_the_same_figures_have_no_finding() -> None:
    assert list(variant_conflicts(HANT, HANS)) == []


def test_variant_with_one_figure_changed_is_reported_on_the_second_text() -> None:
    changed = HANS.replace("增加到500亿美元", "增加到50亿美元")
    found = list(variant_conflicts(HANT, changed))
    assert len(found) == 1
    (conflict,) = found
    assert conflict.code == VARIANT
    assert changed[conflict.start : conflict.end] == "50亿美元"
    assert HANT[conflict.related_start : conflict.related_end] == "500億美元"
    assert "50亿美元" in conflict.message and "500億美元" in conflict.message


def test_variant_alignment_survives_a_dropped_figure() -> None:
    dropped = HANS.replace("股价暴跌16%。", "").replace("增加到500亿美元", "增加到50亿美元")
    assert [c.text for c in variant_conflicts(HANT, dropped)] == ["50亿美元"]


def test_translation_writing_the_same_value_differently_agrees() -> None:
    english = (
        "Oracle reported disappointing results, wiping out $8 billion of market value, and plans to raise"
        " AI capital spending from $35 billion to $50 billion. Its shares fell 16%. The same day, Bitcoin"
        " fell below $90,000."
    )
    assert list(variant_conflicts(HANT, english)) == []
    wrong = english.replace("$8 billion", "$80 billion")
    assert [c.text for c in variant_conflicts(HANT, wrong)] == ["$80 billion"]


def test_variant_approximations_that_agree_are_not_reported() -> None:
    assert list(variant_conflicts("比特幣市佔率約57%。", "比特币市占率为57%。")) == []
