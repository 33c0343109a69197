"""iCalendar (RFC 5545) files of scheduled meetings, built with the icalendar library.

Times are written in the program's zone with its VTIMEZONE, so a calendar shows 4 pm Central
in January and in April alike. Each event's UID is its meeting's for good; SEQUENCE and
STATUS:CANCELLED tell a subscribed calendar to update or remove its copy.
"""

from datetime import date, datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar
from flask import current_app

from mentoring.core.models import utcnow
from mentoring.schedule.queries import Row

PRODUCT_ID = "-//Missouri Counselor Mentoring Program//Mentoring//EN"


def event_uid(row: Row) -> str:
    """The meeting's UID: its own random id at the program's public host."""
    host = urlsplit(current_app.config["PUBLIC_URL"]).hostname or "mentoring"
    return f"{row.meeting.uid}@{host}"


def meeting_url(meeting_id: int) -> str:
    return f"{current_app.config['PUBLIC_URL'].rstrip('/')}/scheduled/{meeting_id}"


def _event(row: Row, zone: ZoneInfo) -> icalendar.Event:
    meeting = row.meeting
    event = icalendar.Event()
    event.add("uid", event_uid(row))
    event.add("dtstamp", meeting.updated_at or meeting.created_at)
    event.add("last-modified", meeting.updated_at or meeting.created_at)
    event.add("sequence", meeting.sequence)
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    event.add("dtstart", meeting.starts_at.astimezone(zone))
    event.add("dtend", meeting.ends_at.astimezone(zone))
    event.add("summary", ("Cancelled: " if meeting.is_cancelled else "") + row.title)
    if meeting.location or meeting.video_url:
        event.add("location", meeting.location or meeting.video_url)
    if meeting.video_url:
        event.add("url", meeting.video_url)
    lines = [meeting.agenda] if meeting.agenda else []
    if meeting.video_url:
        lines.append(f"Video link: {meeting.video_url}")
    lines.append(f"Details: {meeting_url(meeting.id)}")
    event.add("description", "\n\n".join(lines))
    event.add("organizer", f"mailto:{row.mentor.email}", parameters={"CN": row.mentor.name})
    return event


def build(rows: list[Row], zone: ZoneInfo, name: str, method: str | None = None) -> bytes:
    """An iCalendar file of these meetings with the VTIMEZONE of the program's zone."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODUCT_ID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", zone.key)
    # The zone's transitions from a year before the first meeting to a year after the last,
    # rather than icalendar's default of 1970 to 2038.
    days = [row.meeting.starts_on for row in rows] or [utcnow().date()]
    cal.add_component(
        icalendar.Timezone.from_tzid(
            zone.key,
            first_date=date(min(days).year - 1, 1, 1),
            last_date=date(max(days).year + 2, 1, 1),
        )
    )
    for row in rows:
        cal.add_component(_event(row, zone))
    return cal.to_ical()


def download_name(row: Row, zone: ZoneInfo) -> str:
    start: datetime = row.meeting.starts_at.astimezone(zone)
    return f"meeting-{start:%Y-%m-%d-%H%M}.ics"
