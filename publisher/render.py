"""Stage 6: a record rendered for one channel: template, platform format, locale, thread parts.

Templates are looked up in the project's `templates/` first, then in the built-in set. For each
tag of the channel's locale chain (zh-Hant-HK, zh-Hant, zh): `<platform>/<name>.<tag>.j2`, then
`<platform>/<name>.j2`, then the same in `_short/` (x, mastodon, bluesky, threads) or `_long/`
(the others). `<name>` is the schedule entry's `template`, or the record's kind.

Each output format has its own sandboxed environment with strict undefined variables, whose
templates are compiled once per run (and cached as bytecode across runs): Telegram's escapes
values as HTML, Discord's escapes Markdown marks in values; values already written in the
format (`record.body`, `record.lead`) go in as they are. A template error is a `render/template`
diagnostic at the template's file and line.

A post renders in its record's own language (its labels too), with figures and dates in the
channel's locale (`publisher.filters`). The finished post is converted to the channel's locale
(OpenCC and the glossary; code and URLs are kept as they are), Discord mentions are defused,
and the post is cut into the parts its platform takes (`publisher.parts`).

Template variables:
- `record`: `id`, `kind`, `lang`, `title`, `summary`, `body` and `lead` (its first line) in the
  platform's format, `link`, `hashtags`, `cashtags`, and for events `links` (by name),
  `period` (`start`, `end` as datetimes in the campaign's zone; `zone` such as UTC+8; `text`,
  the whole window; `end_text`), `prize_pool` (`total`, `pools`) and `rewards`.
- `campaign`: `id`, `name`, `link`, `window` (text); `channel`: `id`, `platform`, `locale`;
  `slot`: `at` (local time), `last_day`; `labels` (`templates/labels.yaml`, by language);
  `tags` (the campaign's and record's hashtags, then cashtags); `locale` (the channel's).
- Filters: `money`, `number`, `date`, `time` (see `publisher.filters`).

Every http(s) link — structured links and those in the body, never code — carries the
campaign's UTM parameters unless `campaign.utm` is false (`publisher.links`).
"""

from __future__ import annotations

import traceback
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from publisher import filters, formats, locales, platforms, timeutil
from publisher.diagnostics import Diagnostic, point_diagnostic
from publisher.links import utm_tagger
from publisher.load import Parsed, SourceFile, parse_yaml, read_source
from publisher.model import Channel, EventRecord, Glossary, Utm
from publisher.parts import Part, cut, whole
from publisher.project import Project, RecordDoc
from publisher.split import UnsplittableError

__all__ = ["Part", "Rendered", "Renderer", "SlotInfo", "last_day", "serving_record"]

BUILTIN_TEMPLATES = Path(__file__).parent / "templates"
SHORT_PLATFORMS = frozenset({"x", "mastodon", "bluesky", "threads"})
_FORMAT = {"telegram": "telegram", "discord": "discord"}


@dataclass(frozen=True)
class SlotInfo:
    """What a template may know about the slot it renders for."""

    at: datetime
    last_day: bool


@dataclass(frozen=True)
class Rendered:
    parts: tuple[Part, ...]
    diagnostics: tuple[Diagnostic, ...]


class _Loader(jinja2.FileSystemLoader):
    """A file loader that reports a template that is not UTF-8 at its file and line."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        try:
            return super().get_source(environment, template)
        except UnicodeDecodeError as exc:
            for folder in self.searchpath:
                path = Path(folder, *template.split("/"))
                if path.is_file():
                    line = path.read_bytes()[: exc.start].count(b"\n") + 1
                    raise jinja2.TemplateSyntaxError(f"not UTF-8 (byte {exc.object[exc.start]:#04x})", line, template, str(path)) from None
            raise


def _discord_value(value: Any) -> Any:
    """Discord shows a value as typed: Markdown marks escaped, unless it is already Markdown."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return formats.escape_discord(value)
    return value


def _make_environment(folders: list[str], target: str) -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        loader=_Loader(folders),
        undefined=jinja2.StrictUndefined,
        autoescape=target == "telegram",
        finalize=_discord_value if target == "discord" else None,
        keep_trailing_newline=False,
        auto_reload=False,
        bytecode_cache=_bytecode_cache(target),
    )
    env.filters.update(filters.FILTERS)
    return env


def _bytecode_cache(target: str) -> jinja2.BytecodeCache | None:
    """Compiled templates kept across runs in the user's private temporary folder (cold start).

    One cache per format: the same file compiles differently with and without autoescaping.
    Without a usable temporary folder, templates are simply compiled each run.
    """
    try:
        return jinja2.FileSystemBytecodeCache(pattern=f"__publisher_{target}_%s.cache")
    except (OSError, RuntimeError):
        return None


