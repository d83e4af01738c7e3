"""Foreign segments: a sentence or clause written in another language than the record's.

The check works on script runs first. In Chinese text a candidate is a run of alphabetic
(non-CJK) words, a run of Hangul, or a sentence holding kana; in Latin-script text it is a
sentence, or a run of CJK characters. Most runs are names (Oracle, Bank of England, COVID-19)
and are dismissed by their shape alone: too few words, no function words, Title Case, or a
gloss in brackets. Only a sentence-like run is given a language, from its function words and,
where those do not decide, from langdetect. langdetect is imported on first need, seeded so
that its answers are reproducible, and never fed CJK text (it calls Traditional Chinese Korean).
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from publisher.findings import MASK, Finding

if TYPE_CHECKING:
    from langdetect.detector_factory import DetectorFactory

__all__ = ["LANGUAGE_NAMES", "foreign_segments", "segment_key"]

# --- scripts -------------------------------------------------------------------------------

_HAN = (
    "\u2e80-\u2fdf\u3005\u3007\u3021-\u3029\u3038-\u303b"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
)
_HIRAGANA = "\u3041-\u309f"
_KANA = _HIRAGANA + "\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9f"
_HANGUL = "\u1100-\u11ff\u3131-\u318e\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff\uffa0-\uffdc"
_CJK = _HAN + _KANA + _HANGUL + "\u3100-\u312f\u31a0-\u31bf"
# CJK symbols and punctuation, vertical forms, full-width forms: CJK typography.
_CJK_MARKS = "\u3000-\u303f\ufe10-\ufe1f\ufe30-\ufe4f\uff00-\uffef"
_LINE_BREAKS = "\n\r\f\v\x1c-\x1e\x85\u2028\u2029"

_ALPHA = rf"[^\W\d_{_CJK}{_CJK_MARKS}]"
"""A letter of an alphabetic script: Latin, Cyrillic, Greek, Arabic, ... but not CJK."""
_RUN_CHAR = rf"[^{_LINE_BREAKS}{MASK}{_CJK}{_CJK_MARKS}]"
_ALPHA_RUN = re.compile(rf"{_ALPHA}{_RUN_CHAR}*")
"""A stretch of one line between CJK text and masks, from its first letter on.

Starting on a letter lets the regex engine skip CJK text fast; `_RUN_LEAD` then takes in
what stands before the first letter (11 de diciembre, ¿Por qué)."""
_RUN_LEAD = re.compile(rf"(?:[^\w{_LINE_BREAKS}{MASK}{_CJK_MARKS}]|\d)*\Z")
"""What may stand before a run's first letter: digits, spaces, punctuation (no letter)."""
_MAX_RUN_LEAD = 32
_LETTERS = r"(?:[^\W\d_]|[\u0300-\u036f])+"
_WORD = re.compile(rf"{_LETTERS}(?:['’.\-]{_LETTERS})*")
"""A word of an alphabetic run (which holds no CJK), with inner apostrophes, hyphens and dots:
d'Oracle, KI-Blase, U.S, a.m."""
_QUOTED = re.compile(r'"[^"]*"|“[^”]*”|«[^»]*»|‘[^’]*’')
"""A quotation inside a sentence: a mention, not the sentence's own language."""
_ALNUM = re.compile(r"[^\W_]")
_SENTENCE_BREAK = re.compile(r"[.!?…]+[\"'”’»)\]]*\s+(?=[\"'“‘«(¿¡]*[^\W_])")
_TERMINAL = re.compile(r"[.!?…。！？]+")
_OPENERS = "¿¡"

