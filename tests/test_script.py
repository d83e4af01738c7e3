"""`script/stray-simplified` and `script/stray-traditional`: minimal, context-aware script repair.

The labeled corpus lives in `tests/corpus/script/`: clean paragraphs per locale and a seeded
generator (`inject.py`) that puts strays into them. Run with `-s` to see precision and recall.
"""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from publisher.findings import MASK, Finding
from publisher.normalize.script import _tables, stray_simplified, stray_traditional
from publisher.opencc_cache import character_converter, converter, phrase_converter

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).parent / "corpus" / "script"
SEED = ROOT.parent / "shared" / "seeds" / "000_760e9c92f05a700c.txt"


def _load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


inject = _load("script_corpus_inject", CORPUS / "inject.py")


def fixed(text: str, findings: Iterable[Finding]) -> str:
    chars = list(text)
    for finding in findings:
        chars[finding.start : finding.end] = [finding.replacement or ""]
    return "".join(chars)


def only(findings: Iterable[Finding]) -> Finding:
    (finding,) = findings
    return finding


# --- the tables --------------------------------------------------------------------------


def test_committed_tables_are_what_the_installed_opencc_generates():
    build = _load("build_script_tables", ROOT / "tools" / "build_script_tables.py")
    for path, text in build.render().items():
        assert path.read_text(encoding="utf-8") == text, (
            f"{path.name}: run tools/build_script_tables.py"
        )


def test_tables_keep_valid_traditional_characters_out_of_the_simplified_sets():
    for region in ("tw", "hk"):
        simplified = _tables()["simplified"][region]
        assert not set("后台布了里系才干面吃群裡著皇若公對統霉肴") & set(simplified)
    assert set("悦户温税脱") & set(_tables()["simplified"]["tw"]) == set("悦户温税脱")
    assert not set("悦户温税脱") & set(_tables()["simplified"]["hk"])


def test_converters_are_built_once_and_shared():
    assert converter("t2s") is converter("t2s")
    assert phrase_converter("s2t") is phrase_converter("s2t")


def test_phrase_converter_changes_only_what_a_phrase_covers():
    assert phrase_converter("s2t").convert("头发钟先生") == "頭髮钟先生"


def test_character_converter_takes_each_character_alone():
    assert character_converter("s2t").convert("头发") == "頭發"


# --- the seed ----------------------------------------------------------------------------


def test_seed_strays_are_fixed_safely_and_nothing_else_is_touched():
    text = SEED.read_text(encoding="utf-8")
    findings = list(stray_simplified(text))
    assert [(text[f.start], f.replacement, f.safe) for f in findings] == [
        ("鸭", "鴨", True),
        ("还", "還", True),
    ]
    duck, still = findings
    assert text[duck.start - 5 : duck.end + 2] == "Gate 鸭舌帽"
    assert text[still.start - 4 : still.end + 3] == "繼續發帖还能瓜分"
    assert still.message == "Simplified character 还 in zh-Hant text; use 還"
    assert not list(stray_simplified(fixed(text, findings)))


def test_seed_announcement_wording_is_correct_taiwan_usage():
    text = SEED.read_text(encoding="utf-8")
    announced = text.index("宣布")
    assert {f.start for f in stray_simplified(text)}.isdisjoint({announced, announced + 1})


# --- zh-Hant -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "char", "reading"),
    [
        ("頭发很長", "发", "髮"),
        ("我發现問題", "现", "現"),
        ("钟錶店", "钟", "鐘"),
        ("總发行量", "发", "發"),
    ],
)
def test_one_to_many_character_is_read_from_its_phrase_and_fixed_safely(text, char, reading):
    finding = only(stray_simplified(text))
    assert (text[finding.start], finding.replacement, finding.safe) == (char, reading, True)


def test_one_to_many_character_without_a_phrase_gets_usual_reading_unsafely_with_alternatives():
    finding = only(stray_simplified("钟先生來了"))
    assert (finding.replacement, finding.safe) == ("鍾", False)
    assert finding.message == "Simplified character 钟 in zh-Hant text; use 鍾 (or 鐘)"


def test_correct_taiwan_usage_is_never_reported():
    text = (
        "宣布台北了解吃群裡著才皇后若干公里面對系統,發霉的虱目魚,祕密,污染,潮濕,里長,干涉,"
        "于先生,于美人,范小姐,制度,游泳,游刃有餘,松樹,松山,干貝,豆干,后里,影后"
    )
    assert not list(stray_simplified(text))


@pytest.mark.parametrize(
    ("phrase", "char", "reading"),
    [
        ("之后", "后", "後"),
        ("以后", "后", "後"),
        ("然后", "后", "後"),
        ("最后", "后", "後"),
        ("由于", "于", "於"),
        ("對于", "于", "於"),
        ("范圍", "范", "範"),
        ("特征", "征", "徵"),
    ],
)
def test_valid_character_written_the_simplified_way_in_a_phrase_is_reported_unsafely(
    phrase, char, reading
):
    finding = only(stray_simplified(f"我們{phrase}再說"))
    assert (finding.replacement, finding.safe) == (reading, False)
    assert finding.message == f"Probably Simplified usage of {char} in zh-Hant text; use {reading}"


@pytest.mark.parametrize(
    ("variant", "standard"), [("着", "著"), ("裏", "裡"), ("爲", "為"), ("説", "說"), ("衞", "衛")]
)
def test_non_taiwan_form_is_fixed_to_the_taiwan_standard_safely(variant, standard):
    finding = only(stray_simplified(f"他{variant}"))
    assert (finding.replacement, finding.safe) == (standard, True)
    assert finding.message == f"{variant} is not the Taiwan standard form; use {standard}"


