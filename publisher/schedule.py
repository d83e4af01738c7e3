"""Stage 5: the schedule rules of `campaign.yaml` expanded into concrete slots, and their checks.

A slot is one record going to one channel at one instant (kept in UTC, shown in the
campaign's zone). Rules are absolute times (`2026-01-08 16:00`, `2026-01-08T08:00:00Z`),
window anchors with offsets (`start`, `end - 24h`, `start + 2h`) and recurrences (`every: 1d`
with `time`, `from`, `until`, `weekdays`), which repeat inside the window only. Days and weeks
count along the calendar and hours are elapsed time (`timeutil.CalendarDuration`), so in an
IANA zone `end - 1d` and a daily rule keep their wall-clock time across a DST change, while
`end - 24h` is exactly 24 hours earlier. `until: 2026-01-20` (a date) includes that day; an
`until` with a time excludes it, like the window's end.

Checks, each at the line of the schedule entry it concerns in `campaign.yaml`:

`schedule/outside-window` (error)
    Why is this bad? A post outside `[start, end)` announces an event that is not running.
    Example: `at: "2026-01-08 15:59"` for a window opening at 16:00. Teasers and recaps say
    `allow_outside: true`. The post is blocked.

`schedule/quiet-hours` (error)
    Why is this bad? A channel's `quiet_hours` (`"23:00-08:00"`, campaign zone, end excluded)
    are hours its audience must not be woken or its moderators are away: a post then is a
    post at the wrong hour. The post is blocked.

`schedule/conflict` (error)
    Why is this bad? Two posts on one channel closer than its `min_gap` (`2h`) bury each
    other and can trip platform rate limits. The later one is blocked; the one after it is
    measured from the last post that goes out. Found by sorting each channel's posts,
    O(n log n). A channel without `min_gap` has no minimum.

`schedule/nonexistent-time`, `schedule/ambiguous-time` (warnings)
    Why is this bad? In an IANA zone a DST change skips a wall-clock hour and repeats another.
    A skipped time moves forward by the gap (02:30 -> 03:30), a repeated one is the first of
    the two (RFC 5545, as calendar apps read the ICS file); the warning says which instant is
    used, and an explicit offset (`2026-11-01T01:30-05:00`) picks another.

`schedule/late` (warning, from the plan at `--now`)
    Why is this bad? A post more than the campaign's `grace` past its time is `missed`: it is
    reported and not sent, and an editor decides whether to reschedule it.

Fix safety: none of these has a fix; only an editor knows which post to move.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta, timezone, tzinfo

from publisher import timeutil
from publisher.diagnostics import Diagnostic, Severity, point_diagnostic
from publisher.model import Channel, ScheduleEntry
from publisher.project import Project

_ANCHOR = re.compile(r"(?P<anchor>start|end)\s*(?:(?P<sign>[+-])\s*(?P<delta>[0-9][0-9a-z ]*))?\Z", re.IGNORECASE)
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MAX_SLOTS_PER_ENTRY = 100_000
EXAMPLES = 3
"""How many instances a grouped finding names before it says `and N more`."""


@dataclass(frozen=True, slots=True)
class Slot:
    entry: int
    post: str
    channel: Channel
    at: datetime
    """The instant, in UTC."""
    in_error: bool = False
    """An error-severity check concerns this slot: the plan blocks this post."""


@dataclass
class Schedule:
    slots: list[Slot] = field(default_factory=list)
    """Every slot, sorted by time, then entry, then channel id."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    complete: bool = True
    """False when an entry could not be expanded at all (its `schema/invalid` is reported)."""


@dataclass(frozen=True)
class Window:
    start: datetime
    end: datetime
    zone: tzinfo

    @classmethod
    def of(cls, start: datetime, end: datetime, zone: tzinfo) -> Window:
        """A window with its bounds in UTC, so comparisons never depend on wall-clock fields."""
        return cls(start.astimezone(timezone.utc), end.astimezone(timezone.utc), zone)

    def contains(self, moment: datetime) -> bool:
        return self.start <= moment < self.end

    def describe(self) -> str:
        return timeutil.describe_range(self.start, self.end, self.zone)


@dataclass(frozen=True, slots=True)
class Moment:
    """One instant an entry posts at; `written` is the wall-clock time it came from when that
    time does not exist or is ambiguous in the campaign's zone."""

    at: datetime
    written: datetime | None = None


