"""Run every rule over a loaded project and place each finding in its file."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from publisher.diagnostics import Diagnostic, Fix, span_diagnostic
from publisher.findings import Finding
from publisher.locales import preferred_form
from publisher.model import Style
from publisher.normalize import campaign
from publisher.normalize.registry import PROSE_RULES, ProseRule, RuleContext
from publisher.normalize.term import TermIndex, TermRule, build_index
from publisher.load import SourceFile
from publisher.project import GLOSSARY_FILE, Project
from publisher.prose import Segment, record_segments


def lint(project: Project) -> list[Diagnostic]:
    """Load and schema findings plus every rule's findings, for all records."""
    diagnostics = list(project.diagnostics)
    terms = term_index(project)
    style = project.config.style if project.config else Style()
    for doc in project.records.values():
        lang = doc.record.lang
        context = RuleContext(lang, terms, translations(project, lang), style)
        rules = [rule for rule in PROSE_RULES if rule.applies(lang)]
        for segment in record_segments(doc.doc):
            for rule in rules:
                diagnostics.extend(_place(doc.file, segment, rule, rule.check(segment.text, context)))
        diagnostics.extend(campaign.check_record(doc, project))
    return diagnostics


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

