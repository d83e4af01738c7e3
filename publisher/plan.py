"""The plan: every post that would go out, where, when, in what state, with its rendered parts.

The plan is built from the project as it would be after every safe fix (applied in memory, the
files are not touched), so `--dry-run` shows what would really be sent. A post is `blocked`
when its record still has an error after that, when a schedule check in error concerns it
(outside the window, in quiet hours, too close to the post before it), when campaign.yaml has
an error that leaves the plan uncertain (a schema error, an entry that cannot be read), or
when it cannot be rendered within its platform's limit. A post more than the grace period
past its time at `now` is `missed`, and `schedule/late` reports it.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone, tzinfo
from pathlib import Path

from publisher import timeutil
from publisher.diagnostics import Diagnostic, select
from publisher.fixer import fix_project
from publisher.project import CAMPAIGN_FILE, Project, RecordIndex
from publisher.render import Part, Renderer, SlotInfo, last_day, serving_record
from publisher.schedule import Schedule, Slot, expand, late_diagnostics

STATUSES = ("scheduled", "due", "sent", "missed", "blocked")


@dataclass(frozen=True)
class PlannedPost:
    key: str
    post: str
    channel: str
    platform: str
    locale: str
    at: datetime
    status: str
    parts: tuple[Part, ...]
    template: str


@dataclass
class Plan:
    campaign_id: str
    zone: tzinfo
    timezone_name: str
    window: tuple[datetime, datetime] | None
    posts: list[PlannedPost] = field(default_factory=list)
    lint_diagnostics: list[Diagnostic] = field(default_factory=list)
    """Findings in the files as they are on disk."""
    schedule_diagnostics: list[Diagnostic] = field(default_factory=list)
    post_diagnostics: list[Diagnostic] = field(default_factory=list)
    """Findings about rendered posts (limits, locales, templates)."""
    fixes_applied: int = 0

    @property
    def blocked(self) -> bool:
        """Whether a post cannot go out, or the campaign could not be planned at all."""
        return self.window is None or any(p.status == "blocked" for p in self.posts)

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """What is left for an editor once the safe fixes are applied (as `--dry-run` does)."""
        unfixed = [d for d in self.lint_diagnostics if d.fix is None or not d.fix.safe]
        return select([*unfixed, *self.schedule_diagnostics, *self.post_diagnostics])

    def to_json(self) -> dict:
        window = None
        if self.window is not None:
            window = {"start": timeutil.iso(self.window[0], self.zone), "end": timeutil.iso(self.window[1], self.zone)}
        return {
            "campaign": {"id": self.campaign_id, "timezone": self.timezone_name, "window": window},
            "posts": [
                {
                    "key": p.key,
                    "post": p.post,
                    "channel": p.channel,
                    "platform": p.platform,
                    "locale": p.locale,
                    "at": timeutil.iso(p.at, self.zone),
                    "status": p.status,
                    "parts": [_part_json(part) for part in p.parts],
                }
                for p in self.posts
            ],
            "diagnostics": [d.to_json() for d in self.diagnostics],
        }


def _part_json(part: Part) -> dict:
    """A part as `--format json` lists it; Bluesky parts also carry their facets."""
    data: dict = {"text": part.text, "length": part.length, "limit": part.limit}
    if part.facets is not None:
        data["facets"] = [facet.to_json() for facet in part.facets]
    return data


def delivery_key(campaign_id: str, post: str, channel: str, locale: str, at: datetime) -> str:
    """The stable identity of one delivery (also its Idempotency-Key when sent)."""
    instant = at.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    return f"{campaign_id}:{post}:{channel}:{locale}:{instant}"


def status_at(at: datetime, now: datetime | None, grace: timedelta) -> str:
    """`scheduled` before `at`, `due` from `at` for the grace period, `missed` after it."""
    if now is None or now < at:
        return "scheduled"
    return "due" if now < at + grace else "missed"


def build_plan(
    root: Path,
    now: datetime | None = None,
    *,
    only: Collection[str] | None = None,
    index: RecordIndex | None = None,
) -> Plan:
    """The plan of the project at `root`; `only` limits the records loaded (all by default),
    `index` spares reading the other records to learn their ids."""
    fixed = fix_project(root, only=only, index=index)
    project = fixed.project
    config = project.config
    plan = Plan(
        project.campaign_id,
        project.zone,
        config.campaign.timezone if config else "UTC",
        project.window,
        lint_diagnostics=fixed.initial,
        fixes_applied=fixed.applied,
    )
    schedule = expand(project)
    plan.post_diagnostics = _render_posts(project, schedule, fixed.remaining, now, plan)
    plan.schedule_diagnostics = schedule.diagnostics + _late(project, schedule.slots, plan.posts, now)
    return plan


def _late(project: Project, slots: list[Slot], posts: list[PlannedPost], now: datetime | None) -> list[Diagnostic]:
    """`schedule/late` for the posts whose status is `missed` (`posts` has one post per slot)."""
    if now is None or project.config is None:
        return []
    missed = [slot for slot, post in zip(slots, posts, strict=True) if post.status == "missed"]
    return late_diagnostics(project, missed, now, project.config.campaign.grace)


def _render_posts(
    project: Project,
    schedule: Schedule,
    remaining: list[Diagnostic],
    now: datetime | None,
    plan: Plan,
) -> list[Diagnostic]:
    config = project.config
    if config is None or project.window is None:
        return []
    grace = timeutil.parse_duration(config.campaign.grace)
    files_in_error = {d.file for d in remaining if d.severity == "error"}
    campaign_in_error = CAMPAIGN_FILE in files_in_error or not schedule.complete
    renderer = Renderer(project)
    rendered_cache: dict[tuple, tuple] = {}
    problems: list[Diagnostic] = list(renderer.diagnostics)
    for slot in schedule.slots:
        doc = serving_record(project, slot.post, slot.channel.locale)
        entry = config.schedule[slot.entry]
        template = entry.template or doc.record.kind
        info = SlotInfo(slot.at, last_day(slot.at, project.window[1], project.zone))
        cache_key = (slot.post, slot.channel.id, template, info.last_day)
        if cache_key not in rendered_cache:
            rendered = renderer.render(doc, slot.channel, template, info)
            problems.extend(rendered.diagnostics)
            rendered_cache[cache_key] = (rendered.parts, bool(rendered.diagnostics))
        parts, render_failed = rendered_cache[cache_key]
        blocked = render_failed or slot.in_error or doc.file.name in files_in_error or campaign_in_error
        status = "blocked" if blocked else status_at(slot.at, now, grace)
        plan.posts.append(
            PlannedPost(
                delivery_key(project.campaign_id, slot.post, slot.channel.id, slot.channel.locale, slot.at),
                slot.post,
                slot.channel.id,
                slot.channel.platform,
                slot.channel.locale,
                slot.at,
                status,
                parts,
                template,
            )
        )
    return problems