def resolve_time(expression: str, window: Window, *, allow_24: bool = False) -> Moment:
    """An `at`/`from`/`until` value: an anchor expression or a time in the campaign's zone.

    A date without a time, given with `allow_24` (an `until`), means the end of that day.
    """
    text = str(expression).strip()
    match = _ANCHOR.match(text)
    if match:
        base = window.start if match["anchor"].lower() == "start" else window.end
        if match["sign"] is None:
            return Moment(base)
        by = timeutil.parse_calendar_duration(match["delta"])
        at, landed = timeutil.shift(base, by, window.zone, back=match["sign"] == "-")
        return Moment(at.astimezone(timezone.utc), landed)
    written = timeutil.parse_wall_clock(text, allow_24=allow_24)
    local = written.local + timedelta(days=1) if written.date_only and allow_24 else written.local
    if written.zone is not None:
        return Moment(local.replace(tzinfo=written.zone).astimezone(timezone.utc))
    at = timeutil.localize(local.date(), local.time(), window.zone).astimezone(timezone.utc)
    return Moment(at, local if timeutil.wall_clock_issue(local, window.zone) else None)


def expand(project: Project) -> Schedule:
    """Every slot of the schedule, sorted by time, and the schedule's findings."""
    config, parsed = project.config, project.config_parsed
    if config is None or parsed is None or project.window is None:
        return Schedule(complete=False)
    window = Window.of(*project.window, project.zone)
    file = project.files["campaign.yaml"]
    channels = {c.id: c for c in config.channels}
    schedule = Schedule()

    def locate(i: int) -> tuple[int, int]:
        return project.position(file, parsed, ("schedule", i, _time_key(config.schedule[i])))

    def problem(i: int, code: str, severity: Severity, message: str) -> None:
        line, column = locate(i)
        schedule.diagnostics.append(point_diagnostic(file.name, line, column, code, severity, message))

    for i, entry in enumerate(config.schedule):
        if entry.post not in project.records:
            continue  # reported by the project's reference checks
        targets = [channels[c] for c in (entry.channels if entry.channels is not None else channels) if c in channels]
        try:
            moments = list(_moments(entry, window))
        except ValueError as exc:
            key = _time_key(entry)
            problem(i, "schema/invalid", "error", f"schedule[{i}].{key}: {exc}")
            schedule.complete = False
            continue
        for code, message in _wall_clock_findings(moments, window.zone):
            problem(i, code, "warning", message)
        for moment in moments:
            outside = not entry.allow_outside and not window.contains(moment.at)
            if outside:
                problem(
                    i,
                    "schedule/outside-window",
                    "error",
                    f"post {entry.post!r} at {timeutil.local_text(moment.at, window.zone)} is outside the campaign window {window.describe()}",
                )
            schedule.slots.extend(Slot(i, entry.post, channel, moment.at, outside) for channel in targets)
    schedule.slots.sort(key=lambda s: (s.at, s.entry, s.channel.id))
    context = _Context(config.schedule, window.zone, lambda i: locate(i)[0])
    for check in (_quiet_hours, _conflicts):
        found = check(schedule.slots, context)
        for i, code, severity, message in found.findings:
            problem(i, code, severity, message)
        for index in found.blocked:
            schedule.slots[index] = replace(schedule.slots[index], in_error=True)
    return schedule


def late_diagnostics(project: Project, missed: Iterable[Slot], now: datetime, grace: str) -> list[Diagnostic]:
    """`schedule/late`: the posts already missed at `now`, one finding per schedule entry."""
    config, parsed = project.config, project.config_parsed
    file = project.files.get("campaign.yaml")
    if config is None or parsed is None or file is None:
        return []
    zone = project.zone
    by_entry: dict[int, list[Slot]] = defaultdict(list)
    for slot in missed:
        by_entry[slot.entry].append(slot)
    diagnostics = []
    for i, slots in sorted(by_entry.items()):
        line, column = project.position(file, parsed, ("schedule", i, _time_key(config.schedule[i])))
        when = _on_channels([(s.at, s.channel.id) for s in slots], zone)
        message = (
            f"{_plural(len(slots), 'post')} of {slots[0].post!r} missed at {timeutil.local_text(now, zone)}: "
            f"{_listed(when)}; more than {grace} late, they are not sent"
        )
        diagnostics.append(point_diagnostic(file.name, line, column, "schedule/late", "warning", message))
    return diagnostics