def test_hong_kong_accepts_its_own_and_taiwan_forms():
    assert not list(
        stray_simplified("看着窗外,屋裏很温暖,他説恒生指數回升,我在這裡看著", region="hk")
    )


def test_hong_kong_form_that_is_simplified_too_is_reported_in_taiwan_text_only():
    assert only(stray_simplified("温度")).replacement == "溫"
    assert not list(stray_simplified("温度", region="hk"))


def test_hong_kong_reading_uses_hong_kong_forms():
    assert only(stray_simplified("他说好", region="hk")).replacement == "説"
    assert only(stray_simplified("他说好")).replacement == "說"


# --- zh-Hans -----------------------------------------------------------------------------


def test_traditional_character_in_simplified_text_is_fixed_safely():
    finding = only(stray_traditional("报名后還能瓜分奖池"))
    assert (finding.replacement, finding.safe) == ("还", True)
    assert finding.message == "Traditional character 還 in zh-Hans text; use 还"


def test_traditional_character_with_several_simplified_readings_is_unsafe():
    finding = only(stray_traditional("剩餘时间"))
    assert (finding.replacement, finding.safe) == ("余", False)
    assert finding.message.endswith("(or 馀)")


def test_valid_simplified_forms_are_kept_unless_used_the_traditional_way():
    assert not list(stray_traditional("乾隆皇帝扭转乾坤,著作等身,瞭望远方,找了个藉口"))
    finding = only(stray_traditional("於是我们走了"))
    assert (finding.replacement, finding.safe) == ("于", False)


# --- masks and fixes ---------------------------------------------------------------------

_SAMPLE = "還这里發现钟后于着裏説頭发之后乾於" + "台北宣布" + MASK


@given(st.text(alphabet=st.sampled_from(_SAMPLE + "的。 a"), max_size=40))
def test_findings_are_single_characters_outside_masks(text):
    for check in (stray_simplified, stray_traditional):
        for finding in check(text):
            assert finding.end == finding.start + 1
            assert MASK not in text[finding.start] + (finding.replacement or "")
            assert finding.replacement != text[finding.start]


def test_masked_spans_are_never_read():
    assert not list(stray_simplified(MASK * 6 + "。"))
    finding = only(stray_simplified(f"看{MASK * 3}还"))
    assert finding.start == 4


# --- labeled corpus ----------------------------------------------------------------------

CLEAN = [
    ("zh-Hant-TW", lambda text: stray_simplified(text, region="tw")),
    ("zh-Hant-HK", lambda text: stray_simplified(text, region="hk")),
    ("zh-Hans", stray_traditional),
]
INJECTED = [
    ("zh-Hant-TW", lambda p: inject.hant_strays(p, "tw", _tables()), CLEAN[0][1]),
    ("zh-Hant-HK", lambda p: inject.hant_strays(p, "hk", _tables()), CLEAN[1][1]),
    ("zh-Hans", lambda p: inject.hans_strays(p, _tables()), stray_traditional),
]


@pytest.mark.parametrize(("name", "check"), CLEAN, ids=[name for name, _ in CLEAN])
def test_clean_corpus_gets_no_finding(name, check):
    paragraphs = inject.paragraphs(name)
    reported = [(p[f.start], f.message) for p in paragraphs for f in check(p)]
    print(f"\n{name}: {len(paragraphs)} clean paragraphs, {len(reported)} findings")
    assert len(paragraphs) >= 40
    assert reported == []


@pytest.mark.parametrize(
    ("name", "strays_of", "check"), INJECTED, ids=[name for name, *_ in INJECTED]
)
def test_injected_strays_are_restored(name, strays_of, check):
    score = _score(inject.cases(name, strays_of), check)
    print(f"\n{name}: {score.report()}")
    assert score.recall("single") == 1.0
    assert score.recall("multi") >= 0.95
    assert score.recall("phrase") >= 0.95
    assert score.recall("variant") == 1.0
    assert score.precision() >= 0.99
    assert score.safe_rate("single") == 1.0


def test_fixing_a_corpus_case_leaves_nothing_to_report():
    for case in inject.cases("zh-Hant-TW", lambda p: inject.hant_strays(p, "tw", _tables())):
        once = fixed(case.text, stray_simplified(case.text))
        assert not list(stray_simplified(once)), case.name


class _Score:
    def __init__(self) -> None:
        self.counts: Counter[tuple[str, str]] = Counter()
        self.findings = 0
        self.correct = 0

    def recall(self, kind: str) -> float:
        total = self.counts[kind, "injected"]
        return self.counts[kind, "restored"] / total if total else 1.0

    def safe_rate(self, kind: str) -> float:
        restored = self.counts[kind, "restored"]
        return self.counts[kind, "safe"] / restored if restored else 1.0

    def precision(self) -> float:
        return self.correct / self.findings if self.findings else 1.0

    def report(self) -> str:
        kinds = sorted({kind for kind, _ in self.counts})
        parts = [
            f"{kind} recall {self.recall(kind):.1%} of {self.counts[kind, 'injected']}"
            f" (safe {self.safe_rate(kind):.0%})"
            for kind in kinds
        ]
        return f"precision {self.precision():.2%} of {self.findings} findings; " + "; ".join(parts)


def _score(cases: Iterable, check: Callable[[str], Iterable[Finding]]) -> _Score:
    score = _Score()
    for case in cases:
        found = {f.start: f for f in check(case.text)}
        score.findings += len(found)
        for stray in case.strays:
            score.counts[stray.kind, "injected"] += 1
            finding = found.get(stray.index)
            if finding is not None and stray.restored_by(finding.replacement):
                score.counts[stray.kind, "restored"] += 1
                score.counts[stray.kind, "safe"] += finding.safe
                score.correct += 1
    return score
