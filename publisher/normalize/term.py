"""House terminology (`term/preferred`): glossary terms written in a rejected form.

Why is this bad? Readers and search find a company or institution by one name; 奧拉克 for
Oracle reads as a different company. The glossary (`content/glossary.yaml`) is the house's
decision, so its preferred form is the fix.

Example: `奧拉克(Oracle)宣布` in zh-Hant text -> `甲骨文(Oracle)宣布`.

Fix safety: safe — the replacement is approved by the glossary.

Skip cases: a rejected form that is part of a longer preferred or accepted form of any term
(whole terms only); Latin forms match on word boundaries only; masked code, URLs and tags.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import regex

from publisher.findings import Finding
from publisher.locales import preferred_form


@dataclass(frozen=True)
class TermRule:
    """One rejected spelling, the term it belongs to and where the glossary says so."""

    rejected: str
    term: str
    preferred: dict[str, str]
    source: str  # "content/glossary.yaml:12"


@dataclass(frozen=True)
class TermIndex:
    """All rejected spellings compiled into one pattern, plus every approved spelling."""

    rules: dict[str, TermRule]
    pattern: regex.Pattern[str] | None
    approved: regex.Pattern[str] | None


def _alternation(words: Sequence[str]) -> regex.Pattern[str] | None:
    if not words:
        return None
    parts = []
    for word in sorted(set(words), key=len, reverse=True):
        escaped = regex.escape(word)
        if word[:1].isascii() and word[:1].isalnum():
            escaped = r"(?<![\p{Latin}\d])" + escaped
        if word[-1:].isascii() and word[-1:].isalnum():
            escaped += r"(?![\p{Latin}\d])"
        parts.append(escaped)
    return regex.compile("|".join(parts))


def build_index(rules: Sequence[TermRule], approved: Sequence[str]) -> TermIndex:
    return TermIndex(
        {r.rejected: r for r in rules},
        _alternation([r.rejected for r in rules]),
        _alternation(approved),
    )


def rejected_terms(text: str, lang: str, index: TermIndex) -> Iterator[Finding]:
    if index.pattern is None:
        return
    approved_spans = (
        [m.span() for m in index.approved.finditer(text, overlapped=True)] if index.approved else []
    )
    for match in index.pattern.finditer(text):
        start, end = match.span()
        if any(a <= start and end <= b and (a, b) != (start, end) for a, b in approved_spans):
            continue
        rule = index.rules[match.group()]
        preferred = preferred_form(rule.preferred, lang)
        if preferred is None or preferred == match.group():
            continue
        yield Finding(
            start,
            end,
            f"{match.group()} is not the house term for {rule.term} in {lang}; use {preferred} (glossary {rule.source})",
            preferred,
            True,
        )