@dataclass(frozen=True)
class _Context:
    """What the slot checks need besides the slots."""

    entries: list[ScheduleEntry]
    zone: tzinfo
    line_of: Callable[[int], int]
    """The line of a schedule entry in campaign.yaml."""


@dataclass
class _Found:
    findings: list[tuple[int, str, Severity, str]] = field(default_factory=list)
    """(entry, code, severity, message)"""
    blocked: list[int] = field(default_factory=list)
    """Indices of the slots an error concerns."""


def _quiet_hours(slots: list[Slot], context: _Context) -> _Found:
    """`schedule/quiet-hours`: posts inside their channel's quiet hours, grouped by entry and channel."""
    found = _Found()
    channels = {s.channel.id: s.channel for s in slots}
    ranges = {c.id: timeutil.parse_daily_range(c.quiet_hours) for c in channels.values() if c.quiet_hours}
    if not ranges:
        return found
    groups: dict[tuple[int, str], list[str]] = defaultdict(list)
    for index, slot in enumerate(slots):
        quiet = ranges.get(slot.channel.id)
        if quiet is not None and quiet.contains(slot.at.astimezone(context.zone)):
            groups[(slot.entry, slot.channel.id)].append(timeutil.local_text(slot.at, context.zone))
            found.blocked.append(index)
    for (entry, channel_id), times in groups.items():
        message = (
            f"post {context.entries[entry].post!r} at {_listed(times)} falls in the quiet hours of "
            f"{channel_id} ({channels[channel_id].quiet_hours}, {timeutil.zone_name(context.zone)})"
        )
        found.findings.append((entry, "schedule/quiet-hours", "error", message))
    return found


def _conflicts(slots: list[Slot], context: _Context) -> _Found:
    """`schedule/conflict`: on each channel with a `min_gap`, each post against the last one
    that goes out before it.

    Slots come sorted by time, so each channel's list is sorted and one pass over it finds
    every post too close to its predecessor. Blocked posts do not go out and take no place;
    a post blocked here does not either, so the next one is measured from the post before it.
    """
    found = _Found()
    by_channel: dict[str, list[int]] = defaultdict(list)
    for index, slot in enumerate(slots):
        if slot.channel.min_gap and not slot.in_error:
            by_channel[slot.channel.id].append(index)
    groups: dict[tuple[int, int], list[tuple[datetime, str]]] = defaultdict(list)
    for indices in by_channel.values():
        channel = slots[indices[0]].channel
        gap = timeutil.parse_duration(channel.min_gap)
        kept = slots[indices[0]]
        for index in indices[1:]:
            slot = slots[index]
            distance = slot.at - kept.at
            if distance >= gap:
                kept = slot
                continue
            groups[(slot.entry, kept.entry)].append((slot.at, f"{channel.id} ({_span(distance)} after it, min_gap {channel.min_gap})"))
            found.blocked.append(index)
    for (entry, other), instances in groups.items():
        if entry == other:
            who = "the post before it from the same entry"
        else:
            who = f"{context.entries[other].post!r} (schedule[{other}], line {context.line_of(other)})"
        message = f"post {context.entries[entry].post!r} is closer than the channel's minimum gap to {who}: {_listed(_on_channels(instances, context.zone))}"
        found.findings.append((entry, "schedule/conflict", "error", message))
    return found


def _time_key(entry: ScheduleEntry) -> str:
    """The key whose line a finding about an entry's times points at."""
    if entry.at is not None:
        return "at"
    return "time" if entry.time is not None else "every"


def _moments(entry: ScheduleEntry, window: Window) -> Iterator[Moment]:
    if entry.at is not None:
        yield resolve_time(entry.at, window)
        return
    assert entry.every is not None
    every = timeutil.parse_calendar_duration(entry.every)
    if every.nominal <= timedelta(0):
        raise ValueError("`every` must be longer than 0")
    first = resolve_time(entry.from_, window).at if entry.from_ else window.start
    last = resolve_time(entry.until, window, allow_24=True).at if entry.until else window.end
    weekdays = {_WEEKDAYS.index(d) for d in entry.weekdays} if entry.weekdays else None
    count = 0
    for moment in _recurrence(first, last, every, entry.time, window.zone):
        if not entry.allow_outside and not window.contains(moment.at):
            continue
        if weekdays is not None and moment.at.astimezone(window.zone).weekday() not in weekdays:
            continue
        count += 1
        if count > MAX_SLOTS_PER_ENTRY:
            raise ValueError(f"the rule expands to more than {MAX_SLOTS_PER_ENTRY} posts")
        yield moment


