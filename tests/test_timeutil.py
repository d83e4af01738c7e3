"""Time parsing: zones, offsets, 24:00 as the end of a day, durations."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from publisher import timeutil

UTC8 = timezone(timedelta(hours=8))


@pytest.mark.parametrize("text", ["+08:00", "UTC+8", "utc+08:00", "GMT+8", "+0800"])
def test_fixed_offsets_in_every_spelling(text):
    assert timeutil.parse_zone(text).utcoffset(None) == timedelta(hours=8)


def test_iana_zone_is_dst_aware():
    zone = timeutil.parse_zone("America/New_York")
    winter = timeutil.parse_datetime("2026-01-08 16:00", zone)
    summer = timeutil.parse_datetime("2026-07-08 16:00", zone)
    assert winter.utcoffset() == timedelta(hours=-5)
    assert summer.utcoffset() == timedelta(hours=-4)


@pytest.mark.parametrize("text", ["Asia/Taipeh", "+15:00", "UTC+8:75", "eight"])
def test_bad_zone_is_refused_with_a_reason(text):
    with pytest.raises(ValueError, match="offset|time zone"):
        timeutil.parse_zone(text)


def test_window_end_24h_is_next_midnight():
    end = timeutil.parse_datetime("2026-01-26 24:00", UTC8, allow_24=True)
    assert end == datetime(2026, 1, 27, 0, 0, tzinfo=UTC8)


def test_24h_is_refused_where_not_an_end():
    with pytest.raises(ValueError, match="only allowed as the end of a day"):
        timeutil.parse_datetime("2026-01-26 24:00", UTC8)


@pytest.mark.parametrize("text", ["2026-01-26 24:01", "2026-01-26 25:00", "2026-01-26 23:60"])
def test_impossible_times_are_refused(text):
    with pytest.raises(ValueError, match="invalid time"):
        timeutil.parse_datetime(text, UTC8, allow_24=True)


def test_impossible_date_is_refused():
    with pytest.raises(ValueError, match="day is out of range"):
        timeutil.parse_datetime("2026-02-30 12:00", UTC8)


def test_time_with_its_own_offset_keeps_it():
    moment = timeutil.parse_datetime("2026-01-08T08:00:00Z", UTC8)
    assert moment == datetime(2026, 1, 8, 16, 0, tzinfo=UTC8)
    assert timeutil.iso(moment, UTC8) == "2026-01-08T16:00:00+08:00"


@pytest.mark.parametrize(("text", "delta"), [("2h", timedelta(hours=2)), ("1d", timedelta(days=1)), ("1h30m", timedelta(minutes=90)), ("1w", timedelta(weeks=1))])
def test_durations(text, delta):
    assert timeutil.parse_duration(text) == delta


@pytest.mark.parametrize("text", ["", "2x", "h2", "2h!"])
def test_bad_durations_are_refused(text):
    with pytest.raises(ValueError, match="invalid duration"):
        timeutil.parse_duration(text)


def test_range_is_described_with_24h_end_and_offset():
    start = datetime(2026, 1, 8, 16, 0, tzinfo=UTC8)
    end = datetime(2026, 1, 27, 0, 0, tzinfo=UTC8)
    assert timeutil.describe_range(start, end, UTC8) == "2026-01-08 16:00 – 2026-01-26 24:00 (UTC+8)"


NEW_YORK = timeutil.parse_zone("America/New_York")


def test_zone_names_for_readers():
    assert timeutil.zone_name(NEW_YORK) == "America/New_York"
    assert timeutil.zone_name(UTC8) == "UTC+8"


@pytest.mark.parametrize(
    ("text", "issue"),
    [("2026-03-08 02:30", "nonexistent"), ("2026-11-01 01:30", "ambiguous"), ("2026-03-08 03:00", None), ("2026-11-01 02:00", None)],
)
def test_wall_clock_issues_at_dst_changes(text, issue):
    local = datetime.fromisoformat(text)
    assert timeutil.wall_clock_issue(local, NEW_YORK) == issue
    assert timeutil.wall_clock_issue(local, UTC8) is None


def test_time_skipped_by_dst_moves_forward_by_the_gap():
    moment = timeutil.parse_datetime("2026-03-08 02:30", NEW_YORK)
    assert moment.isoformat() == "2026-03-08T03:30:00-04:00"


def test_ambiguous_time_is_the_first_of_the_two():
    moment = timeutil.parse_datetime("2026-11-01 01:30", NEW_YORK)
    assert moment.utcoffset() == timedelta(hours=-4)


@pytest.mark.parametrize(("text", "days", "exact"), [("1d", 1, timedelta(0)), ("1w2d", 9, timedelta(0)), ("24h", 0, timedelta(hours=24)), ("1d2h", 1, timedelta(hours=2))])
def test_calendar_durations_keep_days_apart_from_elapsed_time(text, days, exact):
    assert timeutil.parse_calendar_duration(text) == timeutil.CalendarDuration(days, exact)


def test_shifting_by_a_day_keeps_the_wall_clock_and_by_24h_does_not():
    before = timeutil.parse_datetime("2026-03-07 09:00", NEW_YORK)
    by_day, _ = timeutil.shift(before, timeutil.parse_calendar_duration("1d"), NEW_YORK)
    by_hours, _ = timeutil.shift(before, timeutil.parse_calendar_duration("24h"), NEW_YORK)
    assert by_day.isoformat() == "2026-03-08T09:00:00-04:00"
    assert by_hours.isoformat() == "2026-03-08T10:00:00-04:00"


def test_shifting_onto_a_skipped_time_returns_the_time_it_landed_on():
    before = timeutil.parse_datetime("2026-03-07 02:30", NEW_YORK)
    moment, landed = timeutil.shift(before, timeutil.parse_calendar_duration("1d"), NEW_YORK)
    assert moment.isoformat() == "2026-03-08T03:30:00-04:00" and landed == datetime(2026, 3, 8, 2, 30)


@pytest.mark.parametrize(
    ("text", "inside", "outside"),
    [("23:00-08:00", ["23:00", "00:00", "07:59"], ["22:59", "08:00", "12:00"]), ("12:00-14:00", ["12:00", "13:59"], ["11:59", "14:00"]), ("22:00-24:00", ["22:00", "23:59"], ["21:59", "00:00"])],
)
def test_daily_ranges_include_their_start_and_exclude_their_end(text, inside, outside):
    span = timeutil.parse_daily_range(text)
    at = lambda clock: datetime.fromisoformat(f"2026-01-10 {clock}")  # noqa: E731
    assert all(span.contains(at(c)) for c in inside) and not any(span.contains(at(c)) for c in outside)


@pytest.mark.parametrize("text", ["23:00", "late", "08:00-08:00", "24:00-08:00", "23:00-25:00"])
def test_bad_daily_ranges_are_refused(text):
    with pytest.raises(ValueError, match="invalid time"):
        timeutil.parse_daily_range(text)
