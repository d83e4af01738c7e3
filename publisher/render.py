"""Stage 6: a record rendered for one channel: template, platform format, locale, thread parts.

Templates are looked up in the project's `templates/` first, then in the built-in set:
`<platform>/<name>.<locale>.j2`, `<platform>/<name>.j2`, then `_short/` or `_long/`
(`<name>` is the schedule entry's `template`, or the record's kind). They run sandboxed with
strict undefined variables; Telegram templates are autoescaped, since Telegram reads HTML.

A template renders in the record's own language; the finished post is then converted to the
channel's locale (zh-Hant -> zh-Hans by OpenCC and the glossary), measured in the platform's
unit and split into a numbered thread where it is over the limit.
"""

from __future__ import annotations

import html
import re
import traceback
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import jinja2
import yaml
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from publisher import locales, platforms, timeutil
from publisher.diagnostics import Diagnostic, point_diagnostic
from publisher.formats import render_markdown
from publisher.model import Channel, EventRecord, Glossary
from publisher.project import Project, RecordDoc
from publisher.split import UnsplittableError, split_post

BUILTIN_TEMPLATES = Path(__file__).parent / "templates"
SHORT_PLATFORMS = frozenset({"x", "mastodon", "bluesky", "threads"})
_FORMAT = {"telegram": "telegram", "discord": "discord"}
_TAG_RE = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Part:
    text: str
    length: int
    limit: int


@dataclass(frozen=True)
class SlotInfo:
    """What a template may know about the slot it renders for."""

    at: datetime
    last_day: bool


@dataclass(frozen=True)
class Rendered:
    parts: tuple[Part, ...]
    diagnostics: tuple[Diagnostic, ...]