def _recurrence(first: datetime, last: datetime, every: timeutil.CalendarDuration, clock: str | None, zone: tzinfo) -> Iterator[Moment]:
    """Instants from `first` (inclusive) to `last` (exclusive).

    With a `time`, each occurrence is that wall-clock time on its day (`every` must then be
    whole days). A step of whole days or weeks keeps the wall-clock time of `first`; a step
    with hours or minutes is an exact interval.
    """
    local = first.astimezone(zone).replace(tzinfo=None)
    if clock is not None:
        days, rest = divmod(every.nominal, timedelta(days=1))
        if rest:
            raise ValueError("with `time`, `every` must be a whole number of days (1d, 2d, 1w)")
        yield from _daily(local.date(), timeutil.parse_time_of_day(clock)[0], days, first, last, zone)
        return
    if not every.exact:
        yield from _daily(local.date(), local.time(), every.days, first, last, zone)
        return
    step = every.nominal
    moment = first
    while moment < last:
        yield Moment(moment)
        moment += step


def _daily(day: date, clock: time, step_days: int, first: datetime, last: datetime, zone: tzinfo) -> Iterator[Moment]:
    """`clock` on `day` and every `step_days` after it, each placed in `zone` on its own date."""
    step = timedelta(days=step_days)
    while True:
        local = datetime.combine(day, clock)
        at = timeutil.localize(day, clock, zone).astimezone(timezone.utc)
        if at >= last:
            return
        if at >= first:
            yield Moment(at, local if timeutil.wall_clock_issue(local, zone) else None)
        day += step


def _wall_clock_findings(moments: list[Moment], zone: tzinfo) -> Iterator[tuple[str, str]]:
    """`schedule/nonexistent-time` and `schedule/ambiguous-time` for an entry's moments."""
    skipped: list[str] = []
    repeated: list[str] = []
    for moment in moments:
        if moment.written is None:
            continue
        written = f"{moment.written:%Y-%m-%d %H:%M}"
        if timeutil.wall_clock_issue(moment.written, zone) == "nonexistent":
            skipped.append(f"{written} -> {timeutil.local_text(moment.at, zone)} ({timeutil.offset_label(zone, moment.at)})")
        else:
            second = moment.written.replace(tzinfo=zone, fold=1).isoformat(timespec="minutes")
            repeated.append(f"{written} is taken as {timeutil.offset_label(zone, moment.at)}; write {second} for the second")
    name = timeutil.zone_name(zone)
    if skipped:
        yield "schedule/nonexistent-time", f"a DST change skips this wall-clock time in {name}, so the post moves forward by the gap: {_listed(skipped)}"
    if repeated:
        yield "schedule/ambiguous-time", f"a DST change shows this wall-clock time twice in {name}; the first is used: {_listed(repeated)}"


def _listed(items: list[str]) -> str:
    """The first few items, and how many more there are."""
    shown = ", ".join(items[:EXAMPLES])
    return shown + (f" and {len(items) - EXAMPLES} more" if len(items) > EXAMPLES else "")


def _on_channels(instances: list[tuple[datetime, str]], zone: tzinfo) -> list[str]:
    """`(instant, channel)` pairs as one item per instant: `2026-01-14 20:00 on x-tw, tg-tw`."""
    channels: dict[datetime, list[str]] = defaultdict(list)
    for at, channel in instances:
        channels[at].append(channel)
    return [
        f"{timeutil.local_text(at, zone)} on {', '.join(names) if len(names) <= EXAMPLES else f'{len(names)} channels'}"
        for at, names in channels.items()
    ]


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _span(delta: timedelta) -> str:
    """`1h30m`, `45m`, `0m`: a gap between two posts."""
    minutes = int(delta.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    return (f"{hours}h" if hours else "") + (f"{minutes}m" if minutes or not hours else "")
