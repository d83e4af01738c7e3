"""Build `publisher/data/script_tables.*` from the installed OpenCC's dictionaries.

    python tools/build_script_tables.py           # write the tables
    python tools/build_script_tables.py --check   # exit 1 when a committed file is stale

The script checker (`publisher/normalize/script.py`) loads only the committed files; this tool
derives them from the `.ocd2` dictionaries shipped in the `opencc` wheel (dumped to text with
the wheel's `opencc_dict`), plus the few hand-kept policy lists below. A test regenerates them
and compares, so the data never drifts silently from the installed OpenCC.

`script_tables.json` holds (readings: one string per character, the usual one first):

- `simplified.tw`, `simplified.hk`: Simplified-only characters and their readings, i.e. keys of
  STCharacters that are not among their own Traditional candidates and are no valid Traditional
  form (a candidate of some key, a key of TSCharacters, a Taiwan or, for `hk`, Hong Kong
  variant, or `TRADITIONAL_EXTRA`); readings are the candidates in the region's variants.
- `traditional`: the reverse for zh-Hans text: keys of TSCharacters that are not among their
  own candidates and are no Simplified form (no key of STCharacters, no candidate of a key).
- `taiwan_variants`: Traditional characters that are not the Taiwan standard form, with it:
  OpenCC's standard forms that TWVariants rewrites (着 → 著) and Hong Kong forms (説 → 說),
  less `TAIWAN_TOLERATED` and those a Taiwan phrase keeps.
- `probable`: the hand-kept `PROBABLE_HANT`, `PROBABLE_HANT_NOT_INITIAL`, `PROBABLE_HANS`.
- `contextual`: Simplified-only characters whose reading depends on the phrase around them:
  those with several readings (发 → 發 or 髮), those some phrase keeps as they are (虱目鱼 →
  虱目魚, the name 恒生), and the `probable.hant` characters.

`script_tables.phrases.txt` holds, one per line, the keys of OpenCC's Simplified phrase tables
that contain a contextual character and their Traditional reading (the table's first
candidate, which is what OpenCC's phrase conversion gives for the whole key), tab-separated:
the checker looks up which of them covers a character without loading OpenCC's 100 ms phrase
tables. It is a file of its own so that only text with such a character pays for loading it.

Readings are limited to the characters of the region's legacy character set (Big5 for Taiwan,
Big5-HKSCS for Hong Kong, GB 2312 for zh-Hans) whenever that leaves at least one, so a rare
variant (钟 → 鈡) does not make a reading ambiguous.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

import opencc

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "publisher" / "data"
TABLES = DATA / "script_tables.json"
PHRASES = DATA / "script_tables.phrases.txt"
WHEEL = Path(opencc.__file__).parent / "clib"
DICTIONARIES = WHEEL / "share" / "opencc"
OPENCC_DICT = WHEEL / "bin" / "opencc_dict"

# Standard in Taiwan and Hong Kong although OpenCC maps them to another form (發霉, 菜肴).
TRADITIONAL_EXTRA = "霉肴"

# Forms that OpenCC does not give for Taiwan but that Taiwan writing uses as well (污染, 排泄,
# 祕密 is even the Ministry of Education's form, 踊躍, 人蔘, 鍼灸, 喫茶, 覈實, 潮濕), plus rare
# name characters: reporting them would cry wolf.
TAIWAN_TOLERATED = "污泄祕癡痹檐棱踊幺纔喫鍼蔘覈脣濕嬀潙潨蔿"

# Valid Traditional characters that are a frequent stray Simplified form (之后, 由于, 范圍,
# 特征, 制造, 放松). Reported only where an OpenCC phrase reads them otherwise, which keeps
# 皇后, 后里, 范先生, 征服, 制度, 松樹. Not 台 布 了 里 才 面 系: OpenCC's phrases write 臺北,
# 宣佈, 瞭解, 這裏, where Taiwan writes 台北, 宣布, 了解, 這裡; not 干 游: Taiwan writes 干貝,
# 豆干, 游刃有餘, which OpenCC reads 乾貝, 豆乾, 遊刃有餘.
PROBABLE_HANT = "后于范征制松"

# Of those, characters that are also a surname (于美人, which OpenCC reads 於美人): reported only
# where the phrase starts before them (由于, 对于, 位于), never where they start it.
PROBABLE_HANT_NOT_INITIAL = "于"

# Valid Simplified characters that are a frequent stray Traditional form (於是, 乾淨); reported
# unless an OpenCC phrase keeps them (於菟, 乾隆, 乾坤).
PROBABLE_HANS = "於乾"

PHRASE_DICTIONARIES = (
    "STPhrases",
    "STPhrases_GeneratedFromRegionalPhrases",
    "TSPhrases",
    "TWVariantsPhrases",
    "HKVariantsPhrases",
    "HKVariantsRevPhrases",
)

Table = dict[str, list[str]]


def dump(name: str) -> Table:
    """An `.ocd2` dictionary of the wheel as `{key: [candidates]}`."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / f"{name}.txt"
        subprocess.run(
            [
                str(OPENCC_DICT),
                "-i",
                str(DICTIONARIES / f"{name}.ocd2"),
                "-o",
                str(out),
                "-f",
                "ocd2",
                "-t",
                "text",
            ],
            check=True,
            capture_output=True,
        )
        lines = out.read_text(encoding="utf-8").splitlines()
    table: Table = {}
    for line in lines:
        key, candidates = line.split("\t")
        table[key] = candidates.split(" ")
    return table


