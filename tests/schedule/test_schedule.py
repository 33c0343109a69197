"""Scheduled meetings: the rules of an entry, monthly series across a DST change, .ics files
read back by two iCalendar parsers, calendar feeds and their tokens, and the home pages."""

from datetime import UTC, date, datetime, time, timedelta

import icalendar
import pytest
import vobject
from sqlalchemy import func, select

from mentoring.core.audit import AuditEvent
from mentoring.core.errors import MentoringError
from mentoring.extensions import db
from mentoring.schedule import operations
from mentoring.schedule.models import ScheduledMeeting
from tests.schedule.helpers import Program

NOW = datetime(2026, 12, 1, 18, 0, tzinfo=UTC)  # the operations take now as an argument
CHICAGO = "America/Chicago"


def _entry(**overrides) -> dict:
    return {
        "kind": "plc_group",
        "enrollment_id": None,
        "topic": "ethics",
        "starts_on": date(2027, 1, 7),
        "start_time": time(16, 0),
        "duration_minutes": 90,
        "location": "Jefferson City Library, room 2",
        "video_url": "",
        "agenda": "Ethics cases; the yearly calendar",
        **overrides,
    }


def _schedule(program: Program, now: datetime = NOW, **overrides) -> list[ScheduledMeeting]:
    meetings = operations.schedule_meetings(
        program.group, program.mentor, now, **_entry(**overrides)
    )
    db.session.commit()
    return meetings


def _count(model=ScheduledMeeting) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _parse_both(body: bytes):
    """The events as icalendar and as vobject read them."""
    by_icalendar = icalendar.Calendar.from_ical(body)
    by_vobject = vobject.readOne(body.decode())
    return by_icalendar, by_vobject


# Monthly series and the time zone -----------------------------------------------------------


def test_a_monthly_rule_keeps_4_pm_central_across_the_change_to_daylight_time(program, client):
    """The first Thursday of each month at 4 pm Central from January to April 2027. By hand:
    January 7 is CST (UTC-6), so 22:00 UTC; daylight time starts on March 14, 2027, so April 1
    is CDT (UTC-5), 21:00 UTC. Both parsers must read 16:00 local on every date."""
    meetings = _schedule(program, repeat="monthly", repeat_until=date(2027, 4, 30))
    assert [m.starts_on for m in meetings] == [
        date(2027, 1, 7),
        date(2027, 2, 4),
        date(2027, 3, 4),
        date(2027, 4, 1),
    ]
    assert meetings[0].starts_at == datetime(2027, 1, 7, 22, 0, tzinfo=UTC)
    assert meetings[-1].starts_at == datetime(2027, 4, 1, 21, 0, tzinfo=UTC)
    assert len({m.series for m in meetings}) == 1 and len({m.uid for m in meetings}) == 4

    token = operations.new_feed_token(program.mentor)
    db.session.commit()
    body = client.get(f"/calendar/{token}.ics").get_data()
    cal, vcal = _parse_both(body)

    timezones = cal.walk("VTIMEZONE")
    assert [str(tz["TZID"]) for tz in timezones] == [CHICAGO]
    events = sorted(cal.walk("VEVENT"), key=lambda e: e.decoded("DTSTART"))
    assert [e["DTSTART"].params["TZID"] for e in events] == [CHICAGO] * 4
    starts = [e.decoded("DTSTART") for e in events]
    assert [s.time() for s in starts] == [time(16, 0)] * 4
    assert [s.astimezone(UTC).hour for s in starts] == [22, 22, 22, 21]
    assert [e.decoded("DTEND") - s for e, s in zip(events, starts, strict=True)] == [
        timedelta(minutes=90)
    ] * 4

    vstarts = sorted(event.dtstart.value for event in vcal.vevent_list)
    assert [s.strftime("%H:%M") for s in vstarts] == ["16:00"] * 4
    assert [s.utcoffset() for s in vstarts] == [timedelta(hours=h) for h in (-6, -6, -6, -5)]
    assert [s.astimezone(UTC) for s in vstarts] == [m.starts_at for m in meetings]


def test_the_last_weekday_rule_and_its_words(program):
    """January 29, 2027 is the fifth Friday, so the rule is "the last Friday": February 26,
    March 26 and April 30 (counted on a calendar)."""
    days = operations.occurrences(date(2027, 1, 29), "monthly", date(2027, 4, 30))
    assert days == [date(2027, 1, 29), date(2027, 2, 26), date(2027, 3, 26), date(2027, 4, 30)]
    assert operations.rule_label(date(2027, 1, 29)) == "the last Friday of each month"
    assert operations.rule_label(date(2027, 1, 7)) == "the first Thursday of each month"
    assert operations.rule_label(date(2027, 1, 20)) == "the third Wednesday of each month"


def test_a_rule_of_more_than_24_meetings_is_refused_whole(program):
    # December 2026 to January 2029 holds 26 first Thursdays.
    with pytest.raises(MentoringError) as refused:
        _schedule(
            program, starts_on=date(2026, 12, 3), repeat="monthly", repeat_until=date(2029, 1, 31)
        )
    assert refused.value.field == "repeat_until"
    assert "more than 24 meetings" in refused.value.message
    assert _count() == 0
    # 24 exactly (July 2026 … June 2028 is the cohort's whole span; from December: 19) passes.
    assert (
        len(
            _schedule(
                program,
                starts_on=date(2026, 12, 3),
                repeat="monthly",
                repeat_until=date(2028, 6, 30),
            )
        )
        == 19
    )


def test_every_meeting_of_a_series_stays_inside_the_cohort(program):
    with pytest.raises(MentoringError) as refused:
        _schedule(
            program, starts_on=date(2028, 5, 4), repeat="monthly", repeat_until=date(2028, 8, 31)
        )
    assert refused.value.field == "starts_on" and "two program years" in refused.value.message
    assert _count() == 0


