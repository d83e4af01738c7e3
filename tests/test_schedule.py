"""Schedule rules expanded into slots inside the campaign window, and their checks."""

from __future__ import annotations

from datetime import timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from publisher.project import load_project
from publisher.schedule import MAX_SLOTS_PER_ENTRY, expand
from tests.conftest import run_cli

UTC8 = timezone(timedelta(hours=8))
NEW_YORK = ZoneInfo("America/New_York")


def schedule_of(copy_fixture, schedule: str, fixture: str = "minimal"):
    """Expand `schedule` (YAML list items) in a copy of `fixture`; the project must load clean."""
    root = copy_fixture(fixture)
    text = (root / "campaign.yaml").read_text(encoding="utf-8")
    (root / "campaign.yaml").write_text(text.split("schedule:")[0] + "schedule:\n" + schedule, encoding="utf-8")
    project = load_project(root)
    assert [d for d in project.diagnostics if d.severity == "error"] == []
    return expand(project)


def local(slots, zone=UTC8):
    return [s.at.astimezone(zone).strftime("%m-%d %H:%M") for s in slots]


def codes(schedule):
    return [(d.code, d.severity, d.line) for d in schedule.diagnostics]


# -- absolute times and anchors ---------------------------------------------------------------


def test_start_and_end_anchors_with_offsets(copy_fixture):
    schedule = schedule_of(copy_fixture, "  - {post: hello, at: start}\n  - {post: hello, at: start + 2h}\n  - {post: hello, at: end - 24h}\n")
    assert local(schedule.slots) == ["01-08 16:00", "01-08 18:00", "01-26 00:00"]
    assert schedule.diagnostics == []


def test_window_end_itself_is_outside(copy_fixture):
    schedule = schedule_of(copy_fixture, "  - {post: hello, at: end}\n")
    assert codes(schedule) == [("schedule/outside-window", "error", 9)]


@pytest.mark.parametrize(
    ("at", "inside"),
    [("2026-01-08 15:59", False), ("2026-01-08 16:00", True), ("2026-01-26 23:59", True), ("2026-01-27 00:00", False)],
)
def test_window_edges(copy_fixture, at, inside):
    schedule = schedule_of(copy_fixture, f'  - {{post: hello, at: "{at}"}}\n')
    assert (schedule.diagnostics == []) is inside
    assert [s.in_error for s in schedule.slots] == [not inside]


def test_24h_at_is_refused_at_its_entry(copy_fixture):
    schedule = schedule_of(copy_fixture, '  - {post: hello, at: "2026-01-26 24:00"}\n')
    assert codes(schedule) == [("schema/invalid", "error", 9)]
    assert "24:00 is only allowed as the end of a day" in schedule.diagnostics[0].message
    assert schedule.slots == [] and not schedule.complete


@pytest.mark.parametrize("at", ["2026-01-08T08:00:00Z", "2026-01-08T08:00Z", "2026-01-08T03:00:00-05:00", "2026-01-08 16:00+08:00", "2026-01-08T13:30+05:30"])
def test_times_in_other_offsets_are_converted_to_the_campaign_offset(copy_fixture, at):
    schedule = schedule_of(copy_fixture, f'  - {{post: hello, at: "{at}"}}\n')
    assert local(schedule.slots) == ["01-08 16:00"] and schedule.diagnostics == []


def test_utc_time_one_minute_early_is_outside(copy_fixture):
    schedule = schedule_of(copy_fixture, '  - {post: hello, at: "2026-01-08T07:59:00Z"}\n')
    assert codes(schedule) == [("schedule/outside-window", "error", 9)]
    assert "2026-01-08 15:59" in schedule.diagnostics[0].message


def test_allow_outside_lets_a_teaser_go_before_the_window(copy_fixture):
    schedule = schedule_of(copy_fixture, "  - {post: hello, at: start - 1d, allow_outside: true}\n")
    assert local(schedule.slots) == ["01-07 16:00"] and schedule.diagnostics == []
    assert not schedule.slots[0].in_error