def check_lengths(name: str, table: Table) -> None:
    """The checker reads converted text by offset: every phrase must keep its length."""
    for key, candidates in table.items():
        if any(len(candidate) != len(key) for candidate in candidates):
            raise SystemExit(f"{name}: {key} -> {candidates} changes the length of the text")


def values(table: Table) -> set[str]:
    return {candidate for candidates in table.values() for candidate in candidates}


def unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def in_charset(readings: list[str], codec: str) -> list[str]:
    """`readings` limited to those `codec` can encode, unless that leaves none."""
    kept = [reading for reading in readings if _encodable(reading, codec)]
    return kept or readings


def _encodable(char: str, codec: str) -> bool:
    try:
        char.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def regional(char: str, variants: Table) -> str:
    return variants[char][0] if char in variants else char


def simplified_only(st: Table, variants: Table, valid: set[str], codec: str) -> Table:
    table: Table = {}
    for char, candidates in st.items():
        if char in candidates or char in valid:
            continue
        readings = unique(regional(candidate, variants) for candidate in candidates)
        table[char] = in_charset(readings, codec)
    return table


def traditional_only(ts: Table, simplified_valid: set[str]) -> Table:
    return {
        char: in_charset(candidates, "gb2312")
        for char, candidates in ts.items()
        if char not in candidates and char not in simplified_valid
    }


def taiwan_variants(
    tw: Table, hk: Table, hk_rev: Table, known: set[str], tw_phrases: Table
) -> Table:
    """Forms to rewrite in Taiwan text; `known` holds characters valid or classified already.

    A form that some Taiwan phrase keeps (皁 in 牛驥同皁) is left out: the checker reads the
    table, not the phrases.
    """
    kept = phrase_kept(set(tw) | values(hk), tw_phrases) | set(TAIWAN_TOLERATED)
    table: Table = {
        char: candidates
        for char, candidates in tw.items()
        if char not in candidates and char not in kept
    }
    for char in sorted(values(hk) - known - kept):
        standard = hk_rev.get(char, [char])
        readings = in_charset(unique(regional(form, tw) for form in standard), "cp950")
        if char not in readings:
            table[char] = readings
    return table


def phrase_kept(chars: set[str], phrases: Table) -> set[str]:
    """The characters of `chars` that some phrase leaves as they are."""
    return {
        char
        for key, candidates in phrases.items()
        for char, converted in zip(key, candidates[0])
        if char == converted and char in chars
    }


def contextual(tables: Iterable[Table], phrases: Table) -> list[str]:
    ambiguous = {char for table in tables for char, readings in table.items() if len(readings) > 1}
    simplified = {char for table in tables for char in table}
    return sorted(ambiguous | phrase_kept(simplified, phrases) | set(PROBABLE_HANT))


def build() -> tuple[dict, dict[str, str]]:
    st, ts = dump("STCharacters"), dump("TSCharacters")
    tw, hk, hk_rev = dump("TWVariants"), dump("HKVariants"), dump("HKVariantsRev")
    phrases = {name: dump(name) for name in PHRASE_DICTIONARIES}
    for name, table in phrases.items():
        check_lengths(name, table)
    taiwan = values(st) | values(tw) | set(TRADITIONAL_EXTRA)
    traditional = taiwan | set(ts)
    simplified_tw = simplified_only(st, tw, traditional, "cp950")
    simplified_hk = simplified_only(st, hk, traditional | values(hk), "big5hkscs")
    s2t_phrases = phrases["STPhrases"] | phrases["STPhrases_GeneratedFromRegionalPhrases"]
    context = contextual((simplified_tw, simplified_hk), s2t_phrases)
    return {
        "opencc": opencc.__version__,
        "simplified": {"tw": joined(simplified_tw), "hk": joined(simplified_hk)},
        "traditional": joined(traditional_only(ts, set(st) | values(ts))),
        "taiwan_variants": joined(
            taiwan_variants(
                tw, hk, hk_rev, taiwan | set(simplified_tw), phrases["TWVariantsPhrases"]
            )
        ),
        "probable": {
            "hant": PROBABLE_HANT,
            "hant_not_initial": PROBABLE_HANT_NOT_INITIAL,
            "hans": PROBABLE_HANS,
        },
        "contextual": "".join(context),
    }, {
        key: (phrases["STPhrases"].get(key) or s2t_phrases[key])[0]
        for key in sorted(s2t_phrases)
        if not set(key).isdisjoint(context)
    }


def joined(table: Table) -> dict[str, str]:
    """Readings as one string per character, the usual one first."""
    return {char: "".join(readings) for char, readings in table.items()}


def render() -> dict[Path, str]:
    """The text of each generated file: keys sorted, one entry per line, so diffs stay small."""
    tables, phrases = build()
    return {
        TABLES: json.dumps(tables, ensure_ascii=False, indent=0, sort_keys=True) + "\n",
        PHRASES: "".join(f"{phrase}\t{reading}\n" for phrase, reading in phrases.items()),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    files = render()
    if args.check:
        stale = [path for path, text in files.items() if path.read_text(encoding="utf-8") != text]
        for path in stale:
            print(f"{path.relative_to(ROOT)} is stale: run {Path(__file__).name}", file=sys.stderr)
        return 1 if stale else 0
    DATA.mkdir(parents=True, exist_ok=True)
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
