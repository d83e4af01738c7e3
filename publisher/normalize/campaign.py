"""Campaign facts that must agree: prize-pool arithmetic and the event period.

`campaign/prize-total`
    Why is this bad? A prize pool whose parts add up to more than its total, or a total stated
    as two different amounts, is a promise the exchange cannot keep. Example: total 60,000 USD
    with pools of 50,000 and 20,000 USD (error); a title saying `$80,000 獎池` for a 60,000 USD
    total (error); pools that itemize only 35,000 USD of 60,000 USD (warning: the rest should
    be named, e.g. the Top-poster rewards). Fix safety: none, an editor decides.

`campaign/period-mismatch`
    Why is this bad? Readers act on the dates in the text; a period that disagrees with the
    window the posts are scheduled in sends them to a closed event. Checks the event's
    structured `period` and the periods written in its prose (see `normalize.dates`): ranges
    such as `2026 年 1 月 8 日 16:00 – 1 月 26 日 24:00(UTC+8)`, `1/8 16:00 - 1/26 24:00`,
    `2026-01-08 16:00 至 2026-01-26 24:00`, `Jan 8, 2026 4pm – Jan 26, 2026 midnight`, and a
    single deadline (`截止 1 月 26 日 24:00`) or start, against `campaign.window`. Times are
    compared as instants (a stated zone such as `UTC+8` or `Z` is honoured, the campaign's
    zone otherwise); a side given as a date alone is compared by its day; a missing year is
    the one nearest the window. An end written `23:59` or `23:59:59` agrees with a `24:00`
    window end. Skipped: dates without a range or marker (a date the text is about), and time
    spans within one day (`1 月 10 日 20:00-21:00`, a live session). Severity: error.
    Fix safety: none.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone, tzinfo
from decimal import Decimal

import regex

from publisher import timeutil
from publisher.diagnostics import Diagnostic, point_diagnostic, span_diagnostic
from publisher.normalize import dates
from publisher.normalize.number import Amount, parse_amounts
from publisher.model import EventRecord, Money
from publisher.project import Project, RecordDoc
from publisher.prose import record_segments

_POOL_WORD = r"(?:總?獎池|总?奖池|獎金池|奖金池|總獎金|总奖金|prize pool)"
_POOL_AFTER = regex.compile(rf"[^\n，。,.;；!！?？]{{0,8}}?{_POOL_WORD}", regex.IGNORECASE)
"""A prize-pool word shortly after an amount: `$60,000 豪華獎池`."""
_POOL_BEFORE = regex.compile(rf"{_POOL_WORD}[\s:：]{{0,3}}\Z", regex.IGNORECASE)
"""A prize-pool word just before an amount: `總獎池：$60,000`."""

_END_SLACK = timedelta(minutes=1)
"""Stated ends this close to the window's end agree with it: 23:59 and 23:59:59 close a day as 24:00 does."""


def check_record(doc: RecordDoc, project: Project) -> Iterator[Diagnostic]:
    record = doc.record
    if not isinstance(record, EventRecord):
        return
    yield from _prize_total(doc, record)
    yield from _period(doc, record, project)


def _prize_total(doc: RecordDoc, record: EventRecord) -> Iterator[Diagnostic]:
    prize = record.prize_pool
    if prize is None:
        return
    file, meta = doc.file, doc.doc.meta

    def at(path: tuple, severity: str, message: str) -> Diagnostic:
        span = meta.source_map.nearest(path)
        line, column = file.index.position(span.start) if span else (1, 1)
        return point_diagnostic(file.name, line, column, "campaign/prize-total", severity, message)  # type: ignore[arg-type]

    total = prize.total
    units = {pool.amount.unit for pool in prize.pools} | {total.unit}
    if len(units) > 1:
        yield at(("prize_pool", "pools"), "error", f"pools are in {', '.join(sorted(u or 'no unit' for u in units))}; state every amount in one unit to check the total")
        return
    itemized = sum((pool.amount.value for pool in prize.pools), Decimal(0))
    if itemized > total.value:
        yield at(("prize_pool", "total"), "error", f"pools add up to {_money(itemized, total)}, more than the total {total}")
    elif prize.pools and itemized < total.value:
        yield at(("prize_pool", "total"), "warning", f"pools itemize {_money(itemized, total)} of the {total} total; {_money(total.value - itemized, total)} is not itemized")

    allowed = {total.value} | {pool.amount.value for pool in prize.pools}
    for segment in record_segments(doc.doc):
        for amount in parse_amounts(segment.text, record.lang):
            if amount.unit != total.unit or amount.value in allowed or not _names_a_pool(segment.text, amount):
                continue
            start, end = (segment.offset + amount.start, segment.offset + amount.end) if segment.exact else (segment.offset, segment.offset)
            yield span_diagnostic(
                file.name,
                file.index,
                start,
                end,
                "campaign/prize-total",
                "error",
                f"prize pool stated as {amount.text} here, but prize_pool.total is {total} and no pool has that amount",
            )