def test_bad_at_expression_is_reported_at_its_entry(copy_fixture):
    root = copy_fixture("minimal")
    text = (root / "campaign.yaml").read_text(encoding="utf-8").replace('at: "2026-01-08 16:00"', "at: start + soon")
    (root / "campaign.yaml").write_text(text, encoding="utf-8")
    schedule = expand(load_project(root))
    assert schedule.slots == [] and codes(schedule) == [("schema/invalid", "error", 9)]


# -- recurring rules --------------------------------------------------------------------------


def test_recurring_rule_is_clipped_to_the_window(copy_fixture):
    schedule = schedule_of(copy_fixture, '  - {post: hello, every: 1d, time: "10:00"}\n')
    # 8 Jan 10:00 is before the 16:00 start; 26 Jan 10:00 is the last inside.
    assert local(schedule.slots)[0] == "01-09 10:00" and local(schedule.slots)[-1] == "01-26 10:00"
    assert len(schedule.slots) == 18 and schedule.diagnostics == []


@pytest.mark.parametrize(("clock", "first", "last"), [("15:59", "01-09 15:59", "01-26 15:59"), ("16:00", "01-08 16:00", "01-26 16:00")])
def test_recurring_rule_at_the_window_start_keeps_16h_and_drops_15h59(copy_fixture, clock, first, last):
    schedule = schedule_of(copy_fixture, f'  - {{post: hello, every: 1d, time: "{clock}"}}\n')
    assert local(schedule.slots)[0] == first and local(schedule.slots)[-1] == last


def test_recurring_rule_at_23h59_reaches_the_last_day(copy_fixture):
    schedule = schedule_of(copy_fixture, '  - {post: hello, every: 1d, time: "23:59"}\n')
    assert local(schedule.slots)[-1] == "01-26 23:59" and len(schedule.slots) == 19


def test_recurring_rule_with_from_until_and_weekdays(copy_fixture):
    schedule = schedule_of(copy_fixture, '  - {post: hello, every: 1d, time: "20:00", from: "2026-01-10", until: "2026-01-20", weekdays: [sat, sun]}\n')
    assert local(schedule.slots) == ["01-10 20:00", "01-11 20:00", "01-17 20:00", "01-18 20:00"]


@pytest.mark.parametrize(
    ("until", "last"), [("2026-01-20", "01-20 20:00"), ("2026-01-20 24:00", "01-20 20:00"), ("2026-01-20 20:00", "01-19 20:00")]
)
def test_until_a_date_includes_that_day_and_until_a_time_excludes_it(copy_fixture, until, last):
    schedule = schedule_of(copy_fixture, f'  - {{post: hello, every: 1d, time: "20:00", from: "2026-01-18", until: "{until}"}}\n')
    assert local(schedule.slots)[0] == "01-18 20:00" and local(schedule.slots)[-1] == last


def test_from_and_until_outside_the_window_are_clipped_to_it(copy_fixture):
    schedule = schedule_of(copy_fixture, '  - {post: hello, every: 1d, time: "12:00", from: "2026-01-01", until: "2026-02-10"}\n')
    assert local(schedule.slots)[0] == "01-09 12:00" and local(schedule.slots)[-1] == "01-26 12:00"
    assert schedule.diagnostics == []


def test_every_without_time_steps_from_the_window_start(copy_fixture):
    schedule = schedule_of(copy_fixture, "  - {post: hello, every: 6h, from: end - 1d}\n")
    assert local(schedule.slots) == ["01-26 00:00", "01-26 06:00", "01-26 12:00", "01-26 18:00"]


def test_time_with_an_every_of_hours_is_refused(copy_fixture):
    schedule = schedule_of(copy_fixture, '  - {post: hello, every: 36h, time: "10:00"}\n')
    assert codes(schedule) == [("schema/invalid", "error", 9)]
    assert "whole number of days" in schedule.diagnostics[0].message


def test_a_rule_that_expands_past_the_limit_is_refused(copy_fixture):
    schedule = schedule_of(copy_fixture, "  - {post: hello, every: 1s}\n")
    assert codes(schedule) == [("schema/invalid", "error", 9)]
    assert str(MAX_SLOTS_PER_ENTRY) in schedule.diagnostics[0].message