# Patterns with many CJK ranges take milliseconds to compile. Those that only Korean text or
# Latin-script records need stay strings, compiled on first use (and kept) by `re`'s cache.
_NUMBER = r"\d+(?:[.,:]\d+)*%?"
_HANGUL_RUN = (
    rf"(?:{_NUMBER}[ \t]*)?[{_HANGUL}]+"
    rf"(?:(?:[ \t\dA-Za-z,:;%$+\-/()'\"“”‘’·]|(?<=\d)\.(?=\d))+[{_HANGUL}]+)*(?:[ \t]*{_NUMBER})?"
)
"""A run of Hangul words in Chinese text; spaces, numbers and Latin names may sit between them."""
_CJK_RUN = (
    rf"(?:{_NUMBER}[ \t]*)?[{_CJK}]+"
    rf"(?:(?:[ \t\dA-Za-z,:;%$+\-/()'\"“”‘’·，、：；「」『』（）《》〈〉・—…～]|(?<=\d)\.(?=\d))+"
    rf"[{_CJK}]+)*(?:[ \t]*{_NUMBER})?"
)
"""A run of CJK text in Latin-script text; CJK punctuation inside a sentence may join it."""
_CJK_LETTER = rf"[{_CJK}]"
_LATIN_WORD = re.compile(r"[A-Za-z]+")
_NON_LATIN_LETTER = re.compile(r"[^\W\d_A-Za-z\u00c0-\u024f\u1e00-\u1eff]")
_KANA_LETTER = re.compile(rf"[{_KANA}]")
_HIRAGANA_LETTER = re.compile(rf"[{_HIRAGANA}]")
_HANGUL_LETTER = re.compile(rf"[{_HANGUL}]")
_CJK_SENTENCE_END = re.compile(rf"[。！？!?{_LINE_BREAKS}{MASK}]")
_CLAUSE_BREAKS = "，,；;：:"
_CJK_MIN_LETTERS = 8
"""Without a full stop, a CJK run in Latin-script text is a sentence from this many letters on:
shorter ones are names (中國人民銀行, 香港金融管理局)."""

_BRACKETS = {"(": ")", "（": "）", "[": "]", "【": "】"}
_TITLES = {"《": "》", "〈": "〉"}
_QUOTES = {"“": "”", "‘": "’", '"': '"', "'": "'", "「": "」", "『": "』", "«": "»"}
_PAIRS = {**_BRACKETS, **_TITLES, **_QUOTES}
_MAX_QUOTED_TERM_WORDS = 6

# --- languages -----------------------------------------------------------------------------

LANGUAGE_NAMES: dict[str, str] = {
    "af": "Afrikaans", "ar": "Arabic", "bg": "Bulgarian", "bn": "Bengali", "ca": "Catalan",
    "cs": "Czech", "cy": "Welsh", "da": "Danish", "de": "German", "el": "Greek",
    "en": "English", "es": "Spanish", "et": "Estonian", "fa": "Persian", "fi": "Finnish",
    "fr": "French", "gu": "Gujarati", "he": "Hebrew", "hi": "Hindi", "hr": "Croatian",
    "hu": "Hungarian", "id": "Indonesian", "it": "Italian", "ja": "Japanese", "kn": "Kannada",
    "ko": "Korean", "lt": "Lithuanian", "lv": "Latvian", "mk": "Macedonian", "ml": "Malayalam",
    "mr": "Marathi", "ne": "Nepali", "nl": "Dutch", "no": "Norwegian", "pa": "Punjabi",
    "pl": "Polish", "pt": "Portuguese", "ro": "Romanian", "ru": "Russian", "sk": "Slovak",
    "sl": "Slovenian", "so": "Somali", "sq": "Albanian", "sv": "Swedish", "sw": "Swahili",
    "ta": "Tamil", "te": "Telugu", "th": "Thai", "tl": "Tagalog", "tr": "Turkish",
    "uk": "Ukrainian", "ur": "Urdu", "vi": "Vietnamese", "zh": "Chinese",
}  # fmt: skip
"""English names of the languages this check can name, by BCP 47 primary subtag."""

_LATIN_SCRIPT_LANGUAGES = frozenset(
    """af ca cs cy da de en es et fi fr hr hu id it lt lv nl no pl pt ro sk sl so sq sv sw tl tr
    vi""".split()
)
_CJK_PROFILES = frozenset({"zh-cn", "zh-tw", "ja", "ko"})

