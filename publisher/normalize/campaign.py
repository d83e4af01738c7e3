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
    structured `period` and every date range written in its prose, such as
    `2026 年 1 月 8 日 16:00 – 1 月 26 日 24:00(UTC+8)`, against `campaign.window`.
    Fix safety: none.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta, tzinfo
from decimal import Decimal

import regex

from publisher import timeutil
from publisher.diagnostics import Diagnostic, point_diagnostic, span_diagnostic
from publisher.normalize.number import parse_money
from publisher.model import EventRecord, Money
from publisher.project import Project, RecordDoc
from publisher.prose import record_segments

_MONEY = r"(?:US\$|\$)\s?\d[\d,]*(?:\.\d+)?|\d[\d,]*(?:\.\d+)?\s?(?:美元|美金|USDT?|usdt?)"
_POOL_WORD = r"(?:總?獎池|总?奖池|獎金池|奖金池|總獎金|总奖金|prize pool)"
_STATED_POOL = regex.compile(
    rf"(?P<money>{_MONEY})[^\n，。,.;；!！?？]{{0,8}}?{_POOL_WORD}|{_POOL_WORD}[\s:：]{{0,3}}(?P<money2>{_MONEY})",
    regex.IGNORECASE,
)

_NUM = r"\d{1,4}"
_DATE = rf"(?:(?P<{{p}}y>\d{{{{4}}}})\s*[年/\-.]\s*)?(?:(?P<{{p}}m>\d{{{{1,2}}}})\s*[月/\-.]\s*)?(?P<{{p}}d>\d{{{{1,2}}}})\s*[日號号]?"
_CLOCK = r"(?P<{p}t>\d{{1,2}}:\d{{2}})"
_RANGE = regex.compile(
    rf"(?P<a>{_DATE.format(p='a')}\s*{_CLOCK.format(p='a')}?)"
    r"\s*(?:[-–—~～至到]|to)\s*"
    rf"(?P<b>{_DATE.format(p='b')}\s*{_CLOCK.format(p='b')}?)"
    r"(?:\s*[(（]?\s*(?P<zone>UTC\s*[+-]\s*\d{1,2}(?::?\d{2})?|GMT\s*[+-]\s*\d{1,2})\s*[)）]?)?",
    regex.IGNORECASE,
)


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
        for match in _STATED_POOL.finditer(segment.text):
            money_text = match["money"] or match["money2"]
            try:
                value, unit = parse_money(money_text.replace(" ", ""))
            except ValueError:
                continue
            if (unit or total.unit) == total.unit and value not in allowed:
                start = segment.offset + (match.start("money") if match["money"] else match.start("money2"))
                end = start + len(money_text)
                if not segment.exact:
                    start = end = segment.offset
                yield span_diagnostic(
                    file.name,
                    file.index,
                    start,
                    end,
                    "campaign/prize-total",
                    "error",
                    f"prize pool stated as {money_text} here, but prize_pool.total is {total} and no pool has that amount",
                )


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
                    f"period.{name} is {timeutil.local_text(value, zone)}, but the campaign window is {described}",
                )
    for segment in record_segments(doc.doc):
        for match in _RANGE.finditer(segment.text):
            stated = _stated_range(match, start, zone)
            if stated is None or stated == (start, end):
                continue
            s, e = (segment.offset + match.start(), segment.offset + match.end()) if segment.exact else (segment.offset, segment.offset)
            yield span_diagnostic(
                file.name, file.index, s, e, "campaign/period-mismatch", "error",
                f"the text states {timeutil.describe_range(stated[0], stated[1], zone)}, but the campaign window is {described}",
            )


def _stated_range(match: regex.Match[str], window_start: datetime, zone: tzinfo) -> tuple[datetime, datetime] | None:
    """The instants a written range means, or None when it is not a full date-time range.

    Missing years and months are carried from the first date (and the first year from the
    window); both ends need a time of day, so plain date spans like `1/8-1/26` are left alone.
    """
    if not (match["at"] and match["bt"] and match["am"]):
        return None
    stated_zone = zone
    if match["zone"]:
        try:
            stated_zone = timeutil.parse_zone(match["zone"].replace(" ", ""))
        except ValueError:
            return None
    year = int(match["ay"] or window_start.astimezone(zone).year)
    month = int(match["am"])
    try:
        first_day = date(year, month, int(match["ad"]))
        second_day = date(int(match["by"] or year), int(match["bm"] or month), int(match["bd"]))
        first_clock, _ = timeutil.parse_time_of_day(match["at"])
        second_clock, next_day = timeutil.parse_time_of_day(match["bt"], allow_24=True)
    except ValueError:
        return None
    if next_day:
        second_day += timedelta(days=1)
    return (
        timeutil.localize(first_day, first_clock, stated_zone),
        timeutil.localize(second_day, second_clock, stated_zone),
    )

