"""Dates and times written in prose: event periods (ranges), deadlines and stated starts.

`stated_periods(text)` finds, with their spans:

* ranges: `2026 年 1 月 8 日 16:00 – 1 月 26 日 24:00(UTC+8)`, `1/8 16:00 - 1/26 24:00`,
  `2026-01-08 16:00 至 2026-01-26 24:00`, `Jan 8, 2026 4pm – Jan 26, 2026 midnight`,
  `1 月 8 日至 26 日` (the second date may leave out the year and month, or be a time alone);
* deadlines: `截止 1 月 26 日 24:00`, `1 月 26 日 24:00 截止`, `until Jan 26 midnight`;
* starts: `1 月 8 日 16:00 開始`, `starts Jan 8, 2026 4pm`.

A single date without a range or a marker (`12 月 11 日`, a date the text is about) is not a
period and is ignored, as are slash dates without a time outside a range (`1/3` is as likely a
fraction). Times are `16:00[:00]`, `4pm`, `4:30 p.m.`, `noon`, `midnight`, `下午 4 點`; zones
are `UTC+8`, `GMT+8`, `(UTC+08:00)`, an ISO `Z` or `+08:00` right after a time, and the
Chinese `北京時間`-style names of UTC+8. The parse is pure and knows no window: a missing year
is left for the caller to infer.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import time, timedelta, timezone, tzinfo
from typing import Literal

import regex

from publisher import timeutil

_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december")
_MONTH = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DATE = (
    r"(?:"
    r"(?:(?P<y>\d{4})\s*年\s*)?(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日號号]?"
    r"|(?<![\d/.])(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?![\d/.])"
    r"|(?<![\d/.])(?P<slash>(?P<m>\d{1,2})/(?P<d>\d{1,2}))(?![\d/])"
    rf"|\b{_MONTH}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>\d{{4}})\b)?"
    rf"|\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH}(?:,?\s+(?P<y>\d{{4}})\b)?"
    r")"
)
_DAY_ONLY = r"(?P<d>\d{1,2})\s*[日號号]"
_TIME = (
    r"(?:"
    r"(?P<h>\d{1,2})[:：](?P<mi>\d{2})(?:[:：](?P<s>\d{2}))?(?:\s*(?P<ap>[ap])\.?m\b\.?)?"
    r"|(?P<h>\d{1,2})\s*(?P<ap>[ap])\.?m\b\.?"
    r"|(?P<word>noon|midnight)"
    r"|(?P<cap>上午|下午|晚上|中午|凌晨)?\s*(?P<h>\d{1,2})\s*[點点時时](?:\s*(?P<mi>\d{1,2})\s*分)?"
    r")"
)
_ISO_ZONE = r"(?P<izone>Z(?![a-z])|[+-]\d{2}:?\d{2}(?![\d/-]))"
_ZONE = r"\s*[(（]?\s*(?P<zone>(?:UTC|GMT)\s*[+-]\s*\d{1,2}(?::?\d{2})?|UTC|GMT|(?:北京|台北|臺北|香港|新加坡)[時时]間)\s*[)）]?"
_AFTER_DATE = rf"(?:(?:\s*(?:T|,|at|@)?\s*){_TIME}{_ISO_ZONE}?)?(?:{_ZONE})?"
_MOMENT = regex.compile(_DATE + _AFTER_DATE, regex.IGNORECASE)
_CONNECTOR = r"\s*(?:[-–—~～〜至到]|to|until|till|through|thru)\s*"
_GAP = regex.compile(_CONNECTOR, regex.IGNORECASE)
_SHORT_END = regex.compile(rf"{_CONNECTOR}(?:(?P<day_only>{_DAY_ONLY}{_AFTER_DATE})|{_TIME})", regex.IGNORECASE)
_DEADLINE_BEFORE = regex.compile(
    r"(?:截止(?:至|到|時間|时间|日期)?|截至|至|until|till|through|deadline|ends?(?:\s+(?:on|at))?|closes?(?:\s+(?:on|at))?|結束(?:時間|日期)?|结束(?:时间|日期)?)\s*[:：]?\s*\Z",
    regex.IGNORECASE,
)
_DEADLINE_AFTER = regex.compile(r"\s*(?:截止|止|結束|结束)", regex.IGNORECASE)
_START_BEFORE = regex.compile(r"(?:starts?(?:\s+(?:on|at))?|begins?(?:\s+(?:on|at))?|開始(?:時間)?|开始(?:时间)?)\s*[:：]?\s*\Z", regex.IGNORECASE)
_START_AFTER = regex.compile(r"\s*(?:開始|开始|起)", regex.IGNORECASE)
_UTC8_NAMES = ("北京", "台北", "臺北", "香港", "新加坡")
_LOOKBEHIND = 16


@dataclass(frozen=True)
class Written:
    """One date as written; `year` and `month` may be missing, `clock` is None for a date alone."""

    year: int | None
    month: int | None
    day: int
    clock: time | None = None
    end_of_day: bool = False
    """Written `24:00` (or `midnight` at the end of a period): 00:00 of the next day."""
    zone: tzinfo | None = None


@dataclass(frozen=True)
class Stated:
    """A period stated in text, `[start, end)` of it; `first` or `last` is None for a deadline
    (no start) or a stated start (no end)."""

    start: int
    end: int
    first: Written | None
    last: Written | None


def stated_periods(text: str) -> list[Stated]:
    """Every range, deadline and stated start in `text`, in order.

    A date followed by a time span of its own day (`1 月 10 日 20:00-21:00`, a live session)
    is not the event's period and is skipped.
    """
    moments = list(_MOMENT.finditer(text))
    found: list[Stated] = []
    skip = -1
    for i, match in enumerate(moments):
        if i <= skip:
            continue
        following = moments[i + 1] if i + 1 < len(moments) else None
        if following is not None and _GAP.fullmatch(text, match.end(), following.start()):
            found.extend(_range(match.start(), following.end(), _written(match, end=False), _written(following, end=True)))
            skip = i + 1
            continue
        short = _SHORT_END.match(text, match.end())
        if short is not None:
            if short["day_only"]:
                found.extend(_range(match.start(), short.end(), _written(match, end=False), _written(short, end=True)))
            continue
        if match["slash"] and match["h"] is None and match["word"] is None:
            continue
        marker = _marker(text, match)
        written = _written(match, end=marker == "end") if marker else None
        if written is not None:
            found.append(Stated(match.start(), match.end(), written if marker == "start" else None, written if marker == "end" else None))
    return found


def _marker(text: str, match: regex.Match[str]) -> Literal["start", "end"] | None:
    """Whether words around a lone date make it the period's end (a deadline) or its start."""
    before = text[max(0, match.start() - _LOOKBEHIND) : match.start()]
    if _DEADLINE_BEFORE.search(before) or _DEADLINE_AFTER.match(text, match.end()):
        return "end"
    if _START_BEFORE.search(before) or _START_AFTER.match(text, match.end()):
        return "start"
    return None