class Renderer:
    """Renders posts of one project; templates are compiled once and reused for every post."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.zone = project.zone
        self.window = project.window
        self.folders = [str(p) for p in (project.root / "templates", BUILTIN_TEMPLATES) if p.is_dir()]
        self.labels, label_problems = _load_labels([Path(f) / "labels.yaml" for f in self.folders], project.root)
        self.diagnostics: list[Diagnostic] = list(label_problems)
        """Problems found before any post is rendered (label files)."""
        self.glossary: Glossary = project.glossary
        self._environments: dict[str, SandboxedEnvironment] = {}
        self._templates: dict[tuple[str, str, str], jinja2.Template] = {}
        self._bodies: dict[tuple[str, str, str], tuple[Markup | str, Markup | str]] = {}
        self._periods: dict[tuple[str, str], dict[str, Any] | None] = {}
        self._windows: dict[tuple[str, str], str | None] = {}

    def _environment(self, target: str) -> SandboxedEnvironment:
        if target not in self._environments:
            self._environments[target] = _make_environment(self.folders, target)
        return self._environments[target]

    def template_for(self, channel: Channel, name: str) -> jinja2.Template:
        """The template for a channel (compiled on first use); raises `jinja2.TemplatesNotFound`."""
        key = (channel.platform, channel.locale, name)
        if key not in self._templates:
            family = "_short" if channel.platform in SHORT_PLATFORMS else "_long"
            tags = locales.chain(channel.locale)
            candidates = [
                candidate
                for folder in (channel.platform, family)
                for candidate in (*(f"{folder}/{name}.{tag}.j2" for tag in tags), f"{folder}/{name}.j2")
            ]
            target = _FORMAT.get(channel.platform, "plain")
            self._templates[key] = self._environment(target).select_template(candidates)
        return self._templates[key]

    def render(self, doc: RecordDoc, channel: Channel, name: str, slot: SlotInfo) -> Rendered:
        record = doc.record
        if not locales.can_convert(record.lang, channel.locale):
            message = f"record {record.id!r} is in {record.lang}; channel {channel.id!r} posts {channel.locale} and no translation exists"
            return Rendered((), (self._problem(channel, "locale/missing", message),))
        try:
            template = self.template_for(channel, name)
        except jinja2.TemplatesNotFound as exc:
            message = f"no template {name!r} for platform {channel.platform}: looked for {', '.join(exc.templates)}"
            return Rendered((), (self._problem(channel, "render/template", message),))
        except jinja2.TemplateSyntaxError as exc:
            return Rendered((), (self._template_problem(exc.filename, exc.lineno, exc.message or str(exc)),))
        try:
            text = template.render(self._context(doc, channel, slot))
        except jinja2.TemplateSyntaxError as exc:
            return Rendered((), (self._template_problem(exc.filename, exc.lineno, exc.message or str(exc)),))
        except Exception as exc:
            filename, line = _template_frame(exc, self.folders)
            if filename is None:
                raise
            return Rendered((), (self._template_problem(filename, line, _error_message(exc)),))
        text = self._localize(formats.tidy(text), record.lang, channel.locale)
        if channel.platform == "discord":
            text = formats.neutralize_mentions(text)
        spec = platforms.spec(channel.platform, limit=channel.limit)
        try:
            return Rendered(tuple(cut(text, channel.platform, spec)), ())
        except UnsplittableError as exc:
            return Rendered((whole(text, channel.platform, spec),), (self._problem(channel, "length/over-limit", f"{channel.id}: {exc}"),))

    def _localize(self, text: str, lang: str, locale: str) -> str:
        """The post in the channel's locale; code and URLs stay as they are."""
        text, code = formats.verbatim_spans(text)
        if locales.canonical(lang) == locales.canonical(locale):
            return text
        keep = _merge([*code, *platforms.extract_urls(text)])
        return locales.convert(text, lang, locale, self.glossary, keep)

    def _context(self, doc: RecordDoc, channel: Channel, slot: SlotInfo) -> dict[str, Any]:
        record = doc.record
        config = self.project.config
        campaign = config.campaign if config else None
        labels = self._labels(record.lang)
        tag = self._tagger(channel.platform)
        body, lead = self._body(doc, channel.platform, tag)
        tags = [
            *("#" + t.lstrip("#＃") for t in [*(campaign.hashtags if campaign else []), *record.hashtags]),
            *("$" + t.lstrip("$") for t in [*(campaign.cashtags if campaign else []), *record.cashtags]),
        ]
        values: dict[str, Any] = {
            "id": record.id,
            "kind": record.kind,
            "lang": record.lang,
            "title": record.title,
            "summary": record.summary,
            "body": body,
            "lead": lead,
            "link": tag(record.link) if record.link else None,
            "hashtags": list(record.hashtags),
            "cashtags": list(record.cashtags),
            "links": {},
            "period": None,
            "prize_pool": None,
            "rewards": [],
        }
        if isinstance(record, EventRecord):
            values["links"] = {name: tag(url) for name, url in record.links.items()}
            values["period"] = self._period(record, channel.locale, labels)
            values["prize_pool"] = record.prize_pool
            values["rewards"] = list(record.rewards)
        return {
            "record": values,
            "campaign": {
                "id": self.project.campaign_id,
                "name": campaign.name if campaign else None,
                "link": tag(campaign.link) if campaign and campaign.link else None,
                "window": self._window_text(channel.locale, record.lang, labels),
            },
            "channel": {"id": channel.id, "platform": channel.platform, "locale": channel.locale},
            "slot": {"at": timeutil.local_text(slot.at, self.zone), "last_day": slot.last_day},
            "labels": labels,
            "tags": " ".join(tags),
            "locale": channel.locale,
        }

    def _tagger(self, platform: str) -> formats.Link:
        config = self.project.config
        utm = config.campaign.utm if config else True
        if utm is False:
            return str
        settings = utm if isinstance(utm, Utm) else Utm()
        return utm_tagger(platform, settings.campaign or self.project.campaign_id, medium=settings.medium, domains=settings.domains)

    def _body(self, doc: RecordDoc, platform: str, tag: formats.Link) -> tuple[Markup | str, Markup | str]:
        """The body and its first line, written for the platform (once per record and platform)."""
        target = _FORMAT.get(platform, "plain")
        key = (doc.doc.body, target, platform)
        if key not in self._bodies:
            source = doc.doc.body.strip()
            first_line = source.split("\n\n")[0].split("\n")[0]
            body, lead = formats.render_markdown(source, target, tag), formats.render_markdown(first_line, target, tag)
            wrap = str if target == "plain" else Markup
            self._bodies[key] = (wrap(body), wrap(lead))
        return self._bodies[key]

    def _period(self, record: EventRecord, locale: str, labels: Mapping[str, str]) -> dict[str, Any] | None:
        """The event's period (the campaign window if it has none), in the campaign's zone."""
        key = (record.id, locale)  # labels follow the record's language, fixed by its id
        if key not in self._periods:
            self._periods[key] = self._describe_period(record, locale, labels)
        return self._periods[key]

    def _describe_period(self, record: EventRecord, locale: str, labels: Mapping[str, str]) -> dict[str, Any] | None:
        if record.period is None:
            if self.window is None:
                return None
            start, end = self.window
        else:
            zone = timeutil.parse_zone(record.period.timezone) if record.period.timezone else self.zone
            start = timeutil.parse_datetime(record.period.start, zone)
            end = timeutil.parse_datetime(record.period.end, zone, allow_24=True)
        start, end = start.astimezone(self.zone), end.astimezone(self.zone)
        zone_label = timeutil.offset_label(self.zone, start)
        start_text, end_text = filters.span(start, end, locale)
        return {
            "start": start,
            "end": end,
            "zone": zone_label,
            "text": labels["range"].format(start=start_text, end=end_text, zone=zone_label),
            "end_text": labels["moment"].format(time=filters.moment(end, locale, end=True), zone=zone_label),
        }

    def _window_text(self, locale: str, lang: str, labels: Mapping[str, str]) -> str | None:
        """The campaign window as readers of `locale` write it, in the words of `lang`."""
        window = self.window
        if window is None:
            return None
        if (locale, lang) not in self._windows:
            start, end = window
            start_text, end_text = filters.span(start.astimezone(self.zone), end.astimezone(self.zone), locale)
            self._windows[locale, lang] = labels["range"].format(start=start_text, end=end_text, zone=timeutil.offset_label(self.zone, start))
        return self._windows[locale, lang]

    def _labels(self, lang: str) -> Mapping[str, str]:
        for tag in [*locales.chain(lang), "en"]:
            if tag in self.labels:
                return self.labels[tag]
        return {}

    def _problem(self, channel: Channel, code: str, message: str) -> Diagnostic:
        """A finding about a post, placed at its channel's entry in campaign.yaml."""
        project, line, column = self.project, 1, 1
        file = project.files.get("campaign.yaml")
        if file is not None and project.config is not None and project.config_parsed is not None:
            index = next(i for i, c in enumerate(project.config.channels) if c.id == channel.id)
            line, column = project.position(file, project.config_parsed, ("channels", index))
        return point_diagnostic("campaign.yaml", line, column, code, "error", message)

    def _template_problem(self, filename: str | None, line: int | None, message: str) -> Diagnostic:
        name = _display_template(filename, self.project.root)
        return point_diagnostic(name, line or 1, 1, "render/template", "error", message)


