"""Stage 5: the schedule rules of `campaign.yaml` expanded into concrete slots, and their checks.

A slot is one record going to one channel at one instant. Rules are absolute times
(`2026-01-08 16:00`, `2026-01-08T08:00:00Z`), window anchors with offsets (`start`,
`end - 24h`, `start + 2h`) and recurrences (`every: 1d` with `time`, `from`, `until`,
`weekdays`), which repeat inside the window only. Wall-clock times are built per day in the
campaign's zone, so an IANA zone keeps posts at the same local hour across DST changes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from publisher import timeutil
from publisher.diagnostics import Diagnostic, point_diagnostic
from publisher.model import Channel, ScheduleEntry
from publisher.project import Project

_ANCHOR = re.compile(r"(?P<anchor>start|end)\s*(?:(?P<sign>[+-])\s*(?P<delta>[0-9][0-9a-z ]*))?\Z", re.IGNORECASE)
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MAX_SLOTS_PER_ENTRY = 100_000


@dataclass(frozen=True)
class Slot:
    entry: int
    post: str
    channel: Channel
    at: datetime


@dataclass(frozen=True)
class Window:
    start: datetime
    end: datetime
    zone: tzinfo

    def contains(self, moment: datetime) -> bool:
        return self.start <= moment < self.end

    def describe(self) -> str:
        return timeutil.describe_range(self.start, self.end, self.zone)


def resolve_time(expression: str, window: Window, *, allow_24: bool = False) -> datetime:
    """An `at`/`from`/`until` value: an anchor expression or a time in the campaign's zone."""
    text = str(expression).strip()
    match = _ANCHOR.match(text)
    if match:
        base = window.start if match["anchor"].lower() == "start" else window.end
        if match["sign"] is None:
            return base
        delta = timeutil.parse_duration(match["delta"])
        return base + delta if match["sign"] == "+" else base - delta
    return timeutil.parse_datetime(text, window.zone, allow_24=allow_24)


def expand(project: Project) -> tuple[list[Slot], list[Diagnostic]]:
    """Every slot of the schedule, sorted by time, and the schedule's findings."""
    config, parsed = project.config, project.config_parsed
    if config is None or parsed is None or project.window is None:
        return [], []
    window = Window(*project.window, project.zone)
    file = project.files["campaign.yaml"]
    channels = {c.id: c for c in config.channels}
    slots: list[Slot] = []
    diagnostics: list[Diagnostic] = []

    def problem(path: tuple, code: str, message: str) -> None:
        line, column = project.position(file, parsed, path)
        diagnostics.append(point_diagnostic(file.name, line, column, code, "error", message))

    for i, entry in enumerate(config.schedule):
        if entry.post not in project.records:
            continue  # reported by the project's reference checks
        targets = [channels[c] for c in (entry.channels if entry.channels is not None else channels) if c in channels]
        try:
            moments = list(_moments(entry, window))
        except ValueError as exc:
            key = "at" if entry.at is not None else "every"
            problem(("schedule", i, key), "schema/invalid", f"schedule[{i}].{key}: {exc}")
            continue
        for moment in moments:
            if not entry.allow_outside and not window.contains(moment):
                problem(
                    ("schedule", i, "at"),
                    "schedule/outside-window",
                    f"post {entry.post!r} at {timeutil.local_text(moment, window.zone)} is outside the campaign window {window.describe()}",
                )
            slots.extend(Slot(i, entry.post, channel, moment) for channel in targets)
    slots.sort(key=lambda s: (s.at, s.entry, s.channel.id))
    return slots, diagnostics


def _moments(entry: ScheduleEntry, window: Window) -> Iterator[datetime]:
    if entry.at is not None:
        yield resolve_time(entry.at, window)
        return
    assert entry.every is not None
    every = timeutil.parse_duration(entry.every)
    if every <= timedelta(0):
        raise ValueError("`every` must be longer than 0")
    first = resolve_time(entry.from_, window) if entry.from_ else window.start
    last = resolve_time(entry.until, window, allow_24=True) if entry.until else window.end
    weekdays = {_WEEKDAYS.index(d) for d in entry.weekdays} if entry.weekdays else None
    count = 0
    for moment in _recurrence(first, last, every, entry.time, window.zone):
        if not window.contains(moment) and not entry.allow_outside:
            continue
        if weekdays is not None and moment.astimezone(window.zone).weekday() not in weekdays:
            continue
        count += 1
        if count > MAX_SLOTS_PER_ENTRY:
            raise ValueError(f"the rule expands to more than {MAX_SLOTS_PER_ENTRY} posts")
        yield moment


def _recurrence(first: datetime, last: datetime, every: timedelta, clock: str | None, zone: tzinfo) -> Iterator[datetime]:
    """Instants from `first` (inclusive) to `last` (exclusive).

    Whole-day steps with a `time` are wall-clock: each occurrence is that local time on its
    day. Other steps are exact durations from `first`.
    """
    if clock is not None:
        if every % timedelta(days=1):
            raise ValueError("with `time`, `every` must be a whole number of days (1d, 2d, 1w)")
        time_of_day, _ = timeutil.parse_time_of_day(clock)
        day = first.astimezone(zone).date()
        step = every.days
        while True:
            moment = timeutil.localize(day, time_of_day, zone)
            if moment >= last:
                return
            if moment >= first:
                yield moment
            day += timedelta(days=step)
    moment = first
    while moment < last:
        yield moment
        moment += every
