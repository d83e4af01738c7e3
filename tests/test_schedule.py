"""Schedule rules expanded into slots inside the campaign window, and their checks."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from publisher.project import load_project
from publisher.schedule import expand

UTC8 = timezone(timedelta(hours=8))


def plan_for(copy_fixture, schedule: str, timezone_text: str = '"+08:00"'):
    root = copy_fixture("minimal")
    text = (root / "campaign.yaml").read_text(encoding="utf-8")
    head = text.split("schedule:")[0].replace('timezone: "+08:00"', f"timezone: {timezone_text}")
    (root / "campaign.yaml").write_text(head + "schedule:\n" + schedule, encoding="utf-8")
    project = load_project(root)
    assert [d for d in project.diagnostics if d.severity == "error"] == []
    return expand(project)


def local(slots):
    return [s.at.astimezone(UTC8).strftime("%m-%d %H:%M") for s in slots]


def test_start_and_end_anchors_with_offsets(copy_fixture):
    slots, problems = plan_for(copy_fixture, '  - {post: hello, at: start}\n  - {post: hello, at: start + 2h}\n  - {post: hello, at: end - 24h}\n')
    assert local(slots) == ["01-08 16:00", "01-08 18:00", "01-26 00:00"]
    assert problems == []


def test_window_end_itself_is_outside(copy_fixture):
    slots, problems = plan_for(copy_fixture, "  - {post: hello, at: end}\n")
    assert [p.code for p in problems] == ["schedule/outside-window"]
    assert problems[0].line == 9


@pytest.mark.parametrize(("at", "inside"), [("2026-01-08 15:59", False), ("2026-01-08 16:00", True), ("2026-01-26 23:59", True), ("2026-01-27 00:00", False)])
def test_window_edges(copy_fixture, at, inside):
    _, problems = plan_for(copy_fixture, f'  - {{post: hello, at: "{at}"}}\n')
    assert (problems == []) is inside


def test_utc_time_is_converted_to_the_campaign_offset(copy_fixture):
    slots, problems = plan_for(copy_fixture, '  - {post: hello, at: "2026-01-08T08:00:00Z"}\n')
    assert local(slots) == ["01-08 16:00"] and problems == []


def test_allow_outside_lets_a_teaser_go_before_the_window(copy_fixture):
    slots, problems = plan_for(copy_fixture, '  - {post: hello, at: start - 1d, allow_outside: true}\n')
    assert local(slots) == ["01-07 16:00"] and problems == []


def test_recurring_rule_is_clipped_to_the_window(copy_fixture):
    slots, problems = plan_for(copy_fixture, '  - {post: hello, every: 1d, time: "10:00"}\n')
    # 8 Jan 10:00 is before the 16:00 start; 26 Jan 10:00 is the last inside.
    assert local(slots)[0] == "01-09 10:00" and local(slots)[-1] == "01-26 10:00"
    assert len(slots) == 18 and problems == []


def test_recurring_rule_with_from_until_and_weekdays(copy_fixture):
    slots, _ = plan_for(copy_fixture, '  - {post: hello, every: 1d, time: "20:00", from: "2026-01-10", until: "2026-01-20", weekdays: [sat, sun]}\n')
    assert local(slots) == ["01-10 20:00", "01-11 20:00", "01-17 20:00", "01-18 20:00"]


def test_recurring_rule_keeps_wall_clock_time_across_dst(copy_fixture):
    # New York moves to daylight time on 2026-03-08: the local hour stays, the offset changes.
    root_schedule = '  - {post: hello, every: 1d, time: "09:00", allow_outside: true, from: "2026-03-07", until: "2026-03-10"}\n'
    slots, _ = plan_for(copy_fixture, root_schedule, timezone_text="America/New_York")
    assert [s.at.strftime("%H:%M %z") for s in slots] == ["09:00 -0500", "09:00 -0400", "09:00 -0400"]


def test_bad_at_expression_is_reported_at_its_entry(copy_fixture):
    root = copy_fixture("minimal")
    text = (root / "campaign.yaml").read_text(encoding="utf-8").replace('at: "2026-01-08 16:00"', "at: start + soon")
    (root / "campaign.yaml").write_text(text, encoding="utf-8")
    slots, problems = expand(load_project(root))
    assert slots == [] and [(p.code, p.line) for p in problems] == [("schema/invalid", 9)]