_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    lang: frozenset(words.split())
    for lang, words in {
        "en": """a the an and of to in is are was were your my me us be been being has have had
            for on with at by from this that these those it its as but or not will would can
            could should may might must than into after over about their our we they you he
            she his her which who what when there here more very all do does did just so if up
            out also because while such how""",
        "es": """a o y tu tus mi mis hoy cada antes después el la los las de del en un una unos
            unas que por para con sin sobre entre se su sus es son fue era está están estaba ha
            han había muy más pero como cuando donde este esta estos estas ese esa al lo le les
            nos ya también hasta desde tras según todos todo no sí porque hay ser mientras
            aunque sido""",
        "fr": """a tu nos encore déjà toujours ont le la les de des du un une et est sont en dans
            pour par sur avec sans que qui ne pas plus ce cette ces il elle ils elles nous vous
            on au aux son sa ses leur leurs mais ou été être avait était à très aussi comme
            après avant depuis entre selon se lui""",
        "de": """du dir mir mich der die das den dem des ein eine einen einem einer und ist sind
            war waren hat haben wird werden wurde nicht mit von zu zum zur im auf für bei nach
            aus als auch es sich sie er wir ich dass aber oder noch nur schon sehr um über unter
            vor wie an bis seit durch gegen kein keine mehr""",
        "pt": """a o e os as um uma uns umas de do da dos das em no na nos nas ao aos à às que
            por para com sem sobre entre se seu sua seus suas nós é são foi era está estão tem
            têm mais mas como quando onde este esta isso isto esse essa também até desde após
            segundo não sim porque muito ainda pelo pela pelos pelas já""",
        "it": """a e i è tu si ci così il lo la gli le un una uno di del della dei degli delle
            dello da dal dalla in nel nella nei con su sul sulla per tra fra che non sono era
            ha hanno più ma come quando dove questo questa questi anche ancora molto al alla ai
            dopo prima se suo sua loro essere stato sotto sopra perché""",
        "nl": """de het een en van in op is zijn was waren heeft hebben met voor niet dat die dit
            deze te om naar bij uit aan ook maar of als door over nog wel geen meer tot werd
            wordt zal er hij zij we ze""",
    }.items()
}
"""Short, frequent words of the languages most often mixed into our records."""


def _weights(function_words: Mapping[str, frozenset[str]]) -> dict[str, dict[str, float]]:
    """Word -> {language: weight}: a word shared by n languages counts 1/n for each of them."""
    languages: dict[str, list[str]] = {}
    for lang, words in function_words.items():
        for word in words:
            languages.setdefault(word, []).append(lang)
    return {word: {lang: 1.0 / len(langs) for lang in langs} for word, langs in languages.items()}


_FUNCTION_WEIGHTS = _weights(_FUNCTION_WORDS)

_NAME_CONNECTORS = frozenset(
    "a an the and but or for nor on at to by from of in with as "
    "de del la las los des du le von van der den da di do dos das y e et und".split()
)
"""Function words that Title Case names keep in lower case (Bank of England, Banco de España)."""

_TIME_MARKS = frozenset({"am", "pm", "a.m", "p.m"})
"""Not words: 9 am to 5 pm, 9 a.m. ET."""

_DECISIVE_SCORE = 1.5
_DECISIVE_MARGIN = 1.0
"""Function words decide alone from this score, this far ahead of the next language."""
_LANGDETECT_MIN_PROBABILITY = 0.8
_LANGDETECT_TOLERANCE = 0.5
"""langdetect's answer stands while its function-word score is at most this far behind."""
_FALLBACK_SCORE = 1.0
"""Where langdetect has no answer, a function-word leader with this score names the language."""
_TIE_SCORE = 1.0
"""In a Latin-script record, a sentence whose function words fit its language and the
record's equally is foreign only with this much evidence (Le comité se réunira de nouveau en
mars: es 1.17, fr 1.17), not on a word or two (Completa tu KYC antes de retirar fondos)."""


# --- public API ----------------------------------------------------------------------------


