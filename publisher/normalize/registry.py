"""The one table of prose rules: code, severity, fix availability, languages, check function.

Like ruff's `codes.rs`, every code is listed here once, so `--select`/`--ignore` prefixes, the
documentation and the engine all read the same table. The checks are pure functions in the
family modules; the lambdas here only adapt a record's context to their arguments.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum

from publisher.diagnostics import Severity
from publisher.findings import Finding
from publisher.locales import is_chinese, script_of
from publisher.model import Style
from publisher.normalize import term
from publisher.normalize.term import TermIndex


class FixAvailability(Enum):
    ALWAYS = "always"
    SOMETIMES = "sometimes"
    NEVER = "never"


@dataclass(frozen=True)
class RuleContext:
    """What a prose rule may know about the record it checks."""

    lang: str
    terms: TermIndex
    translations: dict[str, str]
    style: Style


@dataclass(frozen=True)
class ProseRule:
    code: str
    severity: Severity
    fix: FixAvailability
    applies: Callable[[str], bool]
    check: Callable[[str, RuleContext], Iterable[Finding]]

    @property
    def doc(self) -> str:
        return self.check.__doc__ or ""


def _any(lang: str) -> bool:
    return True


def _hant(lang: str) -> bool:
    return script_of(lang) == "Hant"


def _hans(lang: str) -> bool:
    return script_of(lang) == "Hans"


PROSE_RULES: tuple[ProseRule, ...] = (
    ProseRule("term/preferred", "error", FixAvailability.ALWAYS, _any, lambda text, ctx: term.rejected_terms(text, ctx.lang, ctx.terms)),
)

RECORD_CODES = (
    ("campaign/prize-total", "error"),
    ("campaign/period-mismatch", "error"),
)
"""Codes of checks over a record's structured fields (see `publisher.normalize.campaign`)."""

__all__ = ["PROSE_RULES", "RECORD_CODES", "FixAvailability", "ProseRule", "RuleContext", "is_chinese"]