# -- DST --------------------------------------------------------------------------------------


def test_recurring_rule_keeps_wall_clock_time_across_dst(copy_fixture):
    # New York moves to daylight time on 2026-03-08: the local hour stays, the offset changes.
    schedule = schedule_of(copy_fixture, '  - {post: hello, every: 1d, time: "09:00", from: "2026-03-07", until: "2026-03-09"}\n', "schedule-new-york")
    assert [s.at.astimezone(NEW_YORK).strftime("%d %H:%M %z") for s in schedule.slots] == ["07 09:00 -0500", "08 09:00 -0400", "09 09:00 -0400"]


def test_daily_rule_without_time_keeps_the_wall_clock_of_its_first_post(copy_fixture):
    schedule = schedule_of(copy_fixture, '  - {post: hello, every: 1d, from: "2026-03-07 09:00", until: "2026-03-09"}\n', "schedule-new-york")
    assert local(schedule.slots, NEW_YORK) == ["03-07 09:00", "03-08 09:00", "03-09 09:00"]


def test_every_24h_is_elapsed_time_across_dst(copy_fixture):
    schedule = schedule_of(copy_fixture, '  - {post: hello, every: 24h, from: "2026-03-07 09:00", until: "2026-03-09"}\n', "schedule-new-york")
    assert local(schedule.slots, NEW_YORK) == ["03-07 09:00", "03-08 10:00", "03-09 10:00"]


def test_day_offsets_from_an_anchor_keep_wall_clock_and_hour_offsets_do_not(copy_fixture):
    root = copy_fixture("schedule-new-york")
    text = (root / "campaign.yaml").read_text(encoding="utf-8").replace('end: "2026-11-30 24:00"', 'end: "2026-03-08 12:00"')
    (root / "campaign.yaml").write_text(text.split("schedule:")[0] + "schedule:\n  - {post: hello, at: end - 1d}\n  - {post: hello, at: end - 24h}\n", encoding="utf-8")
    schedule = expand(load_project(root))
    # The window ends at 12:00 EDT; a day earlier is 12:00 EST, 24 hours earlier 11:00 EST.
    assert local(schedule.slots, NEW_YORK) == ["03-07 11:00", "03-07 12:00"]


def test_time_skipped_by_dst_moves_forward_and_is_reported(copy_fixture):
    schedule = schedule_of(copy_fixture, '  - {post: hello, at: "2026-03-08 02:30"}\n', "schedule-new-york")
    assert [s.at.astimezone(NEW_YORK).strftime("%H:%M %z") for s in schedule.slots] == ["03:30 -0400"]
    assert codes(schedule) == [("schedule/nonexistent-time", "warning", 9)]
    assert "2026-03-08 02:30 -> 2026-03-08 03:30 (UTC-4)" in schedule.diagnostics[0].message


def test_ambiguous_time_takes_the_first_and_says_how_to_write_the_second(copy_fixture):
    schedule = schedule_of(copy_fixture, '  - {post: hello, at: "2026-11-01 01:30"}\n', "schedule-new-york")
    assert [s.at.astimezone(NEW_YORK).strftime("%H:%M %z") for s in schedule.slots] == ["01:30 -0400"]
    assert codes(schedule) == [("schedule/ambiguous-time", "warning", 9)]
    assert "2026-11-01T01:30-05:00" in schedule.diagnostics[0].message


def test_an_explicit_offset_picks_the_second_of_an_ambiguous_time(copy_fixture):
    schedule = schedule_of(copy_fixture, '  - {post: hello, at: "2026-11-01T01:30-05:00"}\n', "schedule-new-york")
    assert [s.at.astimezone(NEW_YORK).strftime("%H:%M %z") for s in schedule.slots] == ["01:30 -0500"]
    assert schedule.diagnostics == []