# The rules of an entry ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"start_time": time(23, 0), "duration_minutes": 90},
            "duration_minutes",
            "ends after midnight",
        ),
        ({"starts_on": date(2026, 12, 1), "start_time": time(11, 0)}, "starts_on", "have passed"),
        ({"video_url": "http://zoom.us/j/1"}, "video_url", "starts with https://"),
        ({"video_url": "https://"}, "video_url", "starts with https://"),
        ({"location": "", "video_url": ""}, "location", "place, a video link, or both"),
        ({"agenda": "a" * 2001}, "agenda", "2,000 characters or fewer (it has 2,001)"),
        ({"duration_minutes": 10}, "duration_minutes", "from 15 to 480 minutes"),
        ({"kind": "one_on_one"}, "mentee", "Choose the mentee"),
    ],
)
def test_bad_input_is_refused_beside_its_field(program, overrides, field, message):
    with pytest.raises(MentoringError) as refused:
        _schedule(program, **overrides)
    assert refused.value.field == field
    assert message in refused.value.message
    db.session.rollback()
    assert _count() == 0


def test_ending_at_midnight_exactly_is_allowed(program):
    assert operations.midnight_problem(time(22, 30), 90) is None
    assert operations.midnight_problem(time(22, 31), 90) is not None


def test_a_one_on_one_is_for_an_active_mentee_of_the_group(program):
    with pytest.raises(MentoringError):
        _schedule(program, kind="one_on_one", enrollment_id=program.outsider.id)
    (meeting,) = _schedule(program, kind="one_on_one", enrollment_id=program.enrollments[0].id)
    assert meeting.enrollment_id == program.enrollments[0].id


def test_an_overlap_with_the_mentors_other_meeting_warns_and_is_allowed_on_request(program):
    _schedule(program)  # January 7, 2027, 4:00 to 5:30 pm
    with pytest.raises(MentoringError) as warned:
        _schedule(program, start_time=time(17, 0))
    assert warned.value.field == "start_time"
    assert "overlaps the mentor's meeting of Thursday, January 7, 2027 at 4:00 PM" in (
        warned.value.message
    )
    db.session.rollback()
    assert _count() == 1
    _schedule(program, start_time=time(17, 0), allow_overlap=True)
    # Back to back is no overlap; another mentor's meeting at the same time is none either.
    _schedule(program, start_time=time(14, 30), duration_minutes=90)
    operations.schedule_meetings(program.other_group, program.other_mentor, NOW, **_entry())
    db.session.commit()
    assert _count() == 4


# Changes, cancellation and the audit log ----------------------------------------------------


def _change(meeting, mentor, **overrides) -> bool:
    fields = {
        "starts_on": date(2027, 1, 7),
        "start_time": time(15, 0),
        "duration_minutes": 90,
        "location": "Jefferson City Library, room 2",
        "video_url": "https://meet.example.org/plc",
        "agenda": "Ethics cases",
        "topic": "ethics",
        **overrides,
    }
    return operations.update_meeting(meeting, mentor, NOW, **fields)


def test_a_change_raises_the_sequence_and_keeps_the_uid_and_a_cancel_marks_it(
    program, client, auth
):
    (meeting,) = _schedule(program)
    uid = meeting.uid
    assert _change(meeting, program.mentor)
    db.session.commit()
    assert (meeting.sequence, meeting.uid) == (1, uid)
    assert meeting.starts_at == datetime(2027, 1, 7, 21, 0, tzinfo=UTC)  # 3 pm CST
    assert not _change(meeting, program.mentor)  # the same answers: no change, no new sequence
    assert operations.cancel_meetings(meeting, program.mentor, NOW) == 1
    db.session.commit()

    auth.login_as(program.mentor)
    body = client.get(f"/scheduled/{meeting.id}/event.ics").get_data()
    cal, vcal = _parse_both(body)
    (event,) = cal.walk("VEVENT")
    assert str(event["UID"]).startswith(f"{uid}@")
    assert event["SEQUENCE"] == 2 and str(event["STATUS"]) == "CANCELLED"
    assert vcal.vevent.status.value == "CANCELLED" and vcal.vevent.sequence.value == "2"
    assert vcal.vevent.url.value == "https://meet.example.org/plc"
    assert vcal.vevent.dtstart.value.hour == 15
    with pytest.raises(MentoringError, match="cancelled"):
        operations.cancel_meetings(meeting, program.mentor, NOW)
    events = db.session.execute(
        select(AuditEvent.action, AuditEvent.summary)
        .where(AuditEvent.action.startswith("schedule."))
        .order_by(AuditEvent.id)
    ).all()
    assert [action for action, _ in events] == [
        "schedule.created",
        "schedule.updated",
        "schedule.cancelled",
    ]
    assert not any("Ethics" in summary for _, summary in events)


def test_cancelling_the_rest_of_a_series_leaves_the_earlier_meetings(program):
    meetings = _schedule(program, repeat="monthly", repeat_until=date(2027, 4, 30))
    assert operations.cancel_meetings(meetings[1], program.mentor, NOW, rest_of_series=True) == 3
    db.session.commit()
    assert [m.is_cancelled for m in meetings] == [False, True, True, True]
    assert [m.sequence for m in meetings] == [0, 1, 1, 1]


def test_a_passed_meeting_can_no_longer_change(program):
    (meeting,) = _schedule(program)
    later = datetime(2027, 1, 8, tzinfo=UTC)
    with pytest.raises(MentoringError, match="log it instead"):
        operations.cancel_meetings(meeting, program.mentor, later)
