"""A campaign project on disk: `campaign.yaml`, `content/*.md`, `content/glossary.yaml`.

`load_project` reads and validates everything at once and never raises for bad content: each
problem is a diagnostic. Only a missing project folder or `campaign.yaml` is a usage error.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone, tzinfo
from functools import cached_property
from pathlib import Path

from publisher import timeutil
from publisher.diagnostics import Diagnostic, point_diagnostic
from publisher.errors import UsageError
from publisher.load import FrontMatterDocument, Parsed, SourceFile, iter_record_paths, parse_yaml, read_source, split_front_matter
from publisher.model import (
    ArticleRecord,
    CampaignFile,
    EventRecord,
    Glossary,
    RecordFile,
    validate,
)

CAMPAIGN_FILE = "campaign.yaml"
CONTENT_DIR = "content"
GLOSSARY_FILE = "content/glossary.yaml"

Record = EventRecord | ArticleRecord


@dataclass
class RecordDoc:
    """A validated record with the document it came from (for positions and prose)."""

    record: Record
    doc: FrontMatterDocument

    @property
    def file(self) -> SourceFile:
        return self.doc.file


@dataclass(frozen=True)
class TranslationRef:
    """Where a record says it translates another: checked once every record id is known."""

    original: str
    file: str
    line: int
    column: int


@dataclass
class Project:
    root: Path
    overrides: dict[str, str] = field(default_factory=dict)
    files: dict[str, SourceFile] = field(default_factory=dict)
    config: CampaignFile | None = None
    config_parsed: Parsed | None = None
    records: dict[str, RecordDoc] = field(default_factory=dict)
    glossary: Glossary = field(default_factory=Glossary)
    glossary_parsed: Parsed | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    record_files: dict[str, str] = field(default_factory=dict)
    """Every valid record id read so far -> its file, kept or not."""
    record_kinds: dict[str, str] = field(default_factory=dict)
    translation_refs: dict[str, TranslationRef] = field(default_factory=dict)
    """Records that are a translation (`translation_of`), by their own id."""
    invalid_records: set[str] = field(default_factory=set)
    """Ids of records that exist but failed validation (already reported at their own lines)."""

    def source(self, path: Path, problems: list[Diagnostic] | None = None, *, keep: bool = True) -> SourceFile | None:
        """Read a project file (or its in-memory override); `keep` remembers it in `files`."""
        name = path.relative_to(self.root).as_posix()
        file, found = read_source(path, name, self.overrides.get(name))
        (self.diagnostics if problems is None else problems).extend(found)
        if file is not None and keep:
            self.files[name] = file
        return file

    def translations_of(self, record_id: str) -> list[str]:
        """Ids of the records that translate `record_id`, in id order."""
        return sorted(t for t, ref in self.translation_refs.items() if ref.original == record_id)

    @cached_property
    def zone(self) -> tzinfo:
        return timeutil.parse_zone(self.config.campaign.timezone) if self.config else timezone.utc

    @cached_property
    def window(self) -> tuple[datetime, datetime] | None:
        if self.config is None:
            return None
        w = self.config.campaign.window
        return (
            timeutil.parse_datetime(w.start, self.zone),
            timeutil.parse_datetime(w.end, self.zone, allow_24=True),
        )

    @property
    def campaign_id(self) -> str:
        if self.config and self.config.campaign.id:
            return self.config.campaign.id
        return self.root.resolve().name

    def locales(self) -> list[str]:
        if self.config is None:
            return []
        if self.config.campaign.locales:
            return list(self.config.campaign.locales)
        return sorted({c.locale for c in self.config.channels})

    def position(self, file: SourceFile, parsed: Parsed, path: tuple) -> tuple[int, int]:
        span = parsed.source_map.nearest(path)
        return file.index.position(span.start) if span else (1, 1)


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above `start` that holds `campaign.yaml`."""
    start = start.resolve()
    for folder in [start, *start.parents] if start.is_dir() else start.parents:
        if (folder / CAMPAIGN_FILE).is_file():
            return folder
    return None


