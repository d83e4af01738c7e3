"""Time zones, local times with `24:00`, durations: parsing shared by the model and the schedule.

Every function here is pure: the clock is read only by the CLI (`--now` or the system time).

Wall-clock times in an IANA zone are read as RFC 5545 reads them: a time that a DST change
skips (02:30 on the night clocks go from 02:00 to 03:00) moves forward by the length of the
gap (03:30), and a time the clocks show twice is the first of the two. `wall_clock_issue`
tells the schedule when that happened, so it can say so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_OFFSET = re.compile(r"(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?\Z", re.IGNORECASE)
_LOCAL = re.compile(
    r"(?P<date>\d{4}-\d{1,2}-\d{1,2})"
    r"(?:[T ]+(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.\d+)?)?)?"
    r"\s*(?P<zone>Z|[+-]\d{2}:?\d{2})?\Z",
    re.IGNORECASE,
)
_DURATION = re.compile(r"(\d+)\s*(w|d|h|m|min|s)", re.IGNORECASE)
_CALENDAR_UNITS = {"w": 7, "d": 1}
_EXACT_UNITS = {"h": 3600, "m": 60, "min": 60, "s": 1}
_CLOCK_RANGE = re.compile(r"(?P<start>\d{1,2}:\d{2})\s*(?:-|–|—|~|to)\s*(?P<end>\d{1,2}:\d{2})\Z", re.IGNORECASE)
DAY_SECONDS = 86400

WallClockIssue = Literal["nonexistent", "ambiguous"]


@dataclass(frozen=True)
class CalendarDuration:
    """A duration as editors write it (`1d`, `2h`, `1w2d`, `1h30m`).

    Days and weeks count along the calendar: a day later is the same wall-clock time on the
    next date, even across a DST change (when that day has 23 or 25 hours). Hours, minutes and
    seconds are elapsed time.
    """

    days: int
    exact: timedelta

    @property
    def nominal(self) -> timedelta:
        """The length with every day counted as 24 hours."""
        return timedelta(days=self.days) + self.exact


@dataclass(frozen=True)
class WallClock:
    """A time as written: the local date and time, the zone written with it (if any), and
    whether only a date was given."""

    local: datetime
    zone: tzinfo | None
    date_only: bool


@dataclass(frozen=True)
class DailyRange:
    """A daily span of local time `[start, end)` in seconds since midnight (`23:00-08:00`).

    It wraps past midnight when `end <= start`; `end` is 86400 for `24:00`.
    """

    start: int
    end: int

    def contains(self, local: datetime) -> bool:
        """Whether a wall-clock time falls inside the span."""
        second = local.hour * 3600 + local.minute * 60 + local.second
        if self.start < self.end:
            return self.start <= second < self.end
        return second >= self.start or second < self.end


def parse_zone(value: str) -> tzinfo:
    """An IANA zone (`Asia/Taipei`), `UTC`, or a fixed offset (`+08:00`, `UTC+8`, `GMT-05:30`)."""
    text = str(value).strip()
    if text.upper() in ("UTC", "Z", "GMT"):
        return timezone.utc
    match = _OFFSET.match(text)
    if match:
        sign, hours, minutes = match.group(1), int(match.group(2)), int(match.group(3) or 0)
        if hours > 14 or minutes >= 60:
            raise ValueError(f"offset {text!r} is out of range (-14:00 to +14:00)")
        delta = timedelta(hours=hours, minutes=minutes)
        return timezone(delta if sign == "+" else -delta)
    if "/" in text or text.isalpha():
        try:
            return ZoneInfo(text)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    raise ValueError(f"unknown time zone {text!r}: use an IANA name (Asia/Taipei) or an offset (+08:00)")


def zone_name(zone: tzinfo) -> str:
    """`America/New_York` for an IANA zone, `UTC+8` for a fixed offset."""
    return zone.key if isinstance(zone, ZoneInfo) else offset_label(zone)


def parse_time_of_day(value: str, *, allow_24: bool = False) -> tuple[time, bool]:
    """`HH:MM[:SS]`; returns the time and whether it was `24:00` (the end of the day)."""
    match = re.fullmatch(r"(\d{1,2}):(\d{2})(?::(\d{2}))?", str(value).strip())
    if not match:
        raise ValueError(f"invalid time {value!r}: expected HH:MM")
    hour, minute, second = int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)
    if hour == 24:
        if minute or second:
            raise ValueError(f"invalid time {value!r}: 24:00 is the latest time of a day")
        if not allow_24:
            raise ValueError(f"invalid time {value!r}: 24:00 is only allowed as the end of a day")
        return time(0, 0), True
    if hour > 23 or minute > 59 or second > 59:
        raise ValueError(f"invalid time {value!r}: hours go to 23, minutes and seconds to 59")
    return time(hour, minute, second), False


def parse_daily_range(value: str) -> DailyRange:
    """`23:00-08:00` (wraps past midnight), `12:00-14:00`, `22:00-24:00`."""
    match = _CLOCK_RANGE.match(str(value).strip())
    if not match:
        raise ValueError(f"invalid time range {value!r}: expected HH:MM-HH:MM, e.g. 23:00-08:00")
    start, _ = parse_time_of_day(match["start"])
    end, end_24 = parse_time_of_day(match["end"], allow_24=True)
    start_s = start.hour * 3600 + start.minute * 60 + start.second
    end_s = DAY_SECONDS if end_24 else end.hour * 3600 + end.minute * 60 + end.second
    if start_s == end_s % DAY_SECONDS:
        raise ValueError(f"invalid time range {value!r}: it starts and ends at the same time")
    return DailyRange(start_s, end_s)


def wall_clock_issue(local: datetime, zone: tzinfo) -> WallClockIssue | None:
    """Whether a naive wall-clock time is skipped by a DST gap or shown twice in a DST fold."""
    if isinstance(zone, timezone):
        return None
    first, second = local.replace(tzinfo=zone, fold=0), local.replace(tzinfo=zone, fold=1)
    if first.utcoffset() == second.utcoffset():
        return None
    back = first.astimezone(timezone.utc).astimezone(zone).replace(tzinfo=None)
    return "ambiguous" if back == local else "nonexistent"


def localize(day: date, clock: time, zone: tzinfo) -> datetime:
    """The aware datetime of a wall-clock time in `zone`, read as RFC 5545 does (module doc).

    The result is normalized through UTC, so its fields are a time the clocks really show.
    """
    moment = datetime.combine(day, clock).replace(tzinfo=zone)
    if isinstance(zone, timezone):
        return moment
    return moment.astimezone(timezone.utc).astimezone(zone)


def parse_wall_clock(value: str, *, allow_24: bool = False) -> WallClock:
    """A time as editors write it, not yet placed in a zone (see `parse_datetime`)."""
    text = str(value).strip()
    match = _LOCAL.match(text)
    if not match:
        raise ValueError(f"invalid time {text!r}: expected YYYY-MM-DD HH:MM")
    try:
        day = date.fromisoformat("-".join(f"{int(p):0{w}d}" for p, w in zip(match["date"].split("-"), (4, 2, 2))))
    except ValueError as exc:
        raise ValueError(f"invalid date in {text!r}: {exc}") from None
    next_day = False
    clock = time(0, 0)
    if match["hour"] is not None:
        clock_text = f"{match['hour']}:{match['minute']}" + (f":{match['second']}" if match["second"] else "")
        clock, next_day = parse_time_of_day(clock_text, allow_24=allow_24)
    if next_day:
        day += timedelta(days=1)
    zone = parse_zone(match["zone"]) if match["zone"] else None
    return WallClock(datetime.combine(day, clock), zone, match["hour"] is None)


@lru_cache(maxsize=4096)
def parse_datetime(value: str, zone: tzinfo, *, allow_24: bool = False) -> datetime:
    """A time as editors write it: `2026-01-08 16:00`, `2026-01-08T08:00:00Z`, `2026-01-26 24:00`.

    Times without an offset are wall-clock times in `zone`; `24:00` (only with `allow_24`) is
    00:00 of the next day; a date alone is the start of that day. Cached: the same few texts
    (the window, the periods) are parsed once per post while a plan is built.
    """
    written = parse_wall_clock(value, allow_24=allow_24)
    if written.zone is not None:
        return written.local.replace(tzinfo=written.zone)
    return localize(written.local.date(), written.local.time(), zone)


def parse_calendar_duration(value: str) -> CalendarDuration:
    """`2h`, `1d`, `90m`, `1h30m`, `1w`: see `CalendarDuration` for how days count."""
    text = str(value).strip().replace(" ", "")
    pos, days, seconds = 0, 0, 0
    for match in _DURATION.finditer(text):
        if match.start() != pos:
            break
        amount, unit = int(match.group(1)), match.group(2).lower()
        if unit in _CALENDAR_UNITS:
            days += amount * _CALENDAR_UNITS[unit]
        else:
            seconds += amount * _EXACT_UNITS[unit]
        pos = match.end()
    if not text or pos != len(text):
        raise ValueError(f"invalid duration {value!r}: expected e.g. 2h, 1d, 90m, 1h30m")
    return CalendarDuration(days, timedelta(seconds=seconds))


def parse_duration(value: str) -> timedelta:
    """`2h`, `1d`, `90m`, `1h30m`, `1w` as a length of time (a day is 24 hours)."""
    return parse_calendar_duration(value).nominal


def shift(moment: datetime, by: CalendarDuration, zone: tzinfo, *, back: bool = False) -> tuple[datetime, datetime | None]:
    """`moment` moved by a duration: calendar days first (keeping the wall-clock time in
    `zone`), then elapsed time. Also returns the wall-clock time the days landed on when it is
    skipped or ambiguous in `zone` (see `wall_clock_issue`), else None."""
    sign = -1 if back else 1
    landed = None
    if by.days:
        local = moment.astimezone(zone).replace(tzinfo=None) + timedelta(days=sign * by.days)
        if wall_clock_issue(local, zone):
            landed = local
        moment = localize(local.date(), local.time(), zone)
    return (moment.astimezone(timezone.utc) + sign * by.exact).astimezone(zone), landed


def iso(moment: datetime, zone: tzinfo) -> str:
    """ISO 8601 in the given zone, to the second."""
    return moment.astimezone(zone).isoformat(timespec="seconds")


def offset_label(zone: tzinfo, at: datetime | None = None) -> str:
    """`UTC+8`, `UTC+5:30`, `UTC` — how an event's zone is written for readers."""
    delta = (at or datetime(2000, 1, 1, tzinfo=timezone.utc)).astimezone(zone).utcoffset() or timedelta(0)
    minutes = int(delta.total_seconds() // 60)
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def local_text(moment: datetime, zone: tzinfo) -> str:
    """`2026-01-08 16:00`: a moment as wall-clock time in `zone`."""
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def as_day_end(local: datetime) -> tuple[datetime, bool]:
    """An end at midnight is `24:00` of the day before, as editors write it: that day and True;
    any other end is itself and False."""
    if (local.hour, local.minute, local.second) == (0, 0, 0):
        return local - timedelta(days=1), True
    return local, False


def local_end_text(moment: datetime, zone: tzinfo) -> str:
    """An end in `zone`, a local midnight written as `24:00` of the day before."""
    local, midnight = as_day_end(moment.astimezone(zone))
    return local.strftime("%Y-%m-%d 24:00" if midnight else "%Y-%m-%d %H:%M")


def describe_range(start: datetime, end: datetime, zone: tzinfo) -> str:
    """`2026-01-08 16:00 – 2026-01-26 24:00 (UTC+8)`."""
    return f"{local_text(start, zone)} – {local_end_text(end, zone)} ({offset_label(zone, start)})"