def foreign_segments(
    text: str, lang: str, translations: Mapping[str, str] | None = None
) -> Iterator[Finding]:
    """A sentence or clause written in another language than the record's (`lang/foreign-segment`).

    Why is this bad?
        A sentence left in its source language (a Spanish sentence opening a Traditional
        Chinese article) is a translation that was never done: readers of the locale cannot
        read it, and the post looks careless.

    Example:
        In a zh-Hant record, `11 de diciembre marcó un punto de inflexión crítico para los
        mercados。奧拉克(Oracle)宣布…` reports the Spanish sentence, terminal `。` included.

    Fix safety:
        Fix availability: sometimes. The tool cannot translate. Where the glossary holds an
        editor-approved translation of the segment (compared by `segment_key`), the fix
        replaces the whole segment, terminal mark included, with it and is safe; otherwise
        there is no fix.

    Not reported:
        - names, tickers, acronyms, product names and titles: runs of fewer than three words,
          of three without a terminal mark, runs without function words, Title Case runs
          (Oracle, ECB, COVID-19, Seeking Alpha, Bank of England, Gate Learn and Earn);
        - glosses in brackets right after a word (奧拉克(Oracle), 英格蘭銀行（Bank of England）),
          titles in 《》 or 〈〉, and quoted terms or slogans of at most six words without a
          terminal mark (“higher for longer”, 「Not your keys, not your coins」);
        - amounts and times ($60,000, 90,000美元, 16:00, UTC+8): they have no words;
        - masked text (URLs, code, hashtags, cashtags): a mask ends a run and is never covered;
        - in Latin-script records, a foreign clause inside a sentence of the record's language
          (only whole sentences are judged there), and sentences whose language is not clear;
        - records in other scripts (ru, ja, ko, ...), and scripts written without spaces
          (Thai, Lao, Khmer) inside Chinese text.
    """
    base = lang.replace("_", "-").split("-", 1)[0].casefold()
    if base == "zh":
        segments = _chinese_record_segments(text)
    elif base in _LATIN_SCRIPT_LANGUAGES:
        segments = _latin_record_segments(text, base)
    else:
        return
    approved = {segment_key(k): v for k, v in (translations or {}).items()}
    for segment in _without_overlaps(segments):
        yield _finding(text, segment, lang, approved)


def segment_key(segment: str) -> str:
    """How a foreign segment is compared with the glossary's approved translations.

    NFC, casefolded, whitespace collapsed, leading `¿¡` and trailing sentence punctuation
    stripped: `11 de diciembre marcó un punto de inflexión crítico para los mercados。` and
    `11 de Diciembre marcó  un punto de inflexión crítico para los mercados.` share a key.
    """
    key = " ".join(unicodedata.normalize("NFC", segment).casefold().split())
    return key.lstrip(_OPENERS + " ").rstrip(".!?…。！？ ")


# --- candidates ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Segment:
    start: int
    end: int
    language: str | None
    """Primary subtag of the language the segment is written in; None when it is not clear."""


def _chinese_record_segments(text: str) -> Iterator[_Segment]:
    yield from _alphabetic_segments(text, record=None)
    yield from _hangul_segments(text)
    yield from _kana_segments(text)


def _latin_record_segments(text: str, record: str) -> Iterator[_Segment]:
    yield from _alphabetic_segments(text, record)
    yield from _cjk_segments(text)


def _without_overlaps(segments: Iterable[_Segment]) -> Iterator[_Segment]:
    """The segments in text order; one overlapping an earlier segment is dropped."""
    reached = -1
    for segment in sorted(segments, key=lambda s: (s.start, -s.end)):
        if segment.start >= reached:
            reached = segment.end
            yield segment


def _alphabetic_segments(text: str, record: str | None) -> Iterator[_Segment]:
    """Sentence-like runs of alphabetic words; in a Latin-script record, those not in `record`.

    `record` is None in a Chinese record, where every sentence-like run is foreign.
    """
    for run in _ALPHA_RUN.finditer(text):
        if run.group().count(" ") < 2:
            continue  # fewer than three words: in Chinese text, the common case of a name
        begin = _RUN_LEAD.search(text, max(0, run.start() - _MAX_RUN_LEAD), run.start()).start()
        for start, end in _sentences(text[begin : run.end()], begin):
            segment = _alphabetic_segment(text, start, end, record)
            if segment is not None:
                yield segment