def test_daily_rule_through_a_dst_gap_is_reported_once_for_that_day(copy_fixture):
    schedule = schedule_of(copy_fixture, '  - {post: hello, every: 1d, time: "02:30", from: "2026-03-01", until: "2026-03-31"}\n', "schedule-new-york")
    assert len(schedule.slots) == 31
    (finding,) = schedule.diagnostics
    assert finding.code == "schedule/nonexistent-time" and finding.line == 9
    assert "2026-03-08 02:30 -> 2026-03-08 03:30" in finding.message and "more" not in finding.message


# -- quiet hours ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("at", "quiet"),
    [("2026-01-09 22:59", False), ("2026-01-09 23:00", True), ("2026-01-10 03:00", True), ("2026-01-10 07:59", True), ("2026-01-10 08:00", False)],
)
def test_quiet_hours_edges(copy_fixture, at, quiet):
    schedule = schedule_of(copy_fixture, f'  - {{post: hello, channels: [x-main], at: "{at}"}}\n', "schedule-channels")
    assert codes(schedule) == ([("schedule/quiet-hours", "error", 10)] if quiet else [])
    assert [s.in_error for s in schedule.slots] == [quiet]


def test_quiet_hours_apply_to_their_channel_only(copy_fixture):
    schedule = schedule_of(copy_fixture, '  - {post: hello, at: "2026-01-10 03:00"}\n', "schedule-channels")
    assert {s.channel.id: s.in_error for s in schedule.slots} == {"x-main": True, "tg-main": False}
    assert "quiet hours of x-main (23:00-08:00, UTC+8)" in schedule.diagnostics[0].message


def test_quiet_hours_in_utc_are_compared_in_the_campaign_zone(copy_fixture):
    schedule = schedule_of(copy_fixture, '  - {post: hello, channels: [x-main], at: "2026-01-09T16:30:00Z"}\n', "schedule-channels")
    assert [d.code for d in schedule.diagnostics] == ["schedule/quiet-hours"]
    assert "2026-01-10 00:30" in schedule.diagnostics[0].message


def test_recurring_rule_in_quiet_hours_is_one_finding_with_a_count(copy_fixture):
    schedule = schedule_of(copy_fixture, '  - {post: hello, channels: [x-main], every: 1d, time: "23:30"}\n', "schedule-channels")
    (finding,) = schedule.diagnostics
    assert finding.code == "schedule/quiet-hours" and finding.line == 10
    assert "2026-01-08 23:30, 2026-01-09 23:30, 2026-01-10 23:30 and 16 more" in finding.message
    assert all(s.in_error for s in schedule.slots)


def test_quiet_hours_that_are_not_a_time_range_are_a_schema_error(copy_fixture):
    root = copy_fixture("schedule-channels")
    text = (root / "campaign.yaml").read_text(encoding="utf-8").replace('quiet_hours: "23:00-08:00"', 'quiet_hours: "late night"')
    (root / "campaign.yaml").write_text(text, encoding="utf-8")
    run = run_cli("check", "--project", str(root), "--format", "json")
    assert run.exit_code == 1
    (finding,) = [d for d in run.json() if d["code"] == "schema/invalid"]
    assert finding["line"] == 7 and "quiet_hours" in finding["message"] and "expected HH:MM-HH:MM" in finding["message"]


# -- minimum gap ------------------------------------------------------------------------------


@pytest.mark.parametrize(("second", "conflict"), [("2026-01-09 17:59", True), ("2026-01-09 18:00", False)])
def test_min_gap_edges(copy_fixture, second, conflict):
    schedule = schedule_of(
        copy_fixture,
        f'  - {{post: hello, channels: [x-main], at: "2026-01-09 16:00"}}\n  - {{post: hello, channels: [x-main], at: "{second}"}}\n',
        "schedule-channels",
    )
    assert codes(schedule) == ([("schedule/conflict", "error", 11)] if conflict else [])
    assert [s.in_error for s in schedule.slots] == [False, conflict]


