"""Time zones, local times with `24:00`, durations: parsing shared by the model and the schedule.

Every function here is pure: the clock is read only by the CLI (`--now` or the system time).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_OFFSET = re.compile(r"(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?\Z", re.IGNORECASE)
_LOCAL = re.compile(
    r"(?P<date>\d{4}-\d{1,2}-\d{1,2})"
    r"(?:[T ]+(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.\d+)?)?)?"
    r"\s*(?P<zone>Z|[+-]\d{2}:?\d{2})?\Z",
    re.IGNORECASE,
)
_DURATION = re.compile(r"(\d+)\s*(w|d|h|m|min|s)", re.IGNORECASE)
_DURATION_UNITS = {"w": 604800, "d": 86400, "h": 3600, "m": 60, "min": 60, "s": 1}


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


def localize(day: date, clock: time, zone: tzinfo) -> datetime:
    """The aware datetime of a wall-clock time in `zone` (ambiguous times take the first)."""
    return datetime.combine(day, clock).replace(tzinfo=zone)


def parse_datetime(value: str, zone: tzinfo, *, allow_24: bool = False) -> datetime:
    """A time as editors write it: `2026-01-08 16:00`, `2026-01-08T08:00:00Z`, `2026-01-26 24:00`.

    Times without an offset are wall-clock times in `zone`; `24:00` (only with `allow_24`) is
    00:00 of the next day; a date alone is the start of that day.
    """
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
    if match["zone"]:
        return datetime.combine(day, clock).replace(tzinfo=parse_zone(match["zone"]))
    return localize(day, clock, zone)


def parse_duration(value: str) -> timedelta:
    """`2h`, `1d`, `90m`, `1h30m`, `1w`."""
    text = str(value).strip().replace(" ", "")
    pos, seconds = 0, 0
    for match in _DURATION.finditer(text):
        if match.start() != pos:
            break
        seconds += int(match.group(1)) * _DURATION_UNITS[match.group(2).lower()]
        pos = match.end()
    if not text or pos != len(text):
        raise ValueError(f"invalid duration {value!r}: expected e.g. 2h, 1d, 90m, 1h30m")
    return timedelta(seconds=seconds)


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


def local_end_text(moment: datetime, zone: tzinfo) -> str:
    """An end at local midnight reads as `24:00` of the day before, as editors write it."""
    local = moment.astimezone(zone)
    if (local.hour, local.minute, local.second) == (0, 0, 0):
        return (local - timedelta(days=1)).strftime("%Y-%m-%d 24:00")
    return local.strftime("%Y-%m-%d %H:%M")


def describe_range(start: datetime, end: datetime, zone: tzinfo) -> str:
    """`2026-01-08 16:00 – 2026-01-26 24:00 (UTC+8)`."""
    return f"{local_text(start, zone)} – {local_end_text(end, zone)} ({offset_label(zone, start)})"
