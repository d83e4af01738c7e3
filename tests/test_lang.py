"""`lang/foreign-segment`: foreign sentences are found and named, names and glosses are not."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from publisher.findings import MASK, Finding
from publisher.normalize.lang import LANGUAGE_NAMES, foreign_segments, segment_key

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).parent / "corpus" / "lang"
SEED = ROOT.parent / "shared" / "seeds" / "000_760e9c92f05a700c.txt"
SPANISH = "11 de diciembre marcó un punto de inflexión crítico para los mercados"
APPROVED = {SPANISH: "12月11日成為市場的關鍵轉折點。"}
MAJOR = {"en", "es", "fr", "de", "pt"}
NAMED_LOOSELY = {"sv"}
"""langdetect takes short Swedish sentences for Danish: found, but not always named right."""

PYTHON_ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
_MASKABLE = re.compile(r"https?://[\w./?=&%#:+~-]+|#\w+|\$[A-Z][A-Z0-9]*")


def mask(text: str) -> str:
    """URLs, hashtags and cashtags as `load` hands them to rules: runs of MASK."""
    return _MASKABLE.sub(lambda m: MASK * len(m.group()), text)


def findings(text: str, lang: str, translations: dict[str, str] | None = None) -> list[Finding]:
    return list(foreign_segments(mask(text), lang, translations))


# --- labeled corpus ------------------------------------------------------------------------


@dataclass(frozen=True)
class Expected:
    start: int
    end: int
    lang: str


@dataclass(frozen=True)
class Case:
    id: str
    lang: str
    text: str
    expected: tuple[Expected, ...]


def load(name: str) -> dict:
    return yaml.safe_load((CORPUS / name).read_text(encoding="utf-8"))


def negatives(corpus: dict) -> list[Case]:
    return [Case(p["id"], p["lang"], p["text"], ()) for p in corpus["paragraphs"]]


def hand_placed(corpus: dict) -> list[Case]:
    cases = []
    for c in corpus["cases"]:
        expected = []
        for e in c["expect"]:
            start = c["text"].index(e["text"])
            expected.append(Expected(start, start + len(e["text"]), e["lang"]))
        cases.append(Case(c["id"], c["lang"], c["text"], tuple(expected)))
    return cases


def inject(paragraph: Case, sentence: str, mark: str, position: str, lang: str) -> Case:
    """`paragraph` with `sentence + mark` at `position`; ASCII marks get a space after them."""
    segment = sentence + mark
    gap = " " if mark and mark.isascii() else ""
    text = paragraph.text
    if position == "start":
        before, after = "", segment + gap + text
    elif position == "middle":
        cut = re.search(r"。" if paragraph.lang.startswith("zh") else r"\. ", text).end()
        before, after = text[:cut], segment + gap + text[cut:]
    else:
        before, after = text + ("" if paragraph.lang.startswith("zh") else " "), segment
    case_id = f"{paragraph.id}/{position}/{mark or 'bare'}/{sentence[:12]}"
    start = len(before)
    return Case(
        case_id, paragraph.lang, before + after, (Expected(start, start + len(segment), lang),)
    )


def injected(corpus: dict, placements: list[tuple[str, str]]) -> list[Case]:
    """Every foreign sentence at every placement in every paragraph of a language it goes `into`.

    A bare sentence is only put before CJK text or at the end: followed by a Latin word it
    would take the word in, which no reader could tell apart either.
    """
    cases = []
    for sentence in corpus["foreign"]:
        for position, variant in placements:
            mark = {"bare": "", "own": sentence.get("mark", "."), "fullwidth": "。"}[variant]
            for paragraph in negatives(corpus):
                if paragraph.lang[:2] not in sentence.get("into", ["zh"]):
                    continue
                case = inject(paragraph, sentence["text"], mark, position, sentence["lang"])
                if mark or not re.match(r"\s*[A-Za-z]", case.text[case.expected[0].end :]):
                    cases.append(case)
    return cases


ZH = load("zh.yaml")
LATIN = load("latin.yaml")
ZH_PLACEMENTS = [(p, v) for p in ("start", "middle", "end") for v in ("bare", "own", "fullwidth")]
LATIN_PLACEMENTS = [("start", "own"), ("middle", "own"), ("end", "own"), ("end", "bare")]
ZH_POSITIVES = injected(ZH, ZH_PLACEMENTS) + hand_placed(ZH)
LATIN_POSITIVES = injected(LATIN, LATIN_PLACEMENTS) + hand_placed(LATIN)


@dataclass
class Score:
    """Findings of a corpus set against its labels: exact spans, and the language named."""

    expected: int = 0
    found: int = 0
    reported: int = 0
    named: int = 0

    def add(self, case: Case) -> list[str]:
        """Scores one case; returns what went wrong in it."""
        got = findings(case.text, case.lang)
        by_span = {(f.start, f.end): f for f in got}
        self.expected += len(case.expected)
        self.reported += len(got)
        problems = [
            f"{case.id}: unexpected {f.message!r}"
            for f in got
            if (f.start, f.end) not in {(e.start, e.end) for e in case.expected}
        ]
        for e in case.expected:
            finding = by_span.get((e.start, e.end))
            if finding is None:
                problems.append(f"{case.id}: missed {case.text[e.start : e.end]!r} in {got}")
                continue
            self.found += 1
            if finding.message.startswith(LANGUAGE_NAMES[e.lang] + " "):
                self.named += 1
            elif e.lang not in NAMED_LOOSELY:
                problems.append(f"{case.id}: named wrong: {finding.message!r}, expected {e.lang}")
        return problems

    def line(self, name: str, cases: int) -> str:
        precision = self.found / self.reported if self.reported else 1.0
        recall = self.found / self.expected if self.expected else 1.0
        naming = self.named / self.found if self.found else 1.0
        return (
            f"{name}: {cases} cases, {self.expected} segments, precision {precision:.1%}, "
            f"recall {recall:.1%}, language named right {naming:.1%}"
        )


def score(cases: list[Case]) -> tuple[Score, list[str]]:
    total = Score()
    problems = [p for case in cases for p in total.add(case)]
    return total, problems


CORPUS_SETS = {
    "zh negatives": negatives(ZH),
    "zh injected": ZH_POSITIVES,
    "latin negatives": negatives(LATIN),
    "latin injected": LATIN_POSITIVES,
}


@pytest.mark.parametrize("name", list(CORPUS_SETS))
def test_corpus_findings_are_exact_and_named(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    cases = CORPUS_SETS[name]
    total, problems = score(cases)
    with capsys.disabled():
        print("\n" + total.line(name, len(cases)))
    assert not problems, "\n".join(problems)


def test_corpus_covers_the_major_languages_at_every_position() -> None:
    languages = {e.lang for case in ZH_POSITIVES + LATIN_POSITIVES for e in case.expected}
    assert MAJOR | {"it", "nl", "ja", "ko", "zh", "ru"} <= languages
    assert len(negatives(ZH)) >= 30 and len(negatives(LATIN)) >= 20


# --- seed article --------------------------------------------------------------------------


def seed_body() -> str:
    return SEED.read_text(encoding="utf-8")


def test_seed_article_has_exactly_the_spanish_sentence() -> None:
    text = seed_body()
    [finding] = findings(text, "zh-Hant")
    assert text[finding.start : finding.end] == SPANISH + "。"
    assert finding.message == 'Spanish sentence in zh-Hant text: "11 de diciembre…"'
    assert finding.replacement is None and not finding.safe


def test_seed_fix_is_the_approved_translation() -> None:
    text = seed_body()
    [finding] = findings(text, "zh-Hant", APPROVED)
    assert (finding.replacement, finding.safe) == ("12月11日成為市場的關鍵轉折點。", True)
    fixed = text[: finding.start] + finding.replacement + text[finding.end :]
    assert fixed.count("12月11日成為市場的關鍵轉折點。奧拉克(Oracle)宣布") == 1
    assert findings(fixed, "zh-Hant", APPROVED) == []


def test_common_path_never_imports_langdetect() -> None:
    """Chinese text with inline names only: langdetect is neither imported nor called."""
    clean = seed_body().replace(SPANISH + "。", "")
    script = (
        "import sys\n"
        "from publisher.normalize.lang import foreign_segments\n"
        "text = sys.stdin.read()\n"
        "assert list(foreign_segments(text, 'zh-Hant')) == []\n"
        "print('langdetect' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        input=clean,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=PYTHON_ENV,
        check=True,
    )
    assert out.stdout.strip() == "False"


# --- what is not foreign -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "奧拉克(Oracle)宣布令人失望的業績。",
        "英格蘭銀行(Bank of England)明確指出風險。",
        "英格蘭銀行（Bank of England）明確指出風險。",
        "國際清算銀行 (Bank for International Settlements and its members) 提出警告。",
    ],
)
def test_bracket_gloss_is_not_foreign(text: str) -> None:
    assert findings(text, "zh-Hant") == []


@pytest.mark.parametrize(
    "text",
    [
        "近期Seeking Alpha的分析比較比特幣與全球流動性。",
        "Federal Reserve Bank of New York 的調查顯示通膨預期回落。",
        "比特幣(BTC)而非山寨幣(altcoins),ETF成為機構偏好的渠道,COVID-19的經驗值得借鑑。",
        "Top 發帖獎勵:贏取 Gate 新年周邊、1 GT 與 $60,000 獎池。",
        "活動時間:2026 年 1 月 8 日 16:00 – 1 月 26 日 24:00(UTC+8),比特幣跌破90,000美元。",
        "以太坊轉向 proof of stake 機制後,能源消耗大幅下降。",
        "交易員開始討論“higher for longer”的情境。",
        "我讀完了《Why Bitcoin Will Rise Again in the Next Cycle》這本書。",
        "三星電子(삼성전자 반도체)公布財報,韓國歌手 아이유 也出席了活動。",
        "小明の日記是一本很有趣的書。",
    ],
)
def test_names_tickers_amounts_and_terms_are_not_foreign(text: str) -> None:
    assert findings(text, "zh-Hant-TW") == []


@pytest.mark.parametrize(
    "text",
    [
        "Únete al Top 10 de Gate Square y gana premios en Web3.",
        "El programa Learn & Earn de Gate ya está disponible en la app.",
        "Los Trading Bots funcionan 24/7.",
    ],
)
def test_english_names_in_spanish_are_not_sentences(text: str) -> None:
    assert findings(text, "es") == []


def test_masked_text_is_never_covered() -> None:
    text = "詳情見連結。Please read the full terms before you join https://www.gate.com/terms now."
    masked = mask(text)
    got = list(foreign_segments(masked, "zh-Hant"))
    assert got and all(MASK not in masked[f.start : f.end] for f in got)


def test_record_in_another_script_is_not_checked() -> None:
    assert (
        findings("Биткоин упал. Bitcoin fell below ninety thousand dollars on Thursday.", "ru")
        == []
    )


# --- findings and fixes --------------------------------------------------------------------


def test_approved_translation_matches_after_normalization() -> None:
    text = "  ¿Por qué el Bitcoin  sigue al Nasdaq? 比特幣與科技股的相關性上升。"
    [finding] = findings(
        text, "zh-Hans", {"por qué el bitcoin sigue al nasdaq": "为什么比特币跟随纳斯达克?"}
    )
    assert text[finding.start : finding.end] == "¿Por qué el Bitcoin  sigue al Nasdaq?"
    assert (finding.replacement, finding.safe) == ("为什么比特币跟随纳斯达克?", True)


def test_segment_without_approved_translation_has_no_fix() -> None:
    [finding] = findings(
        "市場消息。The market is closed for the holiday today.", "zh-Hant", APPROVED
    )
    assert finding.replacement is None and not finding.safe


def test_segment_key_ignores_case_spacing_and_terminal_marks() -> None:
    assert segment_key(
        "11 de Diciembre  marcó un punto de inflexión crítico para los mercados。"
    ) == segment_key(SPANISH + ".")
    assert segment_key("¡Hola a todos!") == "hola a todos"


def test_clause_and_sentence_are_told_apart() -> None:
    [clause] = findings("他說 we need to stay patient with this market 然後離開。", "zh-Hant")
    [sentence] = findings("他說。We need to stay patient with this market.", "zh-Hant")
    assert clause.message.startswith("English clause in zh-Hant text")
    assert sentence.message.startswith("English sentence in zh-Hant text")


def test_unclear_language_is_still_reported_in_chinese_text() -> None:
    [finding] = findings("留言:xyzzy plugh frobnicate quux blorple zorkmid.", "zh-Hans")
    assert finding.message.startswith("Foreign-language sentence in zh-Hans text")


def test_language_names_are_reproducible_across_processes() -> None:
    """langdetect is seeded: sentences it is unsure about get the same name in every run.

    Unseeded, these three flip between runs (Swedish: Danish or unnamed; Croatian: unnamed,
    Slovenian or Croatian; Indonesian: Indonesian or unnamed), so four runs would disagree.
    """
    text = (
        "留言一。Priset på bitcoin föll kraftigt under torsdagen efter beskedet。"
        "留言二。Tržište je jučer naglo palo nakon vijesti。"
        "留言三。Pasar kripto turun tajam kemarin sore。"
    )
    script = (
        "import sys\n"
        "from publisher.normalize.lang import foreign_segments\n"
        "print([f.message for f in foreign_segments(sys.stdin.read(), 'zh-Hant')])\n"
    )
    runs = {
        subprocess.run(
            [sys.executable, "-c", script],
            input=text,
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=PYTHON_ENV,
            check=True,
        ).stdout
        for _ in range(4)
    }
    assert len(runs) == 1 and runs.pop().count("sentence in zh-Hant text") == 3


_PROSE = st.text(
    alphabet=st.sampled_from(
        [*"比特幣跌破美元。,()（）「」 abcdeThe of and is ¿?.!：", MASK, "\n", "ビ", "は", "가"]
    ),
    max_size=120,
)


@given(_PROSE, st.sampled_from(["zh-Hant", "zh-Hans", "en", "es"]))
def test_findings_are_ordered_disjoint_spans_outside_masks(text: str, lang: str) -> None:
    got = list(foreign_segments(text, lang))
    ends = [0] + [f.end for f in got]
    for previous_end, f in zip(ends, got, strict=False):
        assert previous_end <= f.start < f.end <= len(text)
        assert MASK not in text[f.start : f.end]