def load_skeleton(root: Path, overrides: Mapping[str, str] | None = None) -> Project:
    """A project with its campaign and glossary loaded, and no records yet."""
    if not root.is_dir():
        raise UsageError(f"project folder {str(root)!r} does not exist")
    if not (root / CAMPAIGN_FILE).is_file():
        raise UsageError(f"no {CAMPAIGN_FILE} in {str(root)!r}: point --project at the campaign folder")
    project = Project(root, overrides=dict(overrides or {}))
    campaign_file = project.source(root / CAMPAIGN_FILE)
    if campaign_file is not None:
        parsed = parse_yaml(campaign_file)
        project.diagnostics.extend(parsed.diagnostics)
        project.config, problems = validate(CampaignFile, parsed, campaign_file)
        project.config_parsed = parsed
        project.diagnostics.extend(problems)
        if project.config is not None:
            project.diagnostics.extend(_campaign_checks(project, campaign_file, parsed))

    glossary_path = root / GLOSSARY_FILE
    if glossary_path.is_file():
        glossary_file = project.source(glossary_path)
        if glossary_file is not None:
            parsed = parse_yaml(glossary_file)
            project.diagnostics.extend(parsed.diagnostics)
            glossary, problems = validate(Glossary, parsed, glossary_file)
            project.diagnostics.extend(problems)
            project.glossary = glossary or Glossary()
            project.glossary_parsed = parsed
    return project


def read_records(project: Project, paths: Iterable[Path] | None = None) -> Iterator[tuple[RecordDoc | None, list[Diagnostic]]]:
    """Each record file (of `paths`, default all) in turn, validated, with its findings.

    Nothing is kept in `project` but the id index (`record_files`, `invalid_records`), so a
    large corpus streams through.
    """
    for path in iter_record_paths(project.root / CONTENT_DIR) if paths is None else paths:
        problems: list[Diagnostic] = []
        file = project.source(path, problems, keep=False)
        if file is None:
            yield None, problems
            continue
        doc = split_front_matter(file)
        problems.extend(doc.meta.diagnostics)
        wrapped, invalid = validate(RecordFile, doc.meta, file, wrap="record")
        problems.extend(invalid)
        if wrapped is None:
            if isinstance(doc.meta.value, dict) and isinstance(doc.meta.value.get("id"), str):
                project.invalid_records.add(doc.meta.value["id"])
            yield None, problems
            continue
        record = wrapped.record
        if record.id in project.record_files:
            line, column = project.position(file, doc.meta, ("id",))
            message = f"id: duplicate record id {record.id!r} (also in {project.record_files[record.id]})"
            problems.append(point_diagnostic(file.name, line, column, "schema/invalid", "error", message))
            yield None, problems
            continue
        project.record_files[record.id] = file.name
        project.record_kinds[record.id] = record.kind
        if record.translation_of is not None:
            line, column = project.position(file, doc.meta, ("translation_of",))
            project.translation_refs[record.id] = TranslationRef(record.translation_of, file.name, line, column)
        problems.extend(_record_checks(project, record, doc))
        yield RecordDoc(record, doc), problems


def load_project(
    root: Path,
    overrides: Mapping[str, str] | None = None,
    *,
    only: Collection[str] | None = None,
    index: RecordIndex | None = None,
) -> Project:
    """Load and validate a project; `overrides` replaces file texts by display name (fixes in memory).

    With `only`, just those records are kept (with their findings). Every record file is read
    to learn which ids exist, unless `index` (from an earlier full read) says it.
    """
    project = load_skeleton(root, overrides)
    paths = None
    if only is not None and index is not None:
        paths = [root / index.files[i] for i in sorted(only) if i in index.files]
    for doc, problems in read_records(project, paths):
        if doc is None:
            if only is None:
                project.diagnostics.extend(problems)
            continue
        if only is None or doc.record.id in only:
            project.records[doc.record.id] = doc
            project.files[doc.file.name] = doc.file
            project.diagnostics.extend(problems)
    if index is not None:
        for record_id, name in index.files.items():
            project.record_files.setdefault(record_id, name)
        project.record_kinds = {**index.kinds, **project.record_kinds}
        project.translation_refs = {**index.translations, **project.translation_refs}
    project.diagnostics.extend(reference_checks(project))
    return project


