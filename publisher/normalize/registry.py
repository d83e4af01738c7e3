"""The one table of prose rules: code, severity, fix availability, languages, check function.

Like ruff's `codes.rs`, every code is listed here once, so `--select`/`--ignore` prefixes, the
documentation and the engine all read the same table. The checks are pure functions in the
family modules; the lambdas here only adapt a record's context to their arguments.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import Enum

from publisher.diagnostics import Severity
from publisher.findings import Finding
from publisher.locales import is_chinese, region_of, script_of
from publisher.model import Style
from publisher.normalize import lang, number, punct, script, term
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
    translations: Mapping[str, str]
    style: Style


@dataclass(frozen=True)
class ProseRule:
    code: str
    severity: Severity
    fix: FixAvailability
    applies: Callable[[str], bool]
    check: Callable[[str, RuleContext], Iterable[Finding]]


def _any(tag: str) -> bool:
    return True


def _hant(tag: str) -> bool:
    return script_of(tag) == "Hant"


def _hans(tag: str) -> bool:
    return script_of(tag) == "Hans"


PROSE_RULES: tuple[ProseRule, ...] = (
    ProseRule("script/stray-simplified", "error", FixAvailability.SOMETIMES, _hant,
              lambda text, ctx: script.stray_simplified(text, region_of(ctx.lang))),
    ProseRule("script/stray-traditional", "error", FixAvailability.SOMETIMES, _hans,
              lambda text, ctx: script.stray_traditional(text)),
    ProseRule("lang/foreign-segment", "error", FixAvailability.SOMETIMES, _any,
              lambda text, ctx: lang.foreign_segments(text, ctx.lang, ctx.translations)),
    ProseRule("term/preferred", "error", FixAvailability.ALWAYS, _any,
              lambda text, ctx: term.rejected_terms(text, ctx.lang, ctx.terms)),
    ProseRule("punct/width", "warning", FixAvailability.ALWAYS, is_chinese,
              lambda text, ctx: punct.half_width(text, ctx.lang)),
    ProseRule("punct/doubled-bracket", "error", FixAvailability.SOMETIMES, _any,
              lambda text, ctx: punct.doubled_bracket(text, ctx.lang)),
    ProseRule("punct/quotes", "warning", FixAvailability.ALWAYS, is_chinese,
              lambda text, ctx: punct.quote_style(text, ctx.lang)),
    ProseRule("punct/ellipsis", "warning", FixAvailability.ALWAYS, is_chinese,
              lambda text, ctx: punct.ellipsis(text, ctx.lang)),
    ProseRule("punct/dash", "warning", FixAvailability.ALWAYS, is_chinese,
              lambda text, ctx: punct.dash(text, ctx.lang)),
    ProseRule("punct/spacing", "warning", FixAvailability.ALWAYS, is_chinese,
              lambda text, ctx: punct.cjk_latin_spacing(text, ctx.style.cjk_latin_spacing)),
    ProseRule("number/conflict", "warning", FixAvailability.NEVER, _any,
              lambda text, ctx: number.figure_conflicts(text, ctx.lang)),
)
