"""Human-readable and JSON views of a plan: the `--dry-run` listing and the calendar."""

from __future__ import annotations

import calendar
from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta, timezone

from publisher import timeutil
from publisher.diagnostics import Diagnostic, format_text, select, summary
from publisher.plan import STATUSES, Plan, PlannedPost
from publisher.project import CAMPAIGN_FILE


def _header(plan: Plan, now: datetime | None) -> list[str]:
    lines = [f"campaign {plan.campaign_id}"]
    if plan.window is not None:
        lines.append(f"window   {timeutil.describe_range(plan.window[0], plan.window[1], plan.zone)}")
    if now is not None:
        lines.append(f"now      {timeutil.local_text(now, plan.zone)} ({timeutil.offset_label(plan.zone, now)})")
    return lines


def _counts(posts: list[PlannedPost]) -> str:
    counts = Counter(p.status for p in posts)
    listed = ", ".join(f"{counts[s]} {s}" for s in STATUSES if counts[s])
    return f"{len(posts)} post{'s' if len(posts) != 1 else ''}" + (f": {listed}" if listed else "")


def plan_text(plan: Plan, now: datetime | None) -> str:
    lines = _header(plan, now)
    for post in plan.posts:
        lines.append("")
        lines.append(
            f"{timeutil.local_text(post.at, plan.zone)}  {post.status:<9}  {post.channel} ({post.platform}, {post.locale})  "
            f"{post.post} [{post.template}]"
        )
        for i, part in enumerate(post.parts, 1):
            lines.append(f"  ── part {i}/{len(post.parts)} · {part.length}/{part.limit}")
            lines.extend(f"  │ {line}" for line in part.text.split("\n"))
    lines.append("")
    lines.append(_counts(plan.posts))
    if plan.fixes_applied:
        lines.append(f"{plan.fixes_applied} safe fix(es) applied in memory; `publish fix` writes them to the files")
    diagnostics = plan.diagnostics
    if diagnostics:
        lines.append("")
        lines.append(format_text(diagnostics))
        lines.append(summary(diagnostics))
    return "\n".join(lines)


def _by_day(plan: Plan) -> dict[str, list[PlannedPost]]:
    days: dict[str, list[PlannedPost]] = defaultdict(list)
    for post in plan.posts:
        days[post.at.astimezone(plan.zone).strftime("%Y-%m-%d")].append(post)
    return days


def calendar_diagnostics(plan: Plan) -> list[Diagnostic]:
    """The calendar's checks: the schedule's findings, the event periods against the window,
    and what is wrong with campaign.yaml itself (the calendar cannot be trusted without it)."""
    found = [*plan.schedule_diagnostics, *plan.lint_diagnostics]
    return [d for d in select(found, ["schedule", "campaign/period-mismatch", "schema"]) if not d.code.startswith("schema/") or d.file == CAMPAIGN_FILE]


def calendar_text(plan: Plan, now: datetime | None) -> str:
    """Each month as a grid (window days in brackets, posts per day after a colon), then one
    line per post: local day and time, channel, locale, record, status."""
    lines = _header(plan, now)
    days = _by_day(plan)
    by_month: dict[str, list[str]] = defaultdict(list)
    for day in sorted(days):
        by_month[day[:7]].append(day)
    varying = len({p.at.astimezone(plan.zone).utcoffset() for p in plan.posts}) > 1
    for year, month in _months(plan, days):
        lines.extend(["", *_month_grid(plan, year, month, days)])
        for day in by_month[f"{year:04d}-{month:02d}"]:
            lines.append("")
            for post in days[day]:
                at = post.at.astimezone(plan.zone)
                offset = f" {timeutil.offset_label(plan.zone, post.at):<9}" if varying else ""
                lines.append(f"  {at:%a %d}  {at:%H:%M}{offset}  {post.channel:<14} {post.locale:<8} {post.post:<28} {post.status}")
    lines.extend(["", _counts(plan.posts)])
    diagnostics = calendar_diagnostics(plan)
    if diagnostics:
        lines.extend(["", format_text(diagnostics), summary(diagnostics)])
    return "\n".join(lines)


def _months(plan: Plan, days: dict[str, list[PlannedPost]]) -> list[tuple[int, int]]:
    """Every month from the window's first (or the first post's) to the last, in order."""
    dates = [date.fromisoformat(d) for d in days]
    if plan.window is not None:
        dates.append(plan.window[0].astimezone(plan.zone).date())
        dates.append((plan.window[1] - timedelta(microseconds=1)).astimezone(plan.zone).date())
    if not dates:
        return []
    first, last = min(dates), max(dates)
    return [(i // 12, i % 12 + 1) for i in range(first.year * 12 + first.month - 1, last.year * 12 + last.month)]


def _month_grid(plan: Plan, year: int, month: int, days: dict[str, list[PlannedPost]]) -> list[str]:
    width = 9
    title = f"{date(year, month, 1):%B %Y}".ljust(width * 5) + "[dd] in the window, :n posts"
    lines = [title, "".join(f" {d:<{width - 1}}" for d in ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")).rstrip()]
    for week in calendar.Calendar().monthdatescalendar(year, month):
        cells = []
        for day in week:
            if day.month != month:
                cells.append(" " * width)
                continue
            count = len(days.get(day.isoformat(), ()))
            text = f"[{day.day:>2}]" if _in_window(plan, day) else f" {day.day:>2} "
            cells.append((text + (f":{count}" if count else "")).ljust(width))
        lines.append("".join(cells).rstrip())
    return lines


def _in_window(plan: Plan, day: date) -> bool:
    """Whether any part of a local day falls inside the window."""
    if plan.window is None:
        return False
    start = timeutil.localize(day, time(0), plan.zone).astimezone(timezone.utc)
    end = timeutil.localize(day + timedelta(days=1), time(0), plan.zone).astimezone(timezone.utc)
    return start < plan.window[1] and end > plan.window[0]


def calendar_json(plan: Plan) -> dict:
    data = plan.to_json()
    return {
        "campaign": data["campaign"],
        "days": [
            {
                "date": day,
                "posts": [
                    {
                        "key": p.key,
                        "at": timeutil.iso(p.at, plan.zone),
                        "post": p.post,
                        "channel": p.channel,
                        "platform": p.platform,
                        "locale": p.locale,
                        "template": p.template,
                        "status": p.status,
                    }
                    for p in posts
                ],
            }
            for day, posts in sorted(_by_day(plan).items())
        ],
        "diagnostics": [d.to_json() for d in calendar_diagnostics(plan)],
    }
