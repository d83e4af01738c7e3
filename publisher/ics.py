"""The campaign calendar as an iCalendar file (RFC 5545) for Google Calendar, Outlook or Apple
Calendar, written with the `icalendar` library.

One event holds the campaign window and one event each post. UIDs are UUIDs derived from the
post's delivery key (the window's from the campaign id), so importing a newer file updates the
events instead of adding copies; a post moved to another time has another delivery key, and
so another event. Times keep the campaign's zone: an IANA zone by its name, with a VTIMEZONE
covering the calendar's dates; a fixed offset as a VTIMEZONE of its own (`UTC+08:00`); UTC as
`Z`. A window from local midnight to local midnight is an all-day event (DATE values, the end
exclusive), any other window a timed one. A post is an instant (no DTEND); its description is
its text as it goes out, part by part. STATUS is CONFIRMED for a post that goes (or went) out,
TENTATIVE for a blocked one (an editor can still fix it) and CANCELLED for a missed one.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta, timezone, tzinfo

import icalendar

from publisher import timeutil
from publisher.plan import Plan, PlannedPost

PRODID = "-//publisher//campaign calendar//EN"
_UID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "publisher:delivery")
_STATUS = {"scheduled": "CONFIRMED", "due": "CONFIRMED", "sent": "CONFIRMED", "missed": "CANCELLED", "blocked": "TENTATIVE"}


def uid(key: str) -> str:
    """The stable UID of a delivery key (or of any other stable name)."""
    return str(uuid.uuid5(_UID_NAMESPACE, key))


def calendar_ics(plan: Plan, now: datetime) -> bytes:
    """The plan as an iCalendar file; `now` is its DTSTAMP (when the file was made)."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", plan.campaign_id)
    stamp = now.astimezone(timezone.utc)
    vtimezone = _vtimezone(plan)
    if vtimezone is not None:
        cal.add_component(vtimezone)
    if plan.window is not None:
        cal.add_component(_window_event(plan, stamp))
    for post in plan.posts:
        cal.add_component(_post_event(post, plan.zone, stamp))
    return cal.to_ical()


def _window_event(plan: Plan, stamp: datetime) -> icalendar.Event:
    assert plan.window is not None
    start, end = (moment.astimezone(plan.zone) for moment in plan.window)
    event = icalendar.Event()
    event.add("uid", uid(f"{plan.campaign_id}:window"))
    event.add("dtstamp", stamp)
    event.add("summary", f"{plan.campaign_id} (campaign window)")
    event.add("description", timeutil.describe_range(start, end, plan.zone))
    if _at_midnight(start) and _at_midnight(end):
        event.add("dtstart", start.date())
        event.add("dtend", end.date())
    else:
        event.add("dtstart", start)
        event.add("dtend", end)
    event.add("transp", "TRANSPARENT")
    return event


def _post_event(post: PlannedPost, zone: tzinfo, stamp: datetime) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", uid(post.key))
    event.add("dtstamp", stamp)
    event.add("dtstart", post.at.astimezone(zone))
    event.add("summary", f"{post.channel}: {post.post} [{post.template}]")
    event.add("description", _description(post))
    event.add("categories", [post.platform, post.locale, post.status])
    event.add("status", _STATUS[post.status])
    event.add("transp", "TRANSPARENT")
    event.add("x-publisher-key", post.key)
    return event


def _description(post: PlannedPost) -> str:
    if len(post.parts) == 1:
        return post.parts[0].text
    return "\n\n".join(f"[{i}/{len(post.parts)}]\n{part.text}" for i, part in enumerate(post.parts, 1))


def _vtimezone(plan: Plan) -> icalendar.Timezone | None:
    """The VTIMEZONE the events' TZID refers to; None for UTC, written as `Z`."""
    zone = plan.zone
    if isinstance(zone, timezone):
        return None if zone.utcoffset(None) == timedelta(0) else _fixed_vtimezone(zone)
    moments = [p.at for p in plan.posts] + list(plan.window or ())
    first = min(moments).astimezone(zone).date() - timedelta(days=1) if moments else date(2000, 1, 1)
    last = max(moments).astimezone(zone).date() + timedelta(days=1) if moments else date(2000, 1, 2)
    return icalendar.Timezone.from_tzinfo(zone, first_date=first, last_date=last)


def _fixed_vtimezone(zone: timezone) -> icalendar.Timezone:
    """A fixed offset as a zone without DST; its TZID is the one icalendar writes for it."""
    offset = zone.utcoffset(None)
    standard = icalendar.TimezoneStandard()
    standard.add("dtstart", datetime(1970, 1, 1))
    standard.add("tzoffsetfrom", offset)
    standard.add("tzoffsetto", offset)
    standard.add("tzname", timeutil.offset_label(zone))
    vtimezone = icalendar.Timezone()
    vtimezone.add("tzid", zone.tzname(None))
    vtimezone.add_component(standard)
    return vtimezone


def _at_midnight(moment: datetime) -> bool:
    return moment.timetz().replace(tzinfo=None) == time(0)
