"""Script rules: stray Simplified characters in zh-Hant text, stray Traditional ones in zh-Hans.

Both rules change one character at a time and only characters that are wrong for the record's
script (or, in Taiwan text, not the Taiwan standard form). Which characters qualify comes from
`publisher/data/script_tables.json`, generated from OpenCC's dictionaries by
`tools/build_script_tables.py`; the reading of a character is chosen by OpenCC's phrase tables
in a window of text around it, converted to the phrase tables' script first (the phrases are
keyed on Simplified text, so 頭发 must be seen as 头发 to match 头发 → 頭髮).

A scan is one precompiled character class over the text; OpenCC runs only around hits, on at
most `2 * WINDOW + 1` characters, so clean text costs one regular-expression pass.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Literal

from publisher.findings import Finding
from publisher.opencc_cache import character_converter, converter, phrase_converter

__all__ = ["Region", "stray_simplified", "stray_traditional"]

Region = Literal["tw", "hk"]

DATA = Path(__file__).resolve().parent.parent / "data"
TABLES = DATA / "script_tables.json"
PHRASES = DATA / "script_tables.phrases.txt"

# Characters of context on each side of a hit: the phrases that decide a reading are rarely
# longer than 4, and one of up to WINDOW + 1 characters covering the hit is always seen whole.
WINDOW = 8

_LABEL: dict[Region, str] = {"tw": "zh-Hant", "hk": "zh-Hant-HK"}


def stray_simplified(text: str, region: Region = "tw") -> Iterator[Finding]:
    """Simplified characters in Traditional Chinese text (`script/stray-simplified`).

    ## What it does
    Finds characters that exist only in Simplified Chinese (还, 鸭, 发) in zh-Hant text and
    proposes the Traditional form the context calls for: 頭发 → 頭髮 but 发现 → 發現, 钟錶 →
    鐘錶. With `region="tw"` (zh-Hant, zh-Hant-TW) it also reports Traditional forms that are
    not the Taiwan standard (着 → 著, 裏 → 裡, 爲 → 為, Hong Kong 説 → 說). It reports the valid
    Traditional characters 后 于 范 征 制 松 where an OpenCC phrase shows them written the
    Simplified way (之后 → 之後, 由于 → 由於, 范圍 → 範圍, 特征 → 特徵, 制造 → 製造, 放松 → 放鬆).

    ## Why is this bad?
    A stray Simplified character is a typo to a Traditional reader, and usually the trace of a
    machine conversion or a Simplified input method.

    ## Example
    ```text
    10 位幸運用戶:獲得 1 GT + Gate 鸭舌帽     ->  Gate 鴨舌帽
    繼續發帖还能瓜分                           ->  繼續發帖還能瓜分
    ```

    ## Fix safety
    Safe when the character has one Traditional reading in the region (还 → 還) or an OpenCC
    phrase decides it (头发 → 頭髮). Otherwise the fix is the usual reading and unsafe, and the
    message names the others (钟先生: `use 鍾 (or 鐘)`). Taiwan-variant fixes are safe (each has
    one Taiwan form). Valid characters used the Simplified way (之后) are always unsafe.

    ## Skipped
    - Characters valid in Traditional text, even where OpenCC would write another form: 宣布,
      台北, 了解, 吃, 群, 裡, 著, 才, 皇后, 若干, 公里, 面對, 系統, 發霉; so 這里, 干淨 and 游戲
      are not reported (里 干 游 have correct Taiwan uses that OpenCC's phrases rewrite: 里長,
      干貝, 游刃有餘).
    - 于 starting a phrase (于美人, 于右任: a surname), although 于是 is then missed.
    - Simplified-looking characters that an OpenCC phrase keeps (虱目魚, the name 恒生).
    - For `region="hk"`, Hong Kong standard forms (説, 綫, 温, 户, 着, 裏) and Taiwan forms
      (說, 裡, 著): both are written in Hong Kong, so no variant is reported there.
    - Forms that Taiwan writes as well as its standard one (污染, 祕密, 踊躍, 潮濕, 人蔘).
    - Masked spans (URLs, code, hashtags): the scan never matches `MASK`.
    """
    tables = _tables()
    simplified = tables["simplified"][region]
    variants = tables["taiwan_variants"] if region == "tw" else {}
    probable = tables["probable"]
    for match in _hant_scanner(region).finditer(text):
        start, char = match.start(), match.group()
        if char in simplified:
            finding = _simplified_char(text, start, simplified[char], region)
        elif char in variants:
            finding = _taiwan_variant(start, char, variants[char])
        elif char in probable["hant"]:
            finding = _probable_simplified(
                text, start, region, char not in probable["hant_not_initial"]
            )
        else:  # a supplementary-plane character the class admits but no table holds
            continue
        if finding is not None:
            yield finding


def stray_traditional(text: str) -> Iterator[Finding]:
    """Traditional characters in Simplified Chinese text (`script/stray-traditional`).

    ## What it does
    Finds characters that exist only in Traditional Chinese (還, 這, 裡, 説) in zh-Hans text and
    proposes the Simplified form the context calls for, and the valid characters 於 and 乾 where
    they stand for 于 and 干 (於是 → 于是, 乾淨 → 干净).

    ## Why is this bad?
    A stray Traditional character is a typo to a Simplified reader, usually left by a copy from
    a Traditional source.

    ## Example
    ```text
    报名后還能瓜分奖池     ->  报名后还能瓜分奖池
    ```

    ## Fix safety
    Safe when the character has one Simplified reading (還 → 还) or an OpenCC phrase decides
    it; otherwise unsafe with the alternatives named (餘 → 余 (or 馀)). 於 and 乾 are unsafe.

    ## Skipped
    - Characters valid in Simplified text: 著作, 乾隆, 乾坤, 於菟, 瞭望, 藉口, 覆盖, 徵 in
      宫商角徵羽.
    - Rare Traditional characters whose Simplified form is outside the common fonts.
    - Masked spans (URLs, code, hashtags).
    """
    tables = _tables()
    traditional = tables["traditional"]
    for match in _hans_scanner().finditer(text):
        start, char = match.start(), match.group()
        if char in traditional:
            finding = _traditional_char(text, start, traditional[char])
        elif char in tables["probable"]["hans"]:
            finding = _probable_traditional(text, start)
        else:
            continue
        if finding is not None:
            yield finding


def _simplified_char(text: str, start: int, readings: str, region: Region) -> Finding | None:
    char = text[start]
    reading, certain = readings[0], len(readings) == 1
    if char in _tables()["contextual"]:
        in_phrase = _phrase_reading(text, start, region)
        if in_phrase is not None:
            reading, certain = in_phrase, True
    if reading == char:  # a phrase keeps it: 虱目魚, the name 恒生
        return None
    message = f"Simplified character {char} in {_LABEL[region]} text; use {reading}"
    alternatives = "" if certain else _alternatives(readings, reading)
    return Finding(start, start + 1, message + alternatives, reading, safe=certain)


def _taiwan_variant(start: int, char: str, standard: str) -> Finding:
    message = f"{char} is not the Taiwan standard form; use {standard}"
    return Finding(start, start + 1, message, standard, safe=True)


def _probable_simplified(text: str, start: int, region: Region, initial: bool) -> Finding | None:
    char = text[start]
    reading = _phrase_reading(text, start, region, initial=initial)
    if reading is None or reading == char:  # no phrase reads it otherwise: 皇后, 若干
        return None
    message = f"Probably Simplified usage of {char} in {_LABEL[region]} text; use {reading}"
    return Finding(start, start + 1, message, reading, safe=False)


def _phrase_reading(text: str, start: int, region: Region, *, initial: bool = True) -> str | None:
    """The reading of `text[start]` in the longest OpenCC phrase covering it; None if none does,
    or if the phrase starts at the character and `initial` is false.

    The window is converted to Simplified first, since the phrases are keyed on Simplified
    text (頭发 must be seen as 头发). The longest covering phrase wins, not OpenCC's own greedy
    left-to-right segmentation, which lets a phrase ending at the character beat a longer one
    starting there (总发 + 行量 in 总发行量).
    """
    window, offset = _window(text, start)
    simplified = converter("t2s").convert(window)
    covering = _covering_phrase(simplified, offset)
    if covering is None or (not initial and covering[0] == offset):
        return None
    phrase_start, phrase = covering
    traditional = converter(f"t2{region}").convert(_phrases()[phrase])
    return traditional[offset - phrase_start]


def _covering_phrase(text: str, offset: int) -> tuple[int, str] | None:
    """The longest phrase of `text` covering `offset` (the leftmost of equals), with its start."""
    phrases = _phrases()
    best: tuple[int, str] | None = None
    for start in range(max(0, offset - WINDOW), offset + 1):
        shortest = max(offset + 1, start + (len(best[1]) + 1 if best else 2))
        for end in range(min(len(text), start + WINDOW + 1), shortest - 1, -1):
            if text[start:end] in phrases:
                best = (start, text[start:end])
                break
    return best


def _traditional_char(text: str, start: int, readings: str) -> Finding:
    char = text[start]
    reading, decided = _simplified_reading(text, start)
    safe = decided or len(readings) == 1
    message = f"Traditional character {char} in zh-Hans text; use {reading}"
    alternatives = "" if safe else _alternatives(readings, reading)
    return Finding(start, start + 1, message + alternatives, reading, safe)


def _probable_traditional(text: str, start: int) -> Finding | None:
    char = text[start]
    reading, _ = _simplified_reading(text, start)
    if reading == char:  # a phrase keeps it: 乾隆, 於菟
        return None
    message = f"Probably Traditional usage of {char} in zh-Hans text; use {reading}"
    return Finding(start, start + 1, message, reading, safe=False)


def _simplified_reading(text: str, start: int) -> tuple[str, bool]:
    """OpenCC's Simplified reading of `text[start]` and whether a phrase decided it."""
    window, offset = _window(text, start)
    traditional = character_converter("s2t").convert(window)
    reading = converter("t2s").convert(traditional)[offset]
    decided = phrase_converter("t2s").convert(traditional)[offset] != traditional[offset]
    return reading, decided