def serving_record(project: Project, post: str, locale: str) -> RecordDoc:
    """The record that speaks `locale` for `post`: a translation in that very locale first,
    then the post itself or a translation that converts to it; the post itself when none does
    (rendering then reports `locale/missing`).

    A translation (`translation_of: <post>`) brings its own title, body and `lang`; structured
    fields it does not set (period, links, prize pool...) are the post's.
    """
    source = project.records[post]
    translations = [project.records[t] for t in project.translations_of(post) if t in project.records]
    candidates = [source, *(_merged(d, source) for d in translations)]
    target = locales.canonical(locale)
    for doc in candidates:
        if locales.canonical(doc.record.lang) == target:
            return doc
    return next((d for d in candidates if locales.can_convert(d.record.lang, locale)), source)


def _merged(translation: RecordDoc, source: RecordDoc) -> RecordDoc:
    if translation.record.kind != source.record.kind:
        return translation
    own = {name: getattr(translation.record, name) for name in translation.record.model_fields_set}
    return RecordDoc(source.record.model_copy(update=own), translation.doc)


def last_day(at: datetime, window_end: datetime, zone: Any) -> bool:
    """Whether `at` falls on the last local day of a window ending at `window_end`."""
    final = (window_end - timedelta(microseconds=1)).astimezone(zone).date()
    return at.astimezone(zone).date() == final