def _names_a_pool(text: str, amount: Amount) -> bool:
    return bool(_POOL_AFTER.match(text, amount.end) or _POOL_BEFORE.search(text, max(0, amount.start - 12), amount.start))


def _money(value: Decimal, like: Money) -> str:
    return str(Money(value, like.unit))


def _period(doc: RecordDoc, record: EventRecord, project: Project) -> Iterator[Diagnostic]:
    window = project.window
    if window is None:
        return
    start, end = window
    zone = project.zone
    file, meta = doc.file, doc.doc.meta
    described = timeutil.describe_range(start, end, zone)
    if record.period is not None:
        period_zone = timeutil.parse_zone(record.period.timezone) if record.period.timezone else zone
        stated = (
            ("start", timeutil.parse_datetime(record.period.start, period_zone), start),
            ("end", timeutil.parse_datetime(record.period.end, period_zone, allow_24=True), end),
        )
        for name, value, expected in stated:
            if value != expected:
                span = meta.source_map.nearest(("period", name))
                line, column = file.index.position(span.start) if span else (1, 1)
                yield point_diagnostic(
                    file.name, line, column, "campaign/period-mismatch", "error",
                    f"period.{name} is {_shown(value, zone, end=name == 'end')}, but the campaign window is {described}",
                )
    for segment in record_segments(doc.doc):
        for stated in dates.stated_periods(segment.text):
            what = _disagreement(stated, start, end, zone)
            if what is None:
                continue
            s, e = (segment.offset + stated.start, segment.offset + stated.end) if segment.exact else (segment.offset, segment.offset)
            yield span_diagnostic(
                file.name, file.index, s, e, "campaign/period-mismatch", "error",
                f"the text states {what}, but the campaign window is {described}",
            )


def _disagreement(stated: dates.Stated, start: datetime, end: datetime, zone: tzinfo) -> str | None:
    """What a stated period says, in the campaign's zone, when it disagrees with the window;
    None when it agrees or does not name a real date."""
    first = _resolve(stated.first, start, zone) if stated.first else None
    last = _resolve(stated.last, start, zone, not_before=_day(first, zone) if first else None) if stated.last else None
    if (stated.first and first is None) or (stated.last and last is None):
        return None
    if (first is None or _agrees(first, start, zone)) and (last is None or _agrees(last, end, zone, end=True)):
        return None
    label = f" ({timeutil.offset_label(zone, start)})" if isinstance(first, datetime) or isinstance(last, datetime) else ""
    if first is not None and last is not None:
        return f"{_shown(first, zone, end=False)} – {_shown(last, zone, end=True)}{label}"
    if last is not None:
        return f"a deadline of {_shown(last, zone, end=True)}{label}"
    assert first is not None
    return f"a start of {_shown(first, zone, end=False)}{label}"


def _agrees(stated: date | datetime, bound: datetime, zone: tzinfo, *, end: bool = False) -> bool:
    """A stated instant against a window bound (an end within `_END_SLACK`); a date alone
    against the window's first day, or its last day (the day before a 24:00 end)."""
    if isinstance(stated, datetime):
        apart = abs(bound.astimezone(timezone.utc) - stated.astimezone(timezone.utc))
        return apart <= _END_SLACK if end else apart == timedelta(0)
    return stated == _day(bound - timedelta(microseconds=1) if end else bound, zone)


def _day(value: date | datetime, zone: tzinfo) -> date:
    return value.astimezone(zone).date() if isinstance(value, datetime) else value


def _resolve(written: dates.Written, reference: datetime, zone: tzinfo, *, not_before: date | None = None) -> date | datetime | None:
    """The date (no time written) or instant a written date means. A missing year is the one
    that puts the date nearest the window's start, and never before the range's first day."""
    if written.month is None:
        return None
    around = reference.astimezone(zone).date()
    try:
        if written.year is not None:
            day = date(written.year, written.month, written.day)
        else:
            day = min((date(y, written.month, written.day) for y in (around.year - 1, around.year, around.year + 1)), key=lambda d: abs(d - around))
            if not_before is not None and day < not_before:
                day = date(day.year + 1, day.month, day.day)
    except ValueError:
        return None
    if written.clock is None:
        return day
    if written.end_of_day:
        day += timedelta(days=1)
    return timeutil.localize(day, written.clock, written.zone or zone)


def _shown(value: date | datetime, zone: tzinfo, *, end: bool) -> str:
    if not isinstance(value, datetime):
        return value.isoformat()
    return timeutil.local_end_text(value, zone) if end else timeutil.local_text(value, zone)
