"""Run every rule over a project and place each finding in its file.

`lint` works on a loaded project (fix and plan need every record in memory); `check_stream`
reads one record at a time and yields its findings before reading the next, so checking a
large corpus takes memory for one record, not for all of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from publisher.diagnostics import Diagnostic, Fix, span_diagnostic
from publisher.findings import Finding
from publisher.locales import preferred_form
from publisher.model import Style
from publisher.normalize import campaign, number
from publisher.normalize.registry import PROSE_RULES, ProseRule, RuleContext
from publisher.normalize.term import TermIndex, TermRule, build_index
from publisher.load import SourceFile
from publisher.project import GLOSSARY_FILE, Project, RecordDoc, RecordIndex, load_project, load_skeleton, read_records, reference_checks
from publisher.prose import Segment, mask, record_segments


class Linter:
    """Every rule, set up once per project (term index, translations, house style)."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.terms = term_index(project)
        self.style = project.config.style if project.config else Style()
        self._contexts: dict[str, tuple[RuleContext, list[ProseRule]]] = {}

    def _context(self, lang: str) -> tuple[RuleContext, list[ProseRule]]:
        if lang not in self._contexts:
            context = RuleContext(lang, self.terms, translations(self.project, lang), self.style)
            self._contexts[lang] = (context, [rule for rule in PROSE_RULES if rule.applies(lang)])
        return self._contexts[lang]

    def record(self, doc: RecordDoc) -> list[Diagnostic]:
        context, rules = self._context(doc.record.lang)
        diagnostics: list[Diagnostic] = []
        for segment in record_segments(doc.doc):
            for rule in rules:
                diagnostics.extend(_place(doc.file, segment, rule, rule.check(segment.text, context)))
        diagnostics.extend(campaign.check_record(doc, self.project))
        return diagnostics


def lint(project: Project) -> list[Diagnostic]:
    """Load and schema findings plus every rule's findings, for all records."""
    linter = Linter(project)
    diagnostics = list(project.diagnostics)
    for doc in project.records.values():
        diagnostics.extend(linter.record(doc))
    diagnostics.extend(variant_checks(project))
    return diagnostics


def variant_checks(project: Project) -> Iterator[Diagnostic]:
    """`number/variant`: a translation whose figures disagree with its original's (both loaded).

    Reported on the translation, naming the original's figure by file, line and column.
    """
    for record_id, ref in sorted(project.translation_refs.items()):
        original, translation = project.records.get(ref.original), project.records.get(record_id)
        if original is None or translation is None:
            continue
        a, b = original.doc, translation.doc
        for conflict in number.variant_conflicts(mask(a.body), mask(b.body)):
            line, column = a.file.index.position(a.body_offset + conflict.related_start)
            about = f" ({conflict.subject})" if conflict.subject else ""
            message = f"{conflict.text}{about} disagrees with {conflict.related_text} in the original, {a.file.name}:{line}:{column}"
            start, end = b.body_offset + conflict.start, b.body_offset + conflict.end
            yield span_diagnostic(b.file.name, b.file.index, start, end, number.VARIANT, "warning", message)


def check_stream(root: Path) -> Iterator[list[Diagnostic]]:
    """Every finding of `publish check`, one batch per file, records read one at a time.

    The campaign's own findings come first, then each record's, then what the schedule and
    the rendered posts need (computed over the scheduled records only).
    """
    from publisher.plan import build_plan  # the plan stage comes after this one

    project = load_skeleton(root)
    yield project.diagnostics
    linter = Linter(project)
    for doc, problems in read_records(project):
        yield problems + (linter.record(doc) if doc is not None else [])
    yield list(reference_checks(project))
    index = RecordIndex.of(project)
    if index.translations:
        pairs = {i for t, ref in index.translations.items() for i in (t, ref.original)}
        yield list(variant_checks(load_project(root, only=pairs, index=index)))
    if project.config is not None:
        scheduled = index.with_translations({entry.post for entry in project.config.schedule})
        plan = build_plan(root, only=scheduled, index=index)
        yield plan.schedule_diagnostics + plan.post_diagnostics


def _place(file: SourceFile, segment: Segment, rule: ProseRule, findings: Iterable[Finding]) -> Iterator[Diagnostic]:
    """Findings of one segment as diagnostics at file positions (see `Segment.exact`)."""
    for finding in findings:
        if segment.exact:
            start, end = segment.offset + finding.start, segment.offset + finding.end
        else:
            start = end = segment.offset
        fix = Fix(finding.replacement, finding.safe) if finding.replacement is not None and segment.exact else None
        message = finding.describe(lambda offset: file.index.position(segment.offset + offset)) if segment.exact else finding.message
        yield span_diagnostic(file.name, file.index, start, end, rule.code, rule.severity, message, fix)


def term_index(project: Project) -> TermIndex:
    """The glossary's rejected spellings, each with the glossary line that rejects it."""
    rules: list[TermRule] = []
    approved: list[str] = []
    file = project.files.get(GLOSSARY_FILE)
    for i, entry in enumerate(project.glossary.terms):
        line = project.position(file, project.glossary_parsed, ("terms", i))[0] if file and project.glossary_parsed else 0
        source = f"{GLOSSARY_FILE}:{line}"
        rules.extend(TermRule(word, entry.name, dict(entry.preferred), source) for word in entry.reject)
        approved.extend([*entry.preferred.values(), *entry.accept])
    return build_index(rules, approved)


def translations(project: Project, lang: str) -> dict[str, str]:
    """Approved translations into `lang`: foreign source segment -> its text in `lang`."""
    result = {}
    for entry in project.glossary.translations:
        target = preferred_form(entry.target, lang)
        if target is not None:
            result[entry.source] = target
    return result

