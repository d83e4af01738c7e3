"""Injected versions of the clean script corpus, generated deterministically.

A stray is put where the clean paragraph has its counterpart, so the clean character is the
label: the fix must bring it back. Strays come from converting the whole clean paragraph with
OpenCC (the usual source of strays in real text), and each is labeled with its kind:

- `single`: a Simplified-only (zh-Hans: Traditional-only) character with one reading (还, 鸭);
- `multi`: one with several readings, decided by context (发 for 發 or 髮, 钟 for 鐘 or 鍾);
- `phrase`: a valid character written the other script's way in a known phrase (之后, 由于;
  in zh-Hans 關於, 乾淨);
- `variant`: in Taiwan text, OpenCC's standard form of a Taiwan character (着 for 著).

Where the locale has two standard spellings of a word (Taiwan 濕/溼, 盡量/儘量; Hong Kong
綫/線, 舖/鋪, 盡早/儘早), a fix to either restores the stray: `Stray.accepted` holds both.

Each stray is tried alone in its paragraph, then `ROUNDS` times together with about half of the
paragraph's other strays, chosen by a seeded generator.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from publisher.opencc_cache import converter

CORPUS = Path(__file__).parent
SEED = 20260108
ROUNDS = 4

Kind = Literal["single", "multi", "phrase", "variant"]

# Known phrases in which a valid character is a stray of the other script, and its stray form.
HANT_PHRASES = (
    "之後", "以後", "然後", "最後", "後來", "隨後", "事後", "過後", "由於", "關於", "高於",
    "將於", "在於", "範圍", "製造", "特徵", "放鬆", "鬆餅",
)  # fmt: skip
HANT_PHRASE_STRAYS = {"後": "后", "於": "于", "範": "范", "製": "制", "徵": "征", "鬆": "松"}
HANS_PHRASES = ("将于", "高于", "关于", "干净", "干燥", "干不了")
HANS_PHRASE_STRAYS = {"于": "於", "干": "乾"}

# Words with two standard spellings in the locale, as written in the corpus and the other way.
EQUIVALENT_SPELLINGS = {
    "tw": {"濕": "溼", "盡量": "儘量"},
    "hk": {"綫": "線", "舖": "鋪", "盡早": "儘早"},
}


@dataclass(frozen=True)
class Stray:
    index: int
    stray: str
    clean: str
    kind: Kind
    accepted: frozenset[str] = frozenset()

    def restored_by(self, replacement: str | None) -> bool:
        return replacement == self.clean or replacement in self.accepted


@dataclass(frozen=True)
class Case:
    name: str
    text: str
    strays: tuple[Stray, ...]


def paragraphs(name: str) -> list[str]:
    """The clean paragraphs of `tests/corpus/script/<name>.txt`."""
    lines = (CORPUS / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


def hant_strays(paragraph: str, region: str, tables: Mapping) -> list[Stray]:
    """Every stray that can be put into a clean zh-Hant paragraph of `region` (`tw`, `hk`)."""
    simplified = tables["simplified"][region]
    strays = [
        Stray(i, s, c, "single" if len(simplified[s]) == 1 else "multi")
        for i, (c, s) in enumerate(zip(paragraph, converter("t2s").convert(paragraph)))
        if s != c and s in simplified
    ]
    strays += _phrase_strays(paragraph, HANT_PHRASES, HANT_PHRASE_STRAYS)
    if region == "tw":
        standard = converter("tw2t").convert(paragraph)
        strays += [
            Stray(i, s, c, "variant")
            for i, (c, s) in enumerate(zip(paragraph, standard))
            if s != c and s in tables["taiwan_variants"]
        ]
    return _with_equivalents(paragraph, _distinct(strays), EQUIVALENT_SPELLINGS[region])


def hans_strays(paragraph: str, tables: Mapping) -> list[Stray]:
    """Every stray that can be put into a clean zh-Hans paragraph (from its Taiwan form)."""
    traditional = tables["traditional"]
    strays = [
        Stray(i, t, c, "single" if len(traditional[t]) == 1 else "multi")
        for i, (c, t) in enumerate(zip(paragraph, converter("s2tw").convert(paragraph)))
        if t != c and t in traditional
    ]
    return _distinct(strays + _phrase_strays(paragraph, HANS_PHRASES, HANS_PHRASE_STRAYS))


def cases(name: str, strays_of: Callable[[str], list[Stray]]) -> Iterator[Case]:
    """Each stray of each paragraph alone, then `ROUNDS` seeded mixes per paragraph."""
    rng = random.Random(f"{SEED}:{name}")
    for number, paragraph in enumerate(paragraphs(name), start=1):
        strays = strays_of(paragraph)
        for stray in strays:
            yield _case(f"{name}:{number}:{stray.index}", paragraph, (stray,))
        for round_ in range(ROUNDS):
            mix = tuple(stray for stray in strays if rng.random() < 0.5)
            if mix:
                yield _case(f"{name}:{number}:mix{round_}", paragraph, mix)


def _case(name: str, paragraph: str, strays: tuple[Stray, ...]) -> Case:
    chars = list(paragraph)
    for stray in strays:
        chars[stray.index] = stray.stray
    return Case(name, "".join(chars), strays)


def _phrase_strays(
    paragraph: str, phrases: tuple[str, ...], stray_of: dict[str, str]
) -> list[Stray]:
    strays = []
    for phrase in phrases:
        start = paragraph.find(phrase)
        while start != -1:
            strays += [
                Stray(start + k, stray_of[c], c, "phrase")
                for k, c in enumerate(phrase)
                if c in stray_of
            ]
            start = paragraph.find(phrase, start + 1)
    return strays


def _with_equivalents(
    paragraph: str, strays: list[Stray], spellings: dict[str, str]
) -> list[Stray]:
    accepted: dict[int, set[str]] = {}
    for word, other in spellings.items():
        start = paragraph.find(word)
        while start != -1:
            for k, (a, b) in enumerate(zip(word, other)):
                if a != b:
                    accepted.setdefault(start + k, set()).add(b)
            start = paragraph.find(word, start + 1)
    return [replace(stray, accepted=frozenset(accepted.get(stray.index, ()))) for stray in strays]


def _distinct(strays: list[Stray]) -> list[Stray]:
    """One stray per position, in text order (a phrase stray wins over a character one)."""
    by_index = {stray.index: stray for stray in strays}
    return [by_index[index] for index in sorted(by_index)]