def _window(text: str, start: int) -> tuple[str, int]:
    """The text around `start` and the offset of `start` in it; OpenCC keeps lengths."""
    left = max(0, start - WINDOW)
    return text[left : start + WINDOW + 1], start - left


def _alternatives(readings: str, reading: str) -> str:
    others = [other for other in readings if other != reading]
    return f" (or {' or '.join(others)})" if others else ""


@cache
def _tables() -> dict:
    return json.loads(TABLES.read_text(encoding="utf-8"))


@cache
def _phrases() -> dict[str, str]:
    """OpenCC's Simplified phrases that hold a contextual character -> their Traditional reading."""
    return dict(line.split("\t") for line in PHRASES.read_text(encoding="utf-8").splitlines())


@cache
def _hant_scanner(region: Region) -> re.Pattern[str]:
    tables = _tables()
    chars = set(tables["simplified"][region]) | set(tables["probable"]["hant"])
    if region == "tw":
        chars |= set(tables["taiwan_variants"])
    return _character_class(chars)


@cache
def _hans_scanner() -> re.Pattern[str]:
    tables = _tables()
    return _character_class(set(tables["traditional"]) | set(tables["probable"]["hans"]))


def _character_class(chars: set[str]) -> re.Pattern[str]:
    """One class matching `chars`, and any supplementary-plane ideograph.

    Python's `re` tests a class of BMP characters with a bitmap but a class holding
    supplementary-plane characters one range at a time (100x slower), so those (Extension B
    and later, rare in text) are admitted as a block and sorted out by table lookup.
    """
    bmp = "".join(sorted(char for char in chars if ord(char) < 0x10000))
    return re.compile(f"[{re.escape(bmp)}\U00020000-\U0003ffff]")
