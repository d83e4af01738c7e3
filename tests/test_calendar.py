"""`publish calendar`: the month grid, JSON, and an ICS file that parses back with the right times."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import icalendar
import pytest

from tests.conftest import REPO, run_cli

UTC8 = timezone(timedelta(hours=8))
NOW = "2026-01-15 18:00"


def events(ics: str) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(ics).walk("VEVENT"))


@pytest.fixture(scope="module")
def shipped_plan():
    return run_cli("--dry-run", "--project", str(REPO), "--now", NOW, "--format", "json").json()


@pytest.fixture(scope="module")
def shipped_ics():
    run = run_cli("calendar", "--project", str(REPO), "--now", NOW, "--format", "ics")
    assert run.exit_code == 0, run.stderr
    return run.stdout


# -- text -------------------------------------------------------------------------------------


def test_text_calendar_is_a_month_grid_then_one_line_per_post():
    run = run_cli("calendar", "--project", str(REPO), "--now", NOW)
    assert run.exit_code == 0
    lines = run.stdout.splitlines()
    assert "now      2026-01-15 18:00 (UTC+8)" in lines
    assert lines[lines.index(" Mo       Tu       We       Th       Fr       Sa       Su") - 1].startswith("January 2026")
    assert "  5        6        7      [ 8]:9   [ 9]     [10]     [11]:5" in lines
    assert "[26]:9    27       28       29       30       31" in lines
    assert "  Thu 08  16:00  x-tw           zh-Hant  gate-square-cny-2026         missed" in lines
    assert "  Sat 17  20:00  x-tw           zh-Hant  gate-square-cny-2026         scheduled" in lines
    assert sum(1 for line in lines if line.startswith("  ") and line.rstrip().endswith(("missed", "due", "scheduled"))) == 52


def test_text_calendar_lists_late_posts_as_warnings():
    run = run_cli("calendar", "--project", str(REPO), "--now", NOW)
    late = [line for line in run.stdout.splitlines() if "schedule/late" in line]
    assert len(late) == 3 and late[0].startswith("campaign.yaml:24:")
    assert "9 posts of 'gate-square-cny-2026' missed at 2026-01-15 18:00: 2026-01-08 16:00 on 9 channels; more than 1h late" in late[0]


def test_text_calendar_shows_offsets_when_dst_changes_them(copy_fixture):
    root = copy_fixture("schedule-new-york")
    run = run_cli("calendar", "--project", str(root), "--now", "2026-03-01 00:00")
    assert "  Sat 07  09:00 UTC-5      x-main" in run.stdout and "  Mon 09  09:00 UTC-4      x-main" in run.stdout


def test_calendar_with_a_schedule_error_exits_1_and_says_where(copy_fixture):
    root = copy_fixture("outside-window")
    run = run_cli("calendar", "--project", str(root), "--now", "2026-01-01 00:00")
    assert run.exit_code == 1
    assert "campaign.yaml:9:" in run.stdout and "schedule/outside-window" in run.stdout


# -- JSON -------------------------------------------------------------------------------------


def test_json_calendar_groups_posts_by_local_day(shipped_plan):
    data = run_cli("calendar", "--project", str(REPO), "--now", NOW, "--format", "json").json()
    assert data["campaign"] == shipped_plan["campaign"]
    assert [d["date"] for d in data["days"]] == ["2026-01-08", "2026-01-11", "2026-01-14", "2026-01-15", "2026-01-17", "2026-01-20", "2026-01-23", "2026-01-26"]
    keys = [p["key"] for day in data["days"] for p in day["posts"]]
    assert keys == [p["key"] for p in shipped_plan["posts"]]
    assert all(p["at"].startswith(day["date"]) and p["at"].endswith("+08:00") for day in data["days"] for p in day["posts"])
    assert {d["code"] for d in data["diagnostics"]} == {"schedule/late"}


# -- ICS --------------------------------------------------------------------------------------


def test_ics_of_the_shipped_campaign_has_the_window_and_every_post(shipped_ics, shipped_plan):
    found = events(shipped_ics)
    assert len(found) == len(shipped_plan["posts"]) + 1
    window = [e for e in found if "campaign window" in str(e["SUMMARY"])]
    assert len(window) == 1
    assert window[0].decoded("DTSTART").astimezone(UTC8) == datetime(2026, 1, 8, 16, 0, tzinfo=UTC8)
    assert window[0].decoded("DTEND").astimezone(UTC8) == datetime(2026, 1, 27, 0, 0, tzinfo=UTC8)


def test_ics_posts_parse_back_at_their_local_times_with_their_text(shipped_ics, shipped_plan):
    posts = {p["key"]: p for p in shipped_plan["posts"]}
    for event in events(shipped_ics):
        if "X-PUBLISHER-KEY" not in event:
            continue
        post = posts.pop(str(event["X-PUBLISHER-KEY"]))
        start = event.decoded("DTSTART")
        assert start.utcoffset() == timedelta(hours=8)
        assert start.isoformat() == post["at"]
        description = str(event["DESCRIPTION"])
        assert all(part["text"] in description for part in post["parts"])
    assert posts == {}


def test_ics_declares_the_fixed_offset_it_uses(shipped_ics):
    calendar = icalendar.Calendar.from_ical(shipped_ics)
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "UTC+08:00"
    assert 'DTSTART;TZID="UTC+08:00":20260108T160000' in shipped_ics


def test_ics_uids_are_stable_across_runs_and_unique(shipped_ics):
    later = run_cli("calendar", "--project", str(REPO), "--now", "2026-01-20 09:00", "--format", "ics").stdout
    uids = [str(e["UID"]) for e in events(shipped_ics)]
    assert len(uids) == len(set(uids))
    assert uids == [str(e["UID"]) for e in events(later)]
    assert [str(e["DTSTAMP"].to_ical(), "ascii") for e in events(later)][0] == "20260120T010000Z"


def test_ics_status_follows_the_plan(shipped_ics):
    statuses = {str(e["X-PUBLISHER-KEY"]): str(e["STATUS"]) for e in events(shipped_ics) if "X-PUBLISHER-KEY" in e}
    assert set(statuses.values()) == {"CANCELLED", "CONFIRMED"}  # missed before NOW, scheduled after


def test_ics_window_from_midnight_to_midnight_is_all_day(copy_fixture):
    root = copy_fixture("minimal")
    text = (root / "campaign.yaml").read_text(encoding="utf-8").replace('start: "2026-01-08 16:00"', 'start: "2026-01-08 00:00"')
    (root / "campaign.yaml").write_text(text, encoding="utf-8")
    run = run_cli("calendar", "--project", str(root), "--now", "2026-01-01 00:00", "--format", "ics")
    (window,) = [e for e in events(run.stdout) if "campaign window" in str(e["SUMMARY"])]
    assert window.decoded("DTSTART") == date(2026, 1, 8) and window.decoded("DTEND") == date(2026, 1, 27)


def test_ics_in_an_iana_zone_keeps_wall_clock_times_across_dst(copy_fixture):
    root = copy_fixture("schedule-new-york")
    run = run_cli("calendar", "--project", str(root), "--now", "2026-03-01 00:00", "--format", "ics")
    assert run.exit_code == 0
    calendar = icalendar.Calendar.from_ical(run.stdout)
    assert [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")] == ["America/New_York"]
    starts = sorted(e.decoded("DTSTART") for e in calendar.walk("VEVENT") if "X-PUBLISHER-KEY" in e)
    new_york = ZoneInfo("America/New_York")
    assert [s.astimezone(new_york).strftime("%m-%d %H:%M %z") for s in starts] == ["03-07 09:00 -0500", "03-09 09:00 -0400"]


def test_ics_in_utc_writes_z_times(copy_fixture):
    root = copy_fixture("minimal")
    text = (root / "campaign.yaml").read_text(encoding="utf-8").replace('timezone: "+08:00"', "timezone: UTC")
    (root / "campaign.yaml").write_text(text.replace('at: "2026-01-08 16:00"', 'at: "2026-01-09 10:00"'), encoding="utf-8")
    run = run_cli("calendar", "--project", str(root), "--now", "2026-01-01 00:00", "--format", "ics")
    assert "DTSTART:20260109T100000Z" in run.stdout and "VTIMEZONE" not in run.stdout


def test_ics_keeps_stdout_clean_and_reports_checks_on_stderr(copy_fixture):
    root = copy_fixture("outside-window")
    run = run_cli("calendar", "--project", str(root), "--now", "2026-01-01 00:00", "--format", "ics")
    assert run.exit_code == 1
    assert run.stdout.startswith("BEGIN:VCALENDAR") and run.stdout.rstrip().endswith("END:VCALENDAR")
    assert "campaign.yaml:9:" in run.stderr and "schedule/outside-window" in run.stderr
    (post,) = [e for e in events(run.stdout) if "X-PUBLISHER-KEY" in e]
    assert str(post["STATUS"]) == "TENTATIVE"