def _range(start: int, end: int, first: Written | None, last: Written | None) -> list[Stated]:
    """A range whose ends share what only one of them states (the zone, the year, the month)."""
    if first is None or last is None:
        return []
    zone = first.zone or last.zone
    year = first.year if first.year is not None else last.year
    last = replace(last, year=last.year if last.year is not None else year, month=last.month or first.month, zone=zone)
    return [Stated(start, end, replace(first, year=year, zone=zone), last)]


def _written(match: regex.Match[str], *, end: bool) -> Written | None:
    """The date a match states, or None when it is not a real date and time."""
    groups = match.groupdict()
    month = _month(groups)
    day = int(groups["d"]) if groups.get("d") else None
    if day is None or not 1 <= day <= 31 or month is not None and not 1 <= month <= 12:
        return None
    try:
        clock = _clock(groups, end=end)
        zone = _zone(groups.get("zone") or groups.get("izone"))
    except ValueError:
        return None
    year = int(groups["y"]) if groups.get("y") else None
    return Written(year, month, day, *(clock or (None, False)), zone)


def _clock(groups: dict[str, str | None], *, end: bool) -> tuple[time, bool] | None:
    """The time of day and whether it closes the day (`24:00`, `midnight` at an end)."""
    word = (groups.get("word") or "").lower()
    if word == "noon":
        return time(12), False
    if word == "midnight":
        return time(0), end
    if groups.get("h") is None:
        return None
    hour, minute, second = int(groups["h"]), int(groups.get("mi") or 0), int(groups.get("s") or 0)
    hour = _twelve_hour(hour, (groups.get("ap") or "").lower(), groups.get("cap") or "")
    return timeutil.parse_time_of_day(f"{hour}:{minute:02d}:{second:02d}", allow_24=end)


def _month(groups: dict[str, str | None]) -> int | None:
    name = (groups.get("mon") or "").lower().rstrip(".")
    if name:
        return next(i for i, full in enumerate(_MONTH_NAMES, 1) if full.startswith(name))
    return int(groups["m"]) if groups.get("m") else None


def _twelve_hour(hour: int, ap: str, cap: str) -> int:
    """A 12-hour clock reading (`4pm`, `下午 4 點`) on the 24-hour clock."""
    if ap or cap:
        if hour > 12 or hour == 0 and ap:
            raise ValueError(f"{hour} is not an hour of a 12-hour clock")
        if ap == "p" or cap in ("下午", "晚上") or cap == "中午" and hour < 11:
            return hour % 12 + 12
        if ap == "a" or cap == "凌晨":
            return hour % 12
    return hour


def _zone(text: str | None) -> tzinfo | None:
    if not text:
        return None
    if text.startswith(_UTC8_NAMES):
        return timezone(timedelta(hours=8))
    return timeutil.parse_zone(text.replace(" ", ""))
