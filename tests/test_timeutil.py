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
