"""Human-readable and JSON views of a plan: the `--dry-run` listing and the calendar."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime

from publisher import timeutil
from publisher.diagnostics import format_text, summary
from publisher.plan import STATUSES, Plan, PlannedPost


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


def calendar_text(plan: Plan) -> str:
    lines = _header(plan, None)
    month = None
    for day, posts in sorted(_by_day(plan).items()):
        local = posts[0].at.astimezone(plan.zone)
        if local.strftime("%Y-%m") != month:
            month = local.strftime("%Y-%m")
            lines.extend(["", local.strftime("%B %Y")])
        for post in posts:
            at = post.at.astimezone(plan.zone)
            lines.append(f"  {at:%a %d}  {at:%H:%M}  {post.channel:<14} {post.locale:<8} {post.post:<28} {post.status}")
    lines.extend(["", _counts(plan.posts)])
    if plan.schedule_diagnostics:
        lines.extend(["", format_text(plan.schedule_diagnostics)])
    return "\n".join(lines)


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
                        "status": p.status,
                    }
                    for p in posts
                ],
            }
            for day, posts in sorted(_by_day(plan).items())
        ],
        "diagnostics": [d.to_json() for d in plan.schedule_diagnostics],
    }
