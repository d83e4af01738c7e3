"""The shipped campaign: every defect of the seed is found at its place, and nothing else."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.conftest import REPO, SEED, run_cli

ARTICLE = "content/bitcoin-crossroads.md"
EVENT = "content/gate-square-cny-2026.md"


@pytest.fixture(scope="module")
def findings():
    run = run_cli("check", "--project", str(REPO), "--format", "json")
    assert run.exit_code == 1
    return run.json()


def at(findings, code, file):
    return [d for d in findings if d["code"] == code and d["file"] == file]


def source_line(file, line):
    return (REPO / file).read_text(encoding="utf-8").split("\n")[line - 1]


def span_text(d):
    line = source_line(d["file"], d["line"])
    assert d["line"] == d["end_line"]
    return line[d["column"] - 1 : d["end_column"] - 1]


def test_shipped_records_keep_the_seed_text_verbatim():
    seed = SEED.read_text(encoding="utf-8")
    for file in (ARTICLE, EVENT):
        body = (REPO / file).read_text(encoding="utf-8").split("---\n", 2)[2]
        assert body.strip() in seed


def test_stray_simplified_characters_are_fixed_and_xuanbu_left_alone(findings):
    found = at(findings, "script/stray-simplified", EVENT)
    assert sorted((span_text(d), d["fix"]["replacement"], d["fix"]["safe"]) for d in found) == [
        ("还", "還", True),
        ("鸭", "鴨", True),
        ("鸭", "鴨", True),  # the seed line in the body and the structured reward
    ]
    assert not [d for d in findings if d["code"].startswith("script/") and d["file"] == ARTICLE]


def test_spanish_sentence_is_found_with_the_approved_translation(findings):
    (found,) = [d for d in findings if d["code"] == "lang/foreign-segment"]
    assert (found["file"], found["line"], found["column"]) == (ARTICLE, 8, 1)
    assert span_text(found) == "11 de diciembre marcó un punto de inflexión crítico para los mercados。"
    assert found["fix"] == {"replacement": "12月11日成為市場的關鍵轉折點。", "safe": True}
    assert "Spanish" in found["message"]


def test_names_in_brackets_are_not_foreign_segments(findings):
    messages = " ".join(d["message"] for d in findings if d["code"] == "lang/foreign-segment")
    for name in ("Oracle", "Bank of England", "ETF", "Seeking Alpha", "Nvidia"):
        assert name not in messages


def test_doubled_bracket_around_m2(findings):
    (found,) = at(findings, "punct/doubled-bracket", ARTICLE)
    assert span_text(found) == "((M2))" and found["fix"]["safe"]


def test_half_width_punctuation_in_chinese_text(findings):
    found = at(findings, "punct/width", ARTICLE) + at(findings, "punct/width", EVENT)
    marks = Counter(span_text(d).strip() for d in found)
    assert set(marks) <= {",", ":", "(", ")"}
    assert all(marks[m] for m in (",", ":", "(", ")"))
    assert all(d["severity"] == "warning" and d["fix"]["safe"] for d in found)
    numbers = [d for d in found if span_text(d).strip() == "," and source_line(d["file"], d["line"])[d["column"] - 2 : d["column"]].strip()[:1].isdigit()]
    assert numbers == []  # 90,000 and $60,000 keep their separators


def test_oracle_is_written_with_the_house_term(findings):
    found = at(findings, "term/preferred", ARTICLE)
    assert len(found) == 4 and {span_text(d) for d in found} == {"奧拉克"}
    assert all(d["fix"] == {"replacement": "甲骨文", "safe": True} for d in found)
    assert "content/glossary.yaml:" in found[0]["message"]


def test_oracle_figures_that_contradict_each_other(findings):
    (found,) = [d for d in findings if d["code"].startswith("number/")]
    assert span_text(found) == "50億美元" and found["severity"] == "warning"
    assert "500億美元" in found["message"] and "line 8" in found["message"]


def test_prize_pool_arithmetic_leaves_part_of_the_total_unnamed(findings):
    (found,) = at(findings, "campaign/prize-total", EVENT)
    assert found["severity"] == "warning"
    assert "25,000 USD is not itemized" in found["message"]


def test_stated_period_matches_the_window(findings):
    assert not [d for d in findings if d["code"] == "campaign/period-mismatch"]


def test_every_error_of_the_seed_has_a_safe_fix(findings):
    errors = [d for d in findings if d["severity"] == "error"]
    assert errors and all(d.get("fix", {}).get("safe") for d in errors)