def _sentences(run: str, offset: int) -> Iterator[tuple[int, int]]:
    """The sentences of a run, as text spans from their first to their last letter or digit."""
    begin = 0
    for brk in _SENTENCE_BREAK.finditer(run):
        words = run[begin : brk.start() + 1].split()
        if words and "." in words[-1].rstrip(".!?…"):
            continue  # a dotted abbreviation: U.S. markets, 9 a.m. ET
        yield from _core(run, begin, brk.start() + 1, offset)
        begin = brk.end()
    yield from _core(run, begin, len(run), offset)


def _core(run: str, begin: int, end: int, offset: int) -> Iterator[tuple[int, int]]:
    """`run[begin:end]` from its first to its last letter or digit, with a leading `¿` or `¡`."""
    first = _ALNUM.search(run, begin, end)
    if first is None:
        return
    last = end
    while not run[last - 1].isalnum():
        last -= 1
    start = first.start()
    while start > begin and run[start - 1] in _OPENERS:
        start -= 1
    yield offset + start, offset + last


def _alphabetic_segment(text: str, start: int, end: int, record: str | None) -> _Segment | None:
    piece = text[start:end]
    words = _words(piece)
    terminated = _terminated(text, end)
    if not _sentence_like(words, terminated, piece[0]):
        return None
    if _exempt(text, start, end, short=not terminated and len(words) <= _MAX_QUOTED_TERM_WORDS):
        return None
    own_words = _QUOTED.sub(" ", piece)
    if _WORD.search(own_words) is None:
        own_words = piece  # a sentence that is all quotation
    scores = _function_scores(_words(own_words))
    language = _identify(own_words, scores)
    if record is not None and not _foreign_to(record, language, scores):
        return None
    return _Segment(start, _span_end(text, start, end), language)


def _words(piece: str) -> list[str]:
    return [w for w in _WORD.findall(piece) if w.casefold() not in _TIME_MARKS]


def _foreign_to(record: str, language: str | None, scores: Mapping[str, float]) -> bool:
    """Whether a sentence named `language` is foreign to a record in `record`.

    Its function words must side with `language` more than with the record's language, or as
    much on fair evidence (then langdetect decided): langdetect alone is too sure of itself
    between neighbours on short text (es, pt, ca, it). A language we have no function words
    for is taken from langdetect where nothing speaks for the record's language.
    """
    if language is None or language == record:
        return False
    own = round(scores.get(record, 0.0), 6)
    if language not in _FUNCTION_WORDS:
        return own == 0.0
    theirs = round(scores.get(language, 0.0), 6)
    return own < theirs or own == theirs >= _TIE_SCORE


def _hangul_segments(text: str) -> Iterator[_Segment]:
    """Korean sentences in Chinese text."""
    if _HANGUL_LETTER.search(text) is None:
        return
    for run in re.finditer(_HANGUL_RUN, text):
        start, end = run.span()
        if _korean_like(run.group()) and not _exempt(
            text, start, end, short=not _terminated(text, end)
        ):
            yield _Segment(start, _terminal_end(text, end), "ko")


def _korean_like(run: str) -> bool:
    """Two words and five Hangul letters at least: more than a name (삼성전자)."""
    return len(run.split()) >= 2 and len(_HANGUL_LETTER.findall(run)) >= 5


def _kana_segments(text: str) -> Iterator[_Segment]:
    """Japanese sentences in Chinese text: sentences holding kana, two hiragana at least."""
    reached = 0
    for kana in _KANA_LETTER.finditer(text):
        if kana.start() < reached:
            continue
        stop = _CJK_SENTENCE_END.search(text, kana.start())
        reached = stop.start() if stop else len(text)
        span = _japanese_span(text, kana.start(), reached)
        if span is not None and not _exempt(text, *span, short=False):
            yield _Segment(span[0], _terminal_end(text, span[1]), "ja")


def _japanese_span(text: str, first_kana: int, sentence_end: int) -> tuple[int, int] | None:
    """From the start of the clause holding the first kana to the last kana of the sentence.

    The span runs on to the sentence end when only a kanji or two follow (再び上昇中).
    """
    kana = [m.start() for m in _KANA_LETTER.finditer(text, first_kana, sentence_end)]
    hiragana = sum(1 for i in kana if _HIRAGANA_LETTER.match(text, i))
    if hiragana < 2 or len(kana) < 3:
        return None
    start = first_kana
    while (
        start > 0
        and text[start - 1] not in _CLAUSE_BREAKS
        and not _CJK_SENTENCE_END.match(text, start - 1)
    ):
        start -= 1
    while text[start].isspace():
        start += 1
    end = kana[-1] + 1
    rest = text[end:sentence_end]
    if len(rest) <= 4 and not any(ch in _CLAUSE_BREAKS for ch in rest):
        end = sentence_end
    return start, end


