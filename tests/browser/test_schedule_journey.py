"""A mentor schedules a monthly PLC meeting; the mentee sees it on their home, and both
calendars (their feeds, read by an iCalendar parser) hold the next meeting at 4 pm Central."""

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from playwright.sync_api import expect

from mentoring.demo.data import DEMO_PASSWORD
from tests.browser.helpers import assert_no_axe_violations, sign_in, sign_out

pytestmark = pytest.mark.browser

CHICAGO = ZoneInfo("America/Chicago")


def _feed_events(page) -> list:
    """Turn on the signed-in person's feed and read it as a calendar app would."""
    page.goto("/calendar")
    assert_no_axe_violations(page)
    page.get_by_role("button", name=re.compile("Turn on my calendar feed|Make a new feed")).click()
    address = page.get_by_label("Feed address").input_value()
    assert_no_axe_violations(page)
    path = re.search(r"/calendar/[A-Za-z0-9_-]+\.ics$", address).group(0)
    response = page.request.get(path)
    assert response.status == 200
    return icalendar.Calendar.from_ical(response.body()).walk("VEVENT")


def _next_at_four(events, first: date) -> None:
    starts = sorted(event.decoded("DTSTART") for event in events)
    upcoming = [start for start in starts if start.date() >= first]
    assert upcoming, "no upcoming meeting in the feed"
    assert upcoming[0].date() == first and upcoming[0].strftime("%H:%M") == "16:00"
    assert str(upcoming[0].tzinfo) == "America/Chicago" or upcoming[0].utcoffset() == (
        datetime.combine(first, datetime.min.time(), CHICAGO).utcoffset()
    )


def test_mentor_schedules_a_monthly_plc_meeting_and_the_mentee_sees_it(page):
    first = datetime.now(CHICAGO).date() + timedelta(days=9)
    sign_in(page, "mentor.rivera@example.org", DEMO_PASSWORD)
    page.get_by_role("link", name=re.compile("^Schedule meetings")).first.click()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Schedule a meeting").click()
    page.get_by_label("Date", exact=True).fill(first.isoformat())
    page.get_by_label("Start time").fill("16:00")
    page.get_by_label("Duration in minutes").fill("90")
    page.get_by_label("Place").fill("Rock Bridge High, library")
    page.get_by_label("Video link").fill("http://meet.example.org/plc")
    page.get_by_label("Agenda").fill("Yearly calendar; classroom guidance")
    page.get_by_label("Repeat").select_option("monthly")
    page.get_by_label("Last date of the series").fill((first + timedelta(days=62)).isoformat())
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Schedule").click()
    # A video link that is not https: its message beside the field, nothing saved.
    expect(page.locator("#video_url-error")).to_contain_text("https://")
    assert_no_axe_violations(page)
    page.get_by_label("Video link").fill("https://meet.example.org/plc")
    page.get_by_role("button", name="Schedule").click()
    expect(page.get_by_role("status")).to_contain_text("meetings scheduled")
    expect(page.get_by_text("Monthly, on the")).to_be_visible()
    assert_no_axe_violations(page)
    _next_at_four(_feed_events(page), first)
    sign_out(page)

    sign_in(page, "mentee.chen@example.org", DEMO_PASSWORD)
    upcoming = page.get_by_role("region", name="Upcoming meetings")
    link = upcoming.get_by_role("link", name=re.compile(f"{first:%A, %B %-d, %Y}, 4:00 PM"))
    expect(link).to_be_visible()
    assert_no_axe_violations(page)
    link.click()
    expect(page.get_by_text("Yearly calendar; classroom guidance")).to_be_visible()
    assert_no_axe_violations(page)
    _next_at_four(_feed_events(page), first)
