"""`campaign/period-mismatch`: an event's period, in its fields and in its prose, against the window."""

from __future__ import annotations

import pytest

from tests.conftest import run_cli

BODY = "活動時間：2026 年 1 月 8 日 16:00 – 1 月 26 日 24:00（UTC+8）"


def mismatches(copy_fixture, body: str | None = None, period: str | None = None) -> list[dict]:
    root = copy_fixture("calendar-event")
    record = root / "content" / "launch.md"
    text = record.read_text(encoding="utf-8")
    if body is not None:
        text = text.replace(BODY, body)
    if period is not None:
        text = text.replace('period: {start: "2026-01-08 16:00", end: "2026-01-26 24:00", timezone: "+08:00"}', period)
    record.write_text(text, encoding="utf-8")
    run = run_cli("check", "--project", str(root), "--select", "campaign", "--format", "json")
    return run.json()


@pytest.mark.parametrize(
    "body",
    [
        BODY,
        "活動時間：1/8 16:00 - 1/26 24:00",
        "活動時間：2026-01-08 16:00 至 2026-01-26 24:00",
        "Event period: 2026-01-08T08:00Z – 2026-01-26T16:00Z",
        "Event period: Jan 8, 2026 4pm – Jan 26, 2026 midnight (UTC+8)",
        "活動時間：1 月 8 日下午 4 點至 1 月 26 日 24:00（北京時間）",
        "截止 1 月 26 日 24:00",
        "1 月 26 日 23:59 截止",
        "deadline: 2026/1/26 23:59:59",
        "1 月 8 日 16:00 開始",
        "活動日期：1 月 8 日至 26 日",
        "AMA 直播：1 月 10 日 20:00-21:00",
        "12 月 11 日的行情回顧，1/3 的獎池已發出。",
    ],
)
def test_prose_that_agrees_with_the_window_is_not_reported(copy_fixture, body):
    assert mismatches(copy_fixture, body) == []


@pytest.mark.parametrize(
    ("body", "stated"),
    [
        ("活動時間：2026 年 1 月 9 日 16:00 – 1 月 26 日 24:00（UTC+8）", "2026-01-09 16:00 – 2026-01-26 24:00 (UTC+8)"),
        ("活動時間：2026 年 1 月 8 日 15:00 – 1 月 26 日 24:00（UTC+8）", "2026-01-08 15:00 – 2026-01-26 24:00 (UTC+8)"),
        ("活動時間：2025 年 1 月 8 日 16:00 – 1 月 26 日 24:00（UTC+8）", "2025-01-08 16:00 – 2025-01-26 24:00 (UTC+8)"),
        ("活動時間：1/8 16:00 - 1/25 24:00", "2026-01-08 16:00 – 2026-01-25 24:00 (UTC+8)"),
        ("活動時間：2026-01-08 16:00 至 2026-01-27 24:00", "2026-01-08 16:00 – 2026-01-27 24:00 (UTC+8)"),
        ("Event period: 2026-01-08T16:00Z – 2026-01-26T16:00Z", "2026-01-09 00:00 – 2026-01-26 24:00 (UTC+8)"),
        ("Event period: Jan 8, 2026 4pm – Jan 26, 2026 11pm", "2026-01-08 16:00 – 2026-01-26 23:00 (UTC+8)"),
        ("截止 1 月 25 日 24:00", "a deadline of 2026-01-25 24:00 (UTC+8)"),
        ("1 月 26 日 23:58 截止", "a deadline of 2026-01-26 23:58 (UTC+8)"),
        ("starts Jan 9, 2026 4pm", "a start of 2026-01-09 16:00 (UTC+8)"),
        ("活動日期：1 月 8 日至 25 日", "2026-01-08 – 2026-01-25"),
    ],
)
def test_prose_that_disagrees_is_reported_at_its_span(copy_fixture, body, stated):
    (finding,) = mismatches(copy_fixture, body)
    assert finding["code"] == "campaign/period-mismatch" and finding["severity"] == "error"
    assert finding["message"] == f"the text states {stated}, but the campaign window is 2026-01-08 16:00 – 2026-01-26 24:00 (UTC+8)"
    assert finding["line"] == 9


def test_finding_spans_the_stated_range(copy_fixture):
    (finding,) = mismatches(copy_fixture, "活動時間：1/8 16:00 - 1/25 24:00")
    assert (finding["column"], finding["end_column"]) == (6, 6 + len("1/8 16:00 - 1/25 24:00"))


def test_structured_period_in_another_zone_agrees_when_the_instants_do(copy_fixture):
    period = 'period: {start: "2026-01-08 08:00", end: "2026-01-26 16:00", timezone: UTC}'
    assert mismatches(copy_fixture, period=period) == []


def test_structured_period_that_disagrees_is_reported_at_its_key(copy_fixture):
    period = 'period:\n  start: "2026-01-08 16:00"\n  end: "2026-01-25 24:00"\n  timezone: "+08:00"'
    (finding,) = mismatches(copy_fixture, period=period)
    assert finding["line"] == 9 and finding["message"].startswith("period.end is 2026-01-25 24:00, but the campaign window is")