def _cjk_segments(text: str) -> Iterator[_Segment]:
    """Chinese, Japanese and Korean sentences in Latin-script text."""
    if re.search(_CJK_LETTER, text) is None:
        return
    for run in re.finditer(_CJK_RUN, text):
        start, end = run.span()
        letters = len(re.findall(_CJK_LETTER, run.group()))
        language = _cjk_language(run.group(), letters)
        full_stop = text.startswith(("。", "！", "？"), end)
        if language == "ko":
            sentence = _korean_like(run.group())
        else:
            sentence = letters >= _CJK_MIN_LETTERS or (full_stop and letters >= 4)
        latin_words = len(_LATIN_WORD.findall(run.group()))
        if not sentence or latin_words * 2 > letters:
            continue
        if not _exempt(text, start, end, short=not _terminated(text, end)):
            yield _Segment(start, _terminal_end(text, end), language)


def _cjk_language(run: str, letters: int) -> str:
    if len(_HANGUL_LETTER.findall(run)) * 2 > letters:
        return "ko"
    return "ja" if len(_HIRAGANA_LETTER.findall(run)) >= 2 else "zh"


# --- shape of a run ------------------------------------------------------------------------


def _sentence_like(words: list[str], terminated: bool, first: str) -> bool:
    """Whether words read as a sentence or clause rather than a name, a title or a term.

    A Title Case name keeps only connectors in lower case (Bank of England); a sentence has
    content words in lower case, or lower-case function words that are not connectors (German
    capitalizes its nouns: Der Markt ist im Minus).
    """
    if len(words) < 3:
        return False
    function = [w for w in words if _is_function_word(w)]
    lower_content = sum(1 for w in words if not w[0].isupper()) - sum(
        1 for w in function if not w[0].isupper()
    )
    lower_grammar = any(w[0].islower() and w.casefold() not in _NAME_CONNECTORS for w in function)
    grammatical = (bool(function) and lower_content >= 1) or lower_grammar
    if len(words) >= 4 and grammatical:
        return True
    if len(words) >= 5 and lower_content >= 3:
        return True  # a language without a function-word list
    opens = first.isupper() or first.isdigit() or first in _OPENERS
    return terminated and opens and grammatical


def _is_function_word(word: str) -> bool:
    """A function word of some language.

    An all-capitals token is an acronym (IN, ON, ETF); a capital letter alone is a name or a
    label (A股, Series A, Plan B), so one-letter function words count in lower case only.
    """
    if len(word) == 1:
        return word.islower() and word in _FUNCTION_WEIGHTS
    return not word.isupper() and word.casefold() in _FUNCTION_WEIGHTS


def _exempt(text: str, start: int, end: int, short: bool) -> bool:
    """A gloss in brackets after a word, a title in 《》, or a `short` run in quotes (a term)."""
    before = _skip_blanks_back(text, start)
    opener = text[before - 1] if before > 0 else ""
    after = _skip_blanks(text, end)
    if opener not in _PAIRS or not text.startswith(_PAIRS[opener], after):
        return False
    if opener in _TITLES:
        return True
    if opener in _BRACKETS:
        word = _skip_blanks_back(text, before - 1)
        return word > 0 and (text[word - 1].isalnum() or text[word - 1] in "”’」』")
    return short


