"""Stage 2: the pydantic schema of campaigns, channels, schedules, records and the glossary.

Models validate shape and the syntax of each field; every failure becomes a `schema/invalid`
diagnostic at the line of the offending key (see `validate`). Checks that need several fields
or several files (end before start, unknown channel ids, duplicate records) live in `project`.
Unknown keys are kept and reported as warnings, so a typo never silently drops a setting.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from publisher import timeutil
from publisher.diagnostics import Diagnostic, point_diagnostic
from publisher.normalize.number import parse_money
from publisher.load import Parsed, SourceFile

PLATFORMS = ("x", "telegram", "discord", "mastodon", "bluesky", "threads", "gate_square", "webhook")
Platform = Literal["x", "telegram", "discord", "mastodon", "bluesky", "threads", "gate_square", "webhook"]

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\Z")
_LANG = re.compile(r"[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|\d{3}))?\Z")
_ENV = re.compile(r"[A-Z_][A-Z0-9_]*\Z")
_URL = re.compile(r"https?://[^\s/$.?#].[^\s]*\Z", re.IGNORECASE)
_SECRET_KEYS = ("token", "secret", "password", "api_key", "apikey", "webhook_url", "url")


def _check(pattern: re.Pattern[str], what: str):
    def validate(value: str) -> str:
        if not pattern.match(value):
            raise ValueError(f"{value!r} is not a valid {what}")
        return value

    return AfterValidator(validate)


def _zone(value: str) -> str:
    timeutil.parse_zone(value)
    return value


def _time(value: str) -> str:
    timeutil.parse_datetime(value, timeutil.parse_zone("UTC"))
    return value


def _end_time(value: str) -> str:
    timeutil.parse_datetime(value, timeutil.parse_zone("UTC"), allow_24=True)
    return value


def _duration(value: str) -> str:
    timeutil.parse_duration(value)
    return value


def _clock(value: str) -> str:
    timeutil.parse_time_of_day(value)
    return value


def _as_text(value: Any) -> Any:
    """YAML gives numbers for `id: 2026`; ids and times are text here."""
    return str(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value


Text = Annotated[str, BeforeValidator(_as_text)]
Id = Annotated[Text, _check(_ID, "id (letters, digits, '.', '_', '-')")]
LangTag = Annotated[Text, _check(_LANG, "BCP 47 language tag such as zh-Hant, zh-Hant-HK, zh-Hans, en")]
EnvName = Annotated[Text, _check(_ENV, "environment variable name (A-Z, 0-9, _)")]
Url = Annotated[Text, _check(_URL, "http(s) URL")]
Zone = Annotated[Text, AfterValidator(_zone)]
TimeText = Annotated[Text, AfterValidator(_time)]
EndTimeText = Annotated[Text, AfterValidator(_end_time)]
DurationText = Annotated[Text, AfterValidator(_duration)]
ClockText = Annotated[Text, AfterValidator(_clock)]


@dataclass(frozen=True)
class Money:
    value: Decimal
    unit: str

    def __str__(self) -> str:
        return f"{self.value:,} {self.unit}".strip()


def _money(value: Any) -> Money:
    if isinstance(value, Money):
        return value
    amount, unit = parse_money(str(value))
    return Money(amount, unit)


MoneyValue = Annotated[Money, BeforeValidator(_money)]


class Model(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True, str_strip_whitespace=True)


class Window(Model):
    start: TimeText
    end: EndTimeText


class Utm(Model):
    """UTM parameters on links: `utm_source` is the platform; `campaign` defaults to the campaign id."""

    campaign: Text | None = None
    medium: Text | None = None
    domains: list[Text] = []
    """Only links to these hosts (and their subdomains) are tagged; empty: every link."""


class Campaign(Model):
    id: Id | None = None
    name: Text | None = None
    timezone: Zone = "UTC"
    window: Window
    locales: list[LangTag] = []
    link: Url | None = None
    hashtags: list[Text] = []
    cashtags: list[Text] = []
    utm: bool | Utm = True
    grace: DurationText = "1h"


class Channel(Model):
    id: Id
    platform: Platform
    locale: LangTag
    token_env: EnvName | None = None
    url_env: EnvName | None = None
    api_base: Url | None = None
    chat: Text | None = None
    limit: Annotated[int, Field(gt=0)] | None = None
    quiet_hours: Annotated[Text, AfterValidator(lambda v: timeutil.parse_daily_range(v) and v)] | None = None
    """No posts in this daily span, campaign zone, end excluded: `"23:00-08:00"`."""
    min_gap: DurationText | None = None
    """The shortest time allowed between two posts on this channel: `2h`."""


Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


class ScheduleEntry(Model):
    post: Id
    channels: list[Id] | None = None
    at: Text | None = None
    every: DurationText | None = None
    time: ClockText | None = None
    from_: Text | None = Field(default=None, alias="from")
    until: Text | None = None
    weekdays: list[Weekday] | None = None
    allow_outside: bool = False
    template: Id | None = None


class Style(Model):
    cjk_latin_spacing: Literal["keep", "space", "nospace"] = "keep"


class CampaignFile(Model):
    campaign: Campaign
    channels: list[Channel] = []
    schedule: list[ScheduleEntry] = []
    style: Style = Style()


class Pool(Model):
    name: Text
    amount: MoneyValue


class PrizePool(Model):
    total: MoneyValue
    pools: list[Pool] = []


class Reward(Model):
    name: Text
    amount: MoneyValue | None = None
    winners: Annotated[int, Field(gt=0)] | None = None
    prize: Text | None = None


class Period(Model):
    start: TimeText
    end: EndTimeText
    timezone: Zone | None = None


class RecordBase(Model):
    id: Id
    lang: LangTag
    title: Text
    summary: Text | None = None
    link: Url | None = None
    hashtags: list[Text] = []
    cashtags: list[Text] = []
    translation_of: Id | None = None
    """This record is the translation of another one into its own `lang`, and serves that locale."""


class EventRecord(RecordBase):
    kind: Literal["event"]
    prize_pool: PrizePool | None = None
    rewards: list[Reward] = []
    period: Period | None = None
    links: dict[str, Url] = {}


class ArticleRecord(RecordBase):
    kind: Literal["article"]


Record = Annotated[EventRecord | ArticleRecord, Field(discriminator="kind")]


class RecordFile(BaseModel):
    record: Record


class Term(Model):
    name: Text
    preferred: dict[LangTag, Text]
    reject: list[Text] = []
    accept: list[Text] = []
    note: Text | None = None


class Translation(Model):
    lang: LangTag
    source: Text
    target: dict[LangTag, Text]


class Glossary(Model):
    terms: list[Term] = []
    translations: list[Translation] = []


M = TypeVar("M", bound=BaseModel)


def validate(model: type[M], parsed: Parsed, file: SourceFile, wrap: str | None = None) -> tuple[M | None, list[Diagnostic]]:
    """Validate a parsed document; every error is a `schema/invalid` finding at its key's line.

    `wrap` validates the document as one field of `model` (a discriminated record), so error
    locations start with that field name, which is dropped again when looking up positions.
    """
    data = parsed.value
    if data is None:
        if parsed.diagnostics:
            return None, []
        data = {}  # an empty document: its required fields are reported as missing
    if not isinstance(data, dict):
        return None, [point_diagnostic(file.name, 1, 1, "schema/invalid", "error", "expected a mapping of keys")]
    try:
        obj = model.model_validate({wrap: data} if wrap else data)
    except ValidationError as err:
        return None, list(_errors(err, parsed, file, wrap))
    root = getattr(obj, wrap) if wrap else obj
    return obj, list(_unknown_keys(root, (), parsed, file))


def _errors(err: ValidationError, parsed: Parsed, file: SourceFile, wrap: str | None) -> Iterator[Diagnostic]:
    for e in err.errors(include_url=False):
        loc = tuple(e["loc"])
        if wrap and loc[:1] == (wrap,):
            loc = loc[1:]
            if loc and loc[0] in ("event", "article"):
                loc = loc[1:]
        loc = tuple("from" if p == "from_" else p for p in loc)
        if e["type"] in ("union_tag_invalid", "union_tag_not_found"):
            loc = ("kind",)
        yield _diagnostic_at(parsed, file, loc, f"{_dotted(loc)}: {_message(e)}", e["type"] in ("missing", "union_tag_not_found"))


def _message(error: dict) -> str:
    kind, msg = error["type"], error["msg"]
    if kind == "value_error":
        return msg.removeprefix("Value error, ")
    if kind == "literal_error":
        return f"got {error['input']!r}; {msg[0].lower()}{msg[1:]}"
    if kind == "union_tag_invalid":
        return f"unknown kind {error['ctx']['tag']!r}; expected 'event' or 'article'"
    if kind in ("missing", "union_tag_not_found"):
        return "required field is missing"
    return msg


def _diagnostic_at(parsed: Parsed, file: SourceFile, loc: tuple, message: str, missing: bool) -> Diagnostic:
    span = parsed.source_map.nearest(loc[:-1] if missing else loc)
    line, column = file.index.position(span.start) if span else (1, 1)
    return point_diagnostic(file.name, line, column, "schema/invalid", "error", message)


def _dotted(loc: tuple) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "document"


def _unknown_keys(obj: Any, path: tuple, parsed: Parsed, file: SourceFile) -> Iterator[Diagnostic]:
    """Warn about keys the schema does not know; inline secrets are errors."""
    if isinstance(obj, BaseModel):
        for key in obj.model_extra or {}:
            span = parsed.source_map.nearest(path + (key,))
            line, column = file.index.position(span.start) if span else (1, 1)
            if key in _SECRET_KEYS and isinstance(obj, Channel):
                message = f"{_dotted(path + (key,))}: secrets never go in files; name an environment variable with `{'url' if 'url' in key else 'token'}_env`"
                yield point_diagnostic(file.name, line, column, "schema/invalid", "error", message)
            else:
                yield point_diagnostic(file.name, line, column, "schema/unknown-key", "warning", f"unknown key {_dotted(path + (key,))!r} is ignored")
        for name, info in type(obj).model_fields.items():
            yield from _unknown_keys(getattr(obj, name), path + (info.alias or name,), parsed, file)
    elif isinstance(obj, (list, tuple)):
        for i, item in enumerate(obj):
            yield from _unknown_keys(item, path + (i,), parsed, file)
    elif isinstance(obj, dict):
        for key, item in obj.items():
            yield from _unknown_keys(item, path + (key,), parsed, file)