def _campaign_checks(project: Project, file: SourceFile, parsed: Parsed) -> Iterator[Diagnostic]:
    config = project.config
    assert config is not None
    start, end = project.window  # type: ignore[misc]
    if end <= start:
        line, column = project.position(file, parsed, ("campaign", "window", "end"))
        yield point_diagnostic(file.name, line, column, "schema/invalid", "error", f"campaign.window.end: {config.campaign.window.end} is not after the start {config.campaign.window.start}")
    seen: set[str] = set()
    for i, channel in enumerate(config.channels):
        if channel.id in seen:
            line, column = project.position(file, parsed, ("channels", i, "id"))
            yield point_diagnostic(file.name, line, column, "schema/invalid", "error", f"channels[{i}].id: duplicate channel id {channel.id!r}")
        seen.add(channel.id)
        if channel.platform == "webhook" and not channel.url_env:
            line, column = project.position(file, parsed, ("channels", i))
            yield point_diagnostic(file.name, line, column, "schema/invalid", "error", f"channels[{i}]: a webhook channel needs `url_env`, the environment variable holding its URL")


def _record_checks(project: Project, record: Record, doc: FrontMatterDocument) -> Iterator[Diagnostic]:
    if isinstance(record, EventRecord) and record.period is not None:
        zone = timeutil.parse_zone(record.period.timezone) if record.period.timezone else project.zone
        start = timeutil.parse_datetime(record.period.start, zone)
        end = timeutil.parse_datetime(record.period.end, zone, allow_24=True)
        if end <= start:
            line, column = project.position(doc.file, doc.meta, ("period", "end"))
            yield point_diagnostic(doc.file.name, line, column, "schema/invalid", "error", f"period.end: {record.period.end} is not after the start {record.period.start}")


@dataclass(frozen=True)
class RecordIndex:
    """What a full read of the records learned, so later loads can read only some of them."""

    files: dict[str, str]
    kinds: dict[str, str]
    translations: dict[str, TranslationRef]

    @classmethod
    def of(cls, project: Project) -> RecordIndex:
        return cls(dict(project.record_files), dict(project.record_kinds), dict(project.translation_refs))

    def with_translations(self, ids: Collection[str]) -> set[str]:
        """`ids` and every record that translates one of them."""
        return set(ids) | {t for t, ref in self.translations.items() if ref.original in ids}


def reference_checks(project: Project) -> Iterator[Diagnostic]:
    """References between files, once every record was read: translations name a record of
    their kind; schedule entries name known records and channels."""
    for record_id, ref in sorted(project.translation_refs.items()):
        if ref.original not in project.record_kinds:
            if ref.original not in project.invalid_records:
                known = ", ".join(sorted(project.record_files)) or "none"
                yield point_diagnostic(ref.file, ref.line, ref.column, "schema/invalid", "error", f"translation_of: unknown record {ref.original!r} (records: {known})")
        elif project.record_kinds[ref.original] != project.record_kinds[record_id]:
            kind = project.record_kinds[ref.original]
            yield point_diagnostic(ref.file, ref.line, ref.column, "schema/invalid", "error", f"translation_of: {ref.original!r} is an {kind}; a translation has the same kind")
    config, parsed = project.config, project.config_parsed
    file = project.files.get(CAMPAIGN_FILE)
    if config is None or parsed is None or file is None:
        return
    channel_ids = {c.id for c in config.channels}
    for i, entry in enumerate(config.schedule):
        if entry.post not in project.record_files and entry.post not in project.invalid_records:
            line, column = project.position(file, parsed, ("schedule", i, "post"))
            known = ", ".join(sorted(project.record_files)) or "none"
            yield point_diagnostic(file.name, line, column, "schema/invalid", "error", f"schedule[{i}].post: unknown record {entry.post!r} (records: {known})")
        for j, channel in enumerate(entry.channels or []):
            if channel not in channel_ids:
                line, column = project.position(file, parsed, ("schedule", i, "channels", j))
                known = ", ".join(sorted(channel_ids)) or "none"
                yield point_diagnostic(file.name, line, column, "schema/invalid", "error", f"schedule[{i}].channels[{j}]: unknown channel {channel!r} (channels: {known})")
        if entry.at is None and entry.every is None:
            line, column = project.position(file, parsed, ("schedule", i))
            yield point_diagnostic(file.name, line, column, "schema/invalid", "error", f"schedule[{i}]: give `at` (a time) or `every` (a recurrence)")