def _skip_blanks(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t":
        i += 1
    return i


def _skip_blanks_back(text: str, i: int) -> int:
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    return i


def _span_end(text: str, start: int, end: int) -> int:
    """The end of an alphabetic segment: past a `%` or a bracket it opened, and a terminal mark."""
    while end < len(text) and (text[end] == "%" or _closes_inside(text, start, end)):
        end += 1
    return _terminal_end(text, end)


def _closes_inside(text: str, start: int, end: int) -> bool:
    opener = {")": "(", "]": "["}.get(text[end])
    return opener is not None and text.count(opener, start, end) > text.count(text[end], start, end)


def _terminated(text: str, end: int) -> bool:
    return _TERMINAL.match(text, end) is not None


def _terminal_end(text: str, end: int) -> int:
    """Past the sentence's terminal mark, if one follows it: `.`, `?!`, `。`."""
    terminal = _TERMINAL.match(text, end)
    return terminal.end() if terminal else end


# --- language identification ---------------------------------------------------------------


def _function_scores(words: list[str]) -> dict[str, float]:
    scores: dict[str, float] = {}
    for word in words:
        if _is_function_word(word):
            for lang, weight in _FUNCTION_WEIGHTS[word.casefold()].items():
                scores[lang] = scores.get(lang, 0.0) + weight
    return scores


def _identify(piece: str, scores: Mapping[str, float]) -> str | None:
    """The language of an alphabetic sentence: function words where they decide, else langdetect.

    langdetect is trusted unless function words speak clearly against it ("Markets are
    nervous." is Norwegian to it); where it is unsure, a function-word lead still names one.
    """
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    leader, lead = ranked[0] if ranked else (None, 0.0)
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    if lead >= _DECISIVE_SCORE and round(lead - runner_up, 6) >= _DECISIVE_MARGIN:
        return leader
    detected = _langdetect(piece)
    if detected is not None and scores.get(detected, 0.0) >= lead - _LANGDETECT_TOLERANCE:
        return detected
    return leader if lead >= _FALLBACK_SCORE else None


@lru_cache(maxsize=4096)
def _langdetect(piece: str) -> str | None:
    """langdetect's language for alphabetic text, when it is fairly sure.

    Latin text is weighed against the Latin-script languages only, other text against the
    other alphabetic ones: the same answers, with less work for each n-gram.
    """
    from langdetect.lang_detect_exception import LangDetectException

    latin = _NON_LATIN_LETTER.search(piece) is None
    detector = _detector_factory(latin).create()
    detector.append(piece)
    try:
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return None
    return best.lang if best.prob >= _LANGDETECT_MIN_PROBABILITY else None


@cache
def _detector_factory(latin: bool) -> DetectorFactory:
    """langdetect's Latin-script or other alphabetic profiles (never CJK), seeded."""
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    profiles = []
    for name in sorted(os.listdir(PROFILES_DIRECTORY)):
        if name not in _CJK_PROFILES and (name in _LATIN_SCRIPT_LANGUAGES) == latin:
            with open(os.path.join(PROFILES_DIRECTORY, name), encoding="utf-8") as profile:
                profiles.append(profile.read())
    factory = DetectorFactory()
    factory.load_json_profile(profiles)
    factory.set_seed(0)
    return factory


# --- findings ------------------------------------------------------------------------------


def _finding(text: str, segment: _Segment, lang: str, approved: Mapping[str, str]) -> Finding:
    span = text[segment.start : segment.end]
    name = LANGUAGE_NAMES.get(segment.language or "", "Foreign-language")
    kind = "sentence" if _is_sentence(text, segment) else "clause"
    message = f'{name} {kind} in {lang} text: "{_excerpt(span)}"'
    translation = approved.get(segment_key(span))
    if translation is None:
        return Finding(segment.start, segment.end, message)
    return Finding(segment.start, segment.end, message, replacement=translation, safe=True)


def _is_sentence(text: str, segment: _Segment) -> bool:
    """Ends in a terminal mark, or stands alone on its line."""
    if text[segment.end - 1] in ".!?…。！？":
        return True
    line_start = text.rfind("\n", 0, segment.start) + 1
    line_end = text.find("\n", segment.end)
    line = text[line_start : len(text) if line_end < 0 else line_end]
    return line.strip() == text[segment.start : segment.end]


def _excerpt(span: str, width: int = 16) -> str:
    """The segment's first words, cut at a word boundary: `11 de diciembre…`."""
    if len(span) <= width:
        return span
    cut = span[:width]
    if not cut[-1].isspace() and not span[width].isspace() and " " in cut:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip() + "…"