class Renderer:
    """Renders posts of one project; templates are compiled once and reused for every post."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.zone = project.zone
        folders = [str(p) for p in (project.root / "templates", BUILTIN_TEMPLATES) if p.is_dir()]
        self.env = SandboxedEnvironment(
            loader=jinja2.FileSystemLoader(folders),
            undefined=jinja2.StrictUndefined,
            autoescape=lambda name: bool(name) and name.startswith("telegram/"),
            keep_trailing_newline=False,
        )
        self.labels = _load_labels([Path(f) / "labels.yaml" for f in folders])
        self.glossary: Glossary = project.glossary

    def template_for(self, channel: Channel, name: str) -> jinja2.Template:
        family = "_short" if channel.platform in SHORT_PLATFORMS else "_long"
        candidates = [
            f"{channel.platform}/{name}.{channel.locale}.j2",
            f"{channel.platform}/{name}.j2",
            f"{family}/{name}.{channel.locale}.j2",
            f"{family}/{name}.j2",
        ]
        return self.env.select_template(candidates)

    def render(self, doc: RecordDoc, channel: Channel, name: str, slot: SlotInfo) -> Rendered:
        record = doc.record
        problems: list[Diagnostic] = []
        if not locales.can_convert(record.lang, channel.locale):
            problems.append(self._problem(channel, "locale/missing", f"record {record.id!r} is in {record.lang}; channel {channel.id!r} posts {channel.locale} and no translation exists"))
            return Rendered((), tuple(problems))
        try:
            template = self.template_for(channel, name)
            text = template.render(self._context(doc, channel, slot))
        except jinja2.TemplateSyntaxError as exc:
            return Rendered((), (self._template_problem(exc.filename, exc.lineno, exc.message or str(exc)),))
        except jinja2.TemplatesNotFound as exc:
            return Rendered((), (self._problem(channel, "render/template", f"no template {name!r} for platform {channel.platform}: looked for {', '.join(exc.templates)}"),))
        except (jinja2.UndefinedError, jinja2.exceptions.SecurityError, TypeError, ValueError) as exc:
            filename, line = _template_frame(exc)
            return Rendered((), (self._template_problem(filename, line, str(exc)),))
        text = _tidy(text)
        text = locales.convert(text, record.lang, channel.locale, self.glossary)
        spec = platforms.spec(channel.platform, limit=channel.limit)
        visible = _visible if channel.platform == "telegram" else (lambda t: t)
        try:
            pieces = split_post(text, lambda t: spec.fits(visible(t)))
        except UnsplittableError as exc:
            pieces = [text]
            problems.append(self._problem(channel, "length/over-limit", f"{channel.id}: {exc}"))
        parts = tuple(Part(p, spec.measure(visible(p)), spec.limit) for p in pieces)
        for i, part in enumerate(parts, 1):
            if not spec.fits(visible(part.text)) and not problems:
                problems.append(self._problem(channel, "length/over-limit", f"{channel.id}: part {i} of {record.id!r} is {part.length}/{part.limit} on {channel.platform}"))
        return Rendered(parts, tuple(problems))

    def _context(self, doc: RecordDoc, channel: Channel, slot: SlotInfo) -> dict[str, Any]:
        record = doc.record
        config = self.project.config
        campaign = config.campaign if config else None
        labels = self._labels(record.lang)
        utm = _utm_adder(channel.platform, self.project.campaign_id) if campaign is None or campaign.utm else (lambda url: url)
        target = _FORMAT.get(channel.platform, "plain")
        body = render_markdown(doc.doc.body, target)
        lead = render_markdown(doc.doc.body.strip().split("\n\n")[0].split("\n")[0], target)
        wrap = Markup if target == "telegram" else str
        tags = [*(campaign.hashtags if campaign else []), *record.hashtags]
        values: dict[str, Any] = {
            "id": record.id,
            "kind": record.kind,
            "lang": record.lang,
            "title": record.title,
            "summary": record.summary,
            "body": wrap(body),
            "lead": wrap(lead),
            "link": utm(record.link) if record.link else None,
            "hashtags": list(record.hashtags),
            "links": {},
            "period": None,
        }
        if isinstance(record, EventRecord):
            values["links"] = {name: utm(url) for name, url in record.links.items()}
            values["period"] = self._period(record, labels)
            values["prize_pool"] = record.prize_pool
        return {
            "record": values,
            "campaign": {
                "id": self.project.campaign_id,
                "name": campaign.name if campaign else None,
                "link": utm(campaign.link) if campaign and campaign.link else None,
                "window": self._window_text(labels),
            },
            "channel": {"id": channel.id, "platform": channel.platform, "locale": channel.locale},
            "slot": {"at": timeutil.local_text(slot.at, self.zone), "last_day": slot.last_day},
            "labels": labels,
            "tags": " ".join("#" + t.lstrip("#") for t in tags),
        }

    def _period(self, record: EventRecord, labels: Mapping[str, str]) -> dict[str, str] | None:
        if record.period is None:
            window = self.project.window
            if window is None:
                return None
            start, end, zone = window[0], window[1], self.zone
        else:
            zone = timeutil.parse_zone(record.period.timezone) if record.period.timezone else self.zone
            start = timeutil.parse_datetime(record.period.start, zone)
            end = timeutil.parse_datetime(record.period.end, zone, allow_24=True)
        label = timeutil.offset_label(zone, start)
        start_text, end_text = timeutil.local_text(start, zone), timeutil.local_end_text(end, zone)
        return {
            "start": start_text,
            "end": end_text,
            "zone": label,
            "text": labels["range"].format(start=start_text, end=end_text, zone=label),
            "end_text": labels["moment"].format(time=end_text, zone=label),
        }

    def _window_text(self, labels: Mapping[str, str]) -> str | None:
        window = self.project.window
        if window is None:
            return None
        start, end = window
        return labels["range"].format(
            start=timeutil.local_text(start, self.zone),
            end=timeutil.local_end_text(end, self.zone),
            zone=timeutil.offset_label(self.zone, start),
        )

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


def last_day(at: datetime, window_end: datetime, zone: Any) -> bool:
    """Whether `at` falls on the last local day of a window ending at `window_end`."""
    final = (window_end - timedelta(microseconds=1)).astimezone(zone).date()
    return at.astimezone(zone).date() == final


def _load_labels(paths: list[Path]) -> dict[str, dict[str, str]]:
    labels: dict[str, dict[str, str]] = {}
    for path in reversed(paths):
        if path.is_file():
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            for lang, values in data.items():
                labels.setdefault(lang, {}).update(values or {})
    return labels


def _utm_adder(platform: str, campaign_id: str):
    def add(url: str) -> str:
        parts = urlsplit(url)
        query = parse_qsl(parts.query, keep_blank_values=True)
        if any(key.lower().startswith("utm_") for key, _ in query):
            return url
        query += [("utm_source", platform), ("utm_campaign", campaign_id)]
        return urlunsplit(parts._replace(query=urlencode(query)))

    return add


def _tidy(text: str) -> str:
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _visible(text: str) -> str:
    """What Telegram counts of an HTML message: the text without tags, entities decoded."""
    return html.unescape(_TAG_RE.sub("", text))


def _template_frame(exc: BaseException) -> tuple[str | None, int | None]:
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith(".j2"):
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
