"""Stage 4: locale tags and locale variants of a text (zh-Hant ⇄ zh-Hans, Taiwan and Hong Kong usage).

A variant is produced from the *normalized* source text: OpenCC converts the script and the
regional phrasing, and the glossary decides house terms (聯準會 → 美联储, not OpenCC's 联准会).
Glossary terms are swapped for private-use placeholders before OpenCC runs, so OpenCC can
neither split nor re-convert them, then replaced by the target locale's preferred form.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache

import regex

from publisher.model import Glossary
from publisher.opencc_cache import converter

_CANONICAL = {
    "zh": "zh-Hans",
    "zh-CN": "zh-Hans",
    "zh-SG": "zh-Hans",
    "zh-Hans-CN": "zh-Hans",
    "zh-Hant": "zh-Hant-TW",
    "zh-TW": "zh-Hant-TW",
    "zh-HK": "zh-Hant-HK",
    "zh-MO": "zh-Hant-HK",
    "zh-Hant-MO": "zh-Hant-HK",
}

# OpenCC configurations from one canonical Chinese locale to another.
_OPENCC = {
    ("zh-Hant-TW", "zh-Hans"): ("tw2s",),
    ("zh-Hant-HK", "zh-Hans"): ("hk2s",),
    ("zh-Hans", "zh-Hant-TW"): ("s2tw",),
    ("zh-Hans", "zh-Hant-HK"): ("s2hk",),
    ("zh-Hant-TW", "zh-Hant-HK"): ("tw2t", "t2hk"),
    ("zh-Hant-HK", "zh-Hant-TW"): ("hk2t", "t2tw"),
}

# Quote marks follow the target script's convention: 「」『』 in Traditional, “”‘’ in Simplified.
# ’ is also an apostrophe (Oracle’s), so single quotes are only converted towards Simplified.
_QUOTES = {
    "Hans": (("「", "“"), ("」", "”"), ("『", "‘"), ("』", "’")),
    "Hant": (("“", "「"), ("”", "」")),
}

_PLACEHOLDER_BASE = 0xF0000  # Supplementary Private Use Area-A: never in real text


def canonical(lang: str) -> str:
    """The locale whose usage a tag means: zh-Hant follows Taiwan usage (zh-Hant-TW)."""
    return _CANONICAL.get(lang, lang)


def chain(lang: str) -> list[str]:
    """Tags to look a locale up by, most specific first: zh-Hant-HK, zh-Hant, zh."""
    tags = [lang]
    for tag in (canonical(lang), *_parents(canonical(lang))):
        if tag not in tags:
            tags.append(tag)
    return tags


def _parents(tag: str) -> list[str]:
    parts = tag.split("-")
    return ["-".join(parts[:i]) for i in range(len(parts) - 1, 0, -1)]


def is_chinese(lang: str) -> bool:
    return lang == "zh" or lang.startswith("zh-")


def script_of(lang: str) -> str | None:
    """`Hant` or `Hans` for Chinese locales, None for others."""
    if not is_chinese(lang):
        return None
    return "Hant" if canonical(lang).startswith("zh-Hant") else "Hans"


def region_of(lang: str) -> str:
    """`hk` for Hong Kong usage, `tw` for other Traditional Chinese."""
    return "hk" if canonical(lang) == "zh-Hant-HK" else "tw"


def preferred_form(forms: Mapping[str, str], lang: str) -> str | None:
    """The glossary form for `lang`, falling back along its chain (zh-Hant-HK → zh-Hant)."""
    for tag in chain(lang):
        if tag in forms:
            return forms[tag]
    for tag, form in forms.items():
        if canonical(tag) == canonical(lang):
            return form
    return None


def can_convert(source: str, target: str) -> bool:
    """Whether a text in `source` can be turned into `target` without a translator."""
    source, target = canonical(source), canonical(target)
    return source == target or (source, target) in _OPENCC


def convert(text: str, source: str, target: str, glossary: Glossary, keep: Sequence[tuple[int, int]] = ()) -> str:
    """`text` written in `source`, as readers of `target` expect it.

    The spans in `keep` (sorted, not overlapping: code, URLs) come out exactly as they went in.
    """
    source_c, target_c = canonical(source), canonical(target)
    if source_c == target_c:
        return text
    configs = _OPENCC.get((source_c, target_c))
    if configs is None:
        raise ValueError(f"cannot convert {source} text to {target}")
    pattern, targets = _term_table(glossary, source, target)
    protected, replacements = _protect(text, pattern, targets, keep)
    for name in configs:
        protected = converter(name).convert(protected)
    for mark, replacement in _QUOTES[script_of(target_c)]:
        protected = protected.replace(mark, replacement)
    return _restore(protected, replacements)


def _protect(
    text: str, pattern: regex.Pattern[str] | None, targets: Mapping[str, str], keep: Sequence[tuple[int, int]]
) -> tuple[str, list[str]]:
    """`text` with glossary terms and kept spans swapped for placeholders, and what they stand for."""
    replacements: list[str] = []

    def placeholder(value: str) -> str:
        replacements.append(value)
        return chr(_PLACEHOLDER_BASE + len(replacements) - 1)

    def terms(piece: str) -> str:
        return pattern.sub(lambda m: placeholder(targets[m.group()]), piece) if pattern is not None else piece

    out: list[str] = []
    position = 0
    for start, end in keep:
        out.append(terms(text[position:start]))
        out.append(placeholder(text[start:end]))
        position = end
    out.append(terms(text[position:]))
    return "".join(out), replacements


def _restore(text: str, replacements: Sequence[str]) -> str:
    if not replacements:
        return text
    return regex.sub(
        "[\U000f0000-\U000ffffd]",
        lambda m: replacements[ord(m.group()) - _PLACEHOLDER_BASE],
        text,
    )


@lru_cache(maxsize=64)
def _cached_table(key: tuple[tuple[str, str], ...]) -> regex.Pattern[str] | None:
    if not key:
        return None
    words = sorted({w for w, _ in key}, key=len, reverse=True)
    return regex.compile("|".join(regex.escape(w) for w in words))


def _term_table(glossary: Glossary, source: str, target: str) -> tuple[regex.Pattern[str] | None, dict[str, str]]:
    """Source spellings of every glossary term that has a form for `target`."""
    targets: dict[str, str] = {}
    for term in glossary.terms:
        wanted = preferred_form(term.preferred, target)
        if wanted is None:
            continue
        spellings = [preferred_form(term.preferred, source), *term.accept]
        for spelling in spellings:
            if spelling and spelling not in targets:
                targets[spelling] = wanted
    return _cached_table(tuple(sorted(targets.items()))), targets