def test_conflict_names_the_other_entry_and_its_line(copy_fixture):
    schedule = schedule_of(
        copy_fixture,
        '  - {post: hello, at: "2026-01-09 16:00"}\n  - {post: hello, at: "2026-01-09 16:30"}\n',
        "schedule-channels",
    )
    (finding,) = schedule.diagnostics
    assert "'hello' (schedule[0], line 10)" in finding.message
    assert "2026-01-09 16:30 on x-main (30m after it, min_gap 2h)" in finding.message


def test_channel_without_min_gap_takes_posts_at_the_same_instant(copy_fixture):
    schedule = schedule_of(copy_fixture, '  - {post: hello, channels: [tg-main], at: start}\n  - {post: hello, channels: [tg-main], at: start}\n', "schedule-channels")
    assert schedule.diagnostics == [] and len(schedule.slots) == 2


def test_a_blocked_post_takes_no_place_so_the_next_one_is_measured_from_the_last_kept(copy_fixture):
    # Every hour with a 2h minimum gap: every other post goes out.
    schedule = schedule_of(copy_fixture, '  - {post: hello, channels: [x-main], every: 1h, from: "2026-01-09 10:00", until: "2026-01-09 15:00"}\n', "schedule-channels")
    assert [(t, s.in_error) for t, s in zip(local(schedule.slots), schedule.slots, strict=True)] == [
        ("01-09 10:00", False), ("01-09 11:00", True), ("01-09 12:00", False), ("01-09 13:00", True), ("01-09 14:00", False),
    ]
    (finding,) = schedule.diagnostics
    assert "the post before it from the same entry" in finding.message


def test_posts_in_quiet_hours_do_not_count_for_the_gap(copy_fixture):
    schedule = schedule_of(
        copy_fixture,
        '  - {post: hello, channels: [x-main], at: "2026-01-10 07:30"}\n  - {post: hello, channels: [x-main], at: "2026-01-10 08:00"}\n',
        "schedule-channels",
    )
    assert [d.code for d in schedule.diagnostics] == ["schedule/quiet-hours"]
    assert [s.in_error for s in schedule.slots] == [True, False]


def test_conflicts_in_a_long_schedule_match_a_pairwise_reference(copy_fixture):
    schedule = schedule_of(
        copy_fixture,
        '  - {post: hello, channels: [x-main], every: 1d, time: "09:00"}\n'
        '  - {post: hello, channels: [x-main], every: 3d, time: "10:30"}\n'
        '  - {post: hello, channels: [x-main], every: 2d, time: "12:00"}\n',
        "schedule-channels",
    )
    kept = []
    for slot in schedule.slots:
        expected_block = bool(kept) and slot.at - kept[-1].at < timedelta(hours=2)
        assert slot.in_error == expected_block, slot
        if not expected_block:
            kept.append(slot)
    assert sum(s.in_error for s in schedule.slots) == 6


# -- the plan: only the posts concerned are blocked, late posts are reported --------------------


def test_an_error_blocks_only_the_post_it_concerns(copy_fixture):
    root = copy_fixture("schedule-channels")
    text = (root / "campaign.yaml").read_text(encoding="utf-8")
    (root / "campaign.yaml").write_text(text.split("schedule:")[0] + 'schedule:\n  - {post: hello, at: "2026-01-10 03:00"}\n', encoding="utf-8")
    run = run_cli("--dry-run", "--project", str(root), "--now", "2026-01-09 12:00", "--format", "json")
    assert run.exit_code == 1
    assert {p["channel"]: p["status"] for p in run.json()["posts"]} == {"x-main": "blocked", "tg-main": "scheduled"}


@pytest.mark.parametrize(("now", "status", "late"), [("2026-01-08 16:59", "due", False), ("2026-01-08 17:00", "missed", True)])
def test_late_is_reported_after_the_grace_period(copy_fixture, now, status, late):
    root = copy_fixture("minimal")
    data = run_cli("calendar", "--project", str(root), "--now", now, "--format", "json").json()
    assert [p["status"] for day in data["days"] for p in day["posts"]] == [status]
    found = [(d["code"], d["severity"], d["line"]) for d in data["diagnostics"]]
    assert found == ([("schedule/late", "warning", 9)] if late else [])