def _load_labels(paths: list[Path], root: Path) -> tuple[dict[str, dict[str, str]], list[Diagnostic]]:
    """Labels by language, a project's over the built-in ones; problems at their lines."""
    labels: dict[str, dict[str, str]] = {}
    problems: list[Diagnostic] = []
    for path in reversed(paths):
        if not path.is_file():
            continue
        file, read_problems = read_source(path, _display_template(str(path), root))
        problems.extend(read_problems)
        if file is None:
            continue
        parsed = parse_yaml(file)
        problems.extend(parsed.diagnostics)
        data = parsed.value if parsed.value is not None else {}
        if not isinstance(data, dict):
            problems.append(point_diagnostic(file.name, 1, 1, "schema/invalid", "error", "expected languages, each with its labels"))
            continue
        for lang, values in data.items():
            if not isinstance(values, dict | None):
                problems.append(_invalid(file, parsed, (lang,), f"{lang}: expected labels (name: text)"))
                continue
            for key, value in (values or {}).items():
                if isinstance(value, str):
                    labels.setdefault(str(lang), {})[str(key)] = value
                else:
                    problems.append(_invalid(file, parsed, (lang, key), f"{lang}.{key}: expected text"))
    return labels, problems


def _invalid(file: SourceFile, parsed: Parsed, path: tuple, message: str) -> Diagnostic:
    span = parsed.source_map.nearest(path)
    line, column = file.index.position(span.start) if span else (1, 1)
    return point_diagnostic(file.name, line, column, "schema/invalid", "error", message)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans with the overlapping ones joined."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _error_message(exc: Exception) -> str:
    if isinstance(exc, jinja2.TemplateNotFound):
        return f"no template {exc.name!r}"
    return str(exc) or type(exc).__name__


def _template_frame(exc: BaseException, folders: list[str]) -> tuple[str | None, int | None]:
    """The innermost template file and line in an error's traceback (Jinja puts them there)."""
    roots = [Path(f).resolve() for f in folders]
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        path = Path(frame.filename)
        if path.is_absolute() and any(path.resolve().is_relative_to(root) for root in roots):
            return frame.filename, frame.lineno
    return None, None


def _display_template(filename: str | None, root: Path) -> str:
    if not filename:
        return "templates"
    path = Path(filename)
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return f"<built-in>/{path.relative_to(BUILTIN_TEMPLATES).as_posix()}" if BUILTIN_TEMPLATES in path.parents else path.as_posix()
