"""The meeting log: logging once per form, the rules of an entry, the 30-day rule for mentors,
private notes, and pages that load in a fixed number of queries."""

import html
import re
import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from mentoring.cohorts import operations as cohort_operations
from mentoring.cohorts.models import Assignment, Enrollment, PlcGroup
from mentoring.core import localtime
from mentoring.core.audit import AuditEvent
from mentoring.core.errors import MentoringError, NotAllowed
from mentoring.core.localtime import school_year_of
from mentoring.core.models import utcnow
from mentoring.core.policy import can_edit_meeting, can_read_private_notes
from mentoring.core.roles import Role
from mentoring.extensions import db
from mentoring.meetings import operations, queries
from mentoring.meetings.models import Meeting, MeetingAttendance
from mentoring.progress.queries import progress_for
from mentoring.users.models import User
from tests.concurrency import a_then_b
from tests.factories import (
    change_meeting,
    count_statements,
    enroll,
    log_meeting,
    make_mentee,
    make_user,
)
from tests.schedule.helpers import Program, make_program

TODAY = date(2026, 11, 22)  # the operations take today as an argument: a fixed date
TOKEN = "a-token-of-thirty-two-characters"
LATE = (
    "Mentors can change or delete a meeting for 30 days after logging it; this one could be "
    "changed until {:%B %-d, %Y}. Ask the program staff to correct it."
)


def _program(start_year: int) -> Program:
    """The schedule tests' program, every mentee in the group for every meeting logged here."""
    program = make_program(start_year)
    for enrollment in (*program.enrollments, program.outsider):
        enrollment.enrolled_on = program.cohort.starts_on
    db.session.commit()
    return program


@pytest.fixture
def program(app) -> Program:
    """A cohort that started on July 1, 2026 (TODAY is in its program year 1)."""
    return _program(2026)


@pytest.fixture
def live(app) -> Program:
    """A cohort in whose program year 1 the real today falls, for the views."""
    today = localtime.today()
    return _program(school_year_of(today))


def _entry(program: Program, **overrides) -> dict:
    return {
        "held_on": date(2026, 11, 20),
        "duration_minutes": 90,
        "format": "in_person",
        "kind": "plc_group",
        "topics": ["counseling_skills", "ethics"],
        "focus": "Caseload planning",
        "next_steps": "Draft a calendar",
        "next_meeting_on": date(2026, 12, 4),
        "private_notes": None,
        "attendee_enrollment_ids": [e.id for e in program.enrollments],
        **overrides,
    }


def _log(program: Program, today: date = TODAY, actor=None, token=TOKEN, **overrides) -> Meeting:
    meeting = operations.log_meeting(
        program.group,
        actor or program.mentor,
        today,
        **_entry(program, **overrides),
        submission_token=token,
    )
    db.session.commit()
    return meeting


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _attending(meeting_id: int) -> set[int]:
    return set(
        db.session.scalars(
            select(MeetingAttendance.enrollment_id).where(
                MeetingAttendance.meeting_id == meeting_id
            )
        )
    )


def _audit(action_prefix: str = "meeting.") -> list[tuple[str, str]]:
    return [
        tuple(row)
        for row in db.session.execute(
            select(AuditEvent.action, AuditEvent.summary)
            .where(AuditEvent.action.startswith(action_prefix))
            .order_by(AuditEvent.id)
        )
    ]


def _logged_days_ago(meeting: Meeting, days: int) -> None:
    db.session.execute(
        update(Meeting)
        .where(Meeting.id == meeting.id)
        .values(created_at=utcnow() - timedelta(days=days))
    )
    db.session.commit()
    db.session.expire_all()


def _logged_on(meeting: Meeting, day: date) -> None:
    """Pretend the meeting was logged at noon local time on this day."""
    created_at = datetime(day.year, day.month, day.day, 12).astimezone()
    db.session.execute(
        update(Meeting).where(Meeting.id == meeting.id).values(created_at=created_at)
    )
    db.session.commit()
    db.session.expire_all()


# Logging -------------------------------------------------------------------------------------


def test_a_meeting_is_logged_with_its_attendance_and_program_year(program):
    meeting = _log(program, topics=["ethics", "counseling_skills", "ethics"])
    assert meeting.plc_group_id == program.group.id and meeting.logged_by_id == program.mentor.id
    assert meeting.program_year == 1 and meeting.duration_minutes == 90
    assert meeting.topics == "counseling_skills,ethics"  # the list's order, once each
    assert _attending(meeting.id) == {e.id for e in program.enrollments}
    assert _audit() == [
        (
            "meeting.logged",
            f"PLC group {program.group.id}: meeting of 2026-11-20, 90 minutes, 2 attending",
        )
    ]
    year_two = _log(
        program,
        date(2027, 7, 2),
        token="another-token-0000",
        held_on=date(2027, 7, 1),
        next_meeting_on=None,
    )
    assert year_two.program_year == 2


def test_text_is_trimmed_line_breaks_normalised_and_empty_notes_stored_as_none(program):
    meeting = _log(program, focus="  One\r\nTwo  ", private_notes="   ")
    assert meeting.focus == "One\nTwo" and meeting.private_notes is None


def test_the_limits_themselves_are_allowed(program):
    meeting = _log(
        program,
        held_on=date(2026, 7, 1),
        duration_minutes=15,
        focus="f" * 4000,
        next_steps="n" * 4000,
        private_notes="p" * 4000,
    )
    assert meeting.duration_minutes == 15
    longest = _log(program, token="longest-meeting-token", held_on=TODAY, duration_minutes=480)
    assert longest.held_on == TODAY and longest.duration_minutes == 480
    last_day = _log(
        program,
        date(2028, 6, 30),
        token="last-day-token-0000",
        held_on=date(2028, 6, 30),
        next_meeting_on=None,
    )
    assert last_day.program_year == 2


NOT_INSIDE = (
    "Choose a date inside 2026 Central Cohort's two program years (July 1, 2026 to June 30, 2028)."
)
BAD_INPUT = [
    (
        {"held_on": TODAY + timedelta(days=1)},
        "held_on",
        "The meeting date cannot be in the future.",
    ),
    ({"held_on": date(2026, 6, 30)}, "held_on", NOT_INSIDE),
    ({"duration_minutes": 14}, "duration_minutes", "A meeting lasts from 15 to 480 minutes"),
    ({"duration_minutes": 481}, "duration_minutes", "A meeting lasts from 15 to 480 minutes"),
    ({"topics": []}, "topics", "Choose at least one topic."),
    ({"topics": ["ethics", "astrology"]}, "topics", "Choose topics from the list."),
    ({"attendee_enrollment_ids": []}, "attendees", "Tick at least one mentee who attended."),
    ({"kind": "one_on_one"}, "attendees", "A one-on-one meeting has exactly one attendee"),
    ({"next_meeting_on": date(2026, 11, 19)}, "next_meeting_on", "must come after this one"),
    ({"next_meeting_on": date(2026, 11, 20)}, "next_meeting_on", "must come after this one"),
    ({"focus": "f" * 4001}, "focus", "Keep this to 4,000 characters or fewer (it has 4,001)."),
    ({"focus": " \r\n "}, "focus", "Describe the focus of the meeting."),
    ({"next_steps": ""}, "next_steps", "Write down the next steps you agreed on."),
    ({"private_notes": "p" * 4001}, "private_notes", "Keep this to 4,000 characters"),
    ({"focus": "NUL \x00 here"}, "focus", "Remove the control character"),
    ({"format": "carrier pigeon"}, "format", "Choose the format."),
    ({"kind": "retreat"}, "kind", "Choose the type of meeting."),
]


@pytest.mark.parametrize(("overrides", "field", "message"), BAD_INPUT)
def test_bad_input_is_refused_beside_its_field_and_nothing_changes(
    program, overrides, field, message
):
    with pytest.raises(MentoringError) as refused:
        _log(program, **overrides)
    assert refused.value.field == field and message in refused.value.message
    db.session.rollback()
    assert (_count(Meeting), _count(MeetingAttendance), _audit()) == (0, 0, [])


def test_a_date_after_the_cohort_ends_is_refused(program):
    with pytest.raises(MentoringError, match=re.escape(NOT_INSIDE)):
        _log(program, date(2028, 9, 1), held_on=date(2028, 7, 1), next_meeting_on=None)
    assert _count(Meeting) == 0


@pytest.mark.parametrize("who", ["outsider", "withdrawn", "unassigned", "unknown"])
def test_only_mentees_of_the_group_on_the_date_can_attend(program, who):
    if who == "outsider":
        enrollment_id = program.outsider.id
    elif who == "withdrawn":
        enrollment_id = program.enrollments[1].id
        # Withdrawn the day before the meeting of November 20.
        cohort_operations.withdraw(program.enrollments[1], None, "Moved away", date(2026, 11, 19))
        db.session.commit()
    elif who == "unassigned":
        enrollment_id = enroll(program.cohort, make_mentee()).id
    else:
        enrollment_id = 999_999
    with pytest.raises(MentoringError) as refused:
        _log(program, attendee_enrollment_ids=[program.enrollments[0].id, enrollment_id])
    assert refused.value.field == "attendees"
    assert refused.value.message == operations.NOT_IN_GROUP
    db.session.rollback()
    assert (_count(Meeting), _count(MeetingAttendance)) == (0, 0)


def test_a_one_on_one_meeting_has_exactly_one_attendee(program):
    meeting = _log(program, kind="one_on_one", attendee_enrollment_ids=[program.enrollments[0].id])
    assert meeting.kind == "one_on_one" and _attending(meeting.id) == {program.enrollments[0].id}


def test_only_the_groups_mentor_and_specialists_log_its_meetings(program):
    for outsider in (program.other_mentor, make_user(Role.MENTEE)):
        with pytest.raises(NotAllowed, match="Only the group's mentor and the program staff"):
            _log(program, actor=outsider)
    specialist = make_user(Role.SPECIALIST)
    assert _log(program, actor=specialist).logged_by_id == specialist.id


# Submitted twice -----------------------------------------------------------------------------


def test_the_same_form_sent_twice_logs_one_meeting(program):
    first = _log(program)
    again = _log(program, duration_minutes=60, focus="Changed on the way back")
    assert again.id == first.id and again.duration_minutes == 90
    assert (_count(Meeting), _count(MeetingAttendance), len(_audit())) == (1, 2, 1)
    assert _log(program, token="a-fresh-token-000000").id != first.id


def test_a_token_already_used_for_another_group_is_refused(program):
    _log(program)
    other_group = db.session.get(PlcGroup, program.outsider.plc_group_id)
    with pytest.raises(MentoringError, match="already used for another group's meeting"):
        operations.log_meeting(
            other_group,
            program.other_mentor,
            TODAY,
            **_entry(program, attendee_enrollment_ids=[program.outsider.id]),
            submission_token=TOKEN,
        )


def test_the_loser_of_a_race_on_the_token_returns_the_winners_meeting(program, monkeypatch):
    """The other request committed between this one's look-up and its INSERT."""
    first = _log(program)
    looked_up = []
    real_lookup = operations._with_token

    def too_early(token):
        looked_up.append(token)
        return None if len(looked_up) == 1 else real_lookup(token)

    monkeypatch.setattr(operations, "_with_token", too_early)
    again = _log(program, focus="The second click")
    assert again.id == first.id and len(looked_up) == 2
    assert (_count(Meeting), _count(MeetingAttendance), len(_audit())) == (1, 2, 1)


def test_two_requests_with_one_token_at_the_same_moment_log_one_meeting(app, program, monkeypatch):
    """Request A inserts and holds its transaction; B's INSERT waits on the unique token."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("row locks between two connections are tested on PostgreSQL")
    lookups = []
    real_lookup = operations._with_token

    def counted(token):
        lookups.append(threading.current_thread().name)
        return real_lookup(token)

    monkeypatch.setattr(operations, "_with_token", counted)
    group_id, mentor_id = program.group.id, program.mentor.id
    entry = _entry(program)
    db.session.remove()

    def request(index: int) -> int:
        # A inserts and holds; B looks up, finds nothing yet, and waits on the INSERT.
        return operations.log_meeting(
            db.session.get(PlcGroup, group_id),
            db.session.get(User, mentor_id),
            TODAY,
            **entry,
            submission_token=TOKEN,
        ).id

    results = a_then_b(app, request)
    assert isinstance(results[0], int) and results[1] == results[0]
    assert lookups == ["A", "B", "B"]  # B found nothing, lost on the INSERT, then found A's
    assert (_count(Meeting), _count(MeetingAttendance), len(_audit())) == (1, 2, 1)


def _first_years(enrollment_ids: list[int]):
    return [
        progress.years[0]
        for progress in sorted(
            progress_for(Enrollment.id.in_(enrollment_ids), TODAY), key=lambda p: p.enrollment.id
        )
    ]


def test_two_meetings_logged_at_once_for_the_same_mentees_both_count(app, program):
    """A holds its transaction after recounting; B's recount waits on the enrollment rows and
    then sees A's meeting, so the tallies say two meetings, not one."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("row locks between two connections are tested on PostgreSQL")
    group_id, mentor_id = program.group.id, program.mentor.id
    entry = _entry(program)
    ids = entry["attendee_enrollment_ids"]
    db.session.remove()

    def request(index: int) -> None:
        # A recounts and holds; B inserts its meeting and waits to recount.
        operations.log_meeting(
            db.session.get(PlcGroup, group_id),
            db.session.get(User, mentor_id),
            TODAY,
            **entry,
            submission_token=f"token-{index}",
        )

    assert a_then_b(app, request) == [None, None]
    assert [year.meetings for year in _first_years(ids)] == [2] * len(ids)


# Changing and deleting -----------------------------------------------------------------------


def test_the_mentor_changes_an_entry_for_30_days_then_only_a_specialist(program):
    meeting = _log(program)
    _logged_on(meeting, date(2026, 11, 1))
    deadline = date(2026, 12, 1)
    assert meeting.editable_until == deadline
    change_meeting(meeting, program.mentor, deadline, duration_minutes=60)
    assert meeting.duration_minutes == 60
    late = deadline + timedelta(days=1)
    assert not can_edit_meeting(program.mentor, meeting, program.group, late)
    with pytest.raises(NotAllowed) as refused:
        change_meeting(meeting, program.mentor, late, duration_minutes=45)
    assert refused.value.message == LATE.format(deadline)
    with pytest.raises(NotAllowed, match=re.escape(LATE.format(deadline))):
        operations.delete_meeting(meeting, program.mentor, late)
    db.session.rollback()
    assert meeting.duration_minutes == 60 and _count(Meeting) == 1

    specialist = make_user(Role.SPECIALIST)
    years_later = date(2030, 1, 1)
    assert can_edit_meeting(specialist, meeting, program.group, years_later)
    change_meeting(meeting, specialist, years_later, duration_minutes=45)
    assert meeting.duration_minutes == 45
    operations.delete_meeting(meeting, specialist, years_later)
    db.session.commit()
    assert (_count(Meeting), _count(MeetingAttendance)) == (0, 0)


def test_another_mentor_and_mentees_never_change_an_entry(program):
    meeting = _log(program)
    for outsider in (program.other_mentor, make_user(Role.MENTEE)):
        assert not can_edit_meeting(outsider, meeting, program.group, TODAY)
        with pytest.raises(NotAllowed, match="Only the group's mentor and the program staff"):
            change_meeting(meeting, outsider, TODAY, duration_minutes=30)
        with pytest.raises(NotAllowed):
            operations.delete_meeting(meeting, outsider, TODAY)
    db.session.rollback()
    assert meeting.duration_minutes == 90


def test_a_change_is_checked_audited_and_recomputes_the_year(program):
    meeting = _log(program, private_notes="Before")
    first, second = program.enrollments
    with pytest.raises(MentoringError, match="exactly one attendee"):
        change_meeting(meeting, program.mentor, TODAY, kind="one_on_one")
    db.session.rollback()
    with pytest.raises(MentoringError, match=operations.NOT_IN_GROUP):
        change_meeting(
            meeting,
            program.mentor,
            TODAY,
            attendee_enrollment_ids=[first.id, program.outsider.id],
        )
    db.session.rollback()
    specialist = make_user(Role.SPECIALIST)  # a year later, past the mentor's 30 days
    change_meeting(
        meeting,
        specialist,
        date(2027, 7, 10),
        held_on=date(2027, 7, 9),
        next_meeting_on=None,
        kind="one_on_one",
        format="virtual",
        topics=["other"],
        attendee_enrollment_ids=[second.id],
        focus="New focus",
        private_notes="After",
    )
    assert meeting.program_year == 2 and meeting.kind == "one_on_one"
    assert _attending(meeting.id) == {second.id}
    assert _audit()[-1] == (
        "meeting.updated",
        f"PLC group {program.group.id}: date: 2026-11-20 → 2027-07-09; format: in_person → "
        "virtual; type: plc_group → one_on_one; topics: counseling_skills,ethics → other; "
        "next meeting: 2026-12-04 → none; attending: 2 → 1; focus edited; private notes edited",
    )
    events = len(_audit())
    change_meeting(meeting, specialist, date(2027, 7, 10))  # nothing changes
    assert len(_audit()) == events


def test_a_mentee_who_left_stays_on_the_record_but_is_not_added_anew(program):
    meeting = _log(program, attendee_enrollment_ids=[program.enrollments[0].id])  # Nov 20
    cohort_operations.withdraw(program.enrollments[0], None, "Moved away", date(2026, 11, 21))
    db.session.commit()
    change_meeting(meeting, program.mentor, TODAY, duration_minutes=75)
    assert _attending(meeting.id) == {program.enrollments[0].id}
    later = _log(
        program,
        token="later-meeting-token",
        held_on=TODAY,
        attendee_enrollment_ids=[program.enrollments[1].id],
    )
    with pytest.raises(MentoringError, match=operations.NOT_IN_GROUP):
        change_meeting(
            later,
            program.mentor,
            TODAY,
            attendee_enrollment_ids=[program.enrollments[0].id, program.enrollments[1].id],
        )


def test_notes_change_only_for_those_who_may_read_them(program):
    specialist = make_user(Role.SPECIALIST)
    meeting = _log(program, actor=specialist, private_notes="Staff only")
    assert not can_read_private_notes(program.mentor, meeting)
    assert can_read_private_notes(specialist, meeting)
    change_meeting(meeting, program.mentor, TODAY, duration_minutes=60, private_notes="")
    assert meeting.private_notes == "Staff only" and meeting.duration_minutes == 60
    assert "private notes" not in _audit()[-1][1]


def test_deleting_removes_the_attendance_and_lowers_the_mentees_progress(program):
    kept = _log(program, token="kept-meeting-token-0")
    deleted = _log(program, held_on=date(2026, 11, 21), duration_minutes=120)
    enrollment = program.enrollments[0]
    before = progress_for(Enrollment.id == enrollment.id, TODAY)[0].years[0]
    assert (before.meetings, before.contact_minutes) == (2, 210)
    operations.delete_meeting(deleted, program.mentor, TODAY)
    db.session.commit()
    after = progress_for(Enrollment.id == enrollment.id, TODAY)[0].years[0]
    assert (after.meetings, after.contact_minutes) == (1, 90)
    assert _attending(deleted.id) == set() and _count(MeetingAttendance) == 2
    assert db.session.scalars(select(Meeting.id)).all() == [kept.id]
    assert _audit()[-1] == (
        "meeting.deleted",
        f"PLC group {program.group.id}: meeting of 2026-11-21 deleted (120 minutes, 2 attending)",
    )


def test_audit_summaries_never_hold_the_text(program):
    meeting = _log(program, focus="SECRET-FOCUS", next_steps="SECRET-STEPS", private_notes="SECRET")
    change_meeting(
        meeting,
        program.mentor,
        TODAY,
        focus="SECRET-FOCUS-2",
        next_steps="SECRET-STEPS-2",
        private_notes="SECRET-2",
    )
    operations.delete_meeting(meeting, program.mentor, TODAY)
    db.session.commit()
    summaries = [summary for _, summary in _audit()]
    assert len(summaries) == 3 and not any("SECRET" in summary for summary in summaries)


# The pages -----------------------------------------------------------------------------------


def _page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _form(program: Program, **overrides) -> dict:
    today = localtime.today()
    return {
        "held_on": today.isoformat(),
        "duration_minutes": "90",
        "kind": "plc_group",
        "format": "virtual",
        "topics": ["counseling_skills", "collaboration"],
        "attendees": [str(e.id) for e in program.enrollments],
        "focus": "Opening the school year",
        "next_steps": "Each brings one case",
        "next_meeting_on": "",
        "private_notes": "",
        "submission_token": TOKEN,
        **overrides,
    }


def _error_beside(page: str, field_id: str) -> str:
    """The error shown under a field, which the field names in its aria-describedby."""
    match = re.search(
        rf'<div id="{field_id}-error" class="invalid-feedback d-block">([^<]*)<', page
    )
    assert match, f"no error beside {field_id}"
    assert re.search(rf'aria-describedby="[^"]*\b{field_id}-error\b', page)
    return match.group(1)


def test_the_form_ticks_every_active_mentee_and_carries_a_fresh_token(client, auth, live):
    cohort_operations.withdraw(
        enroll(live.cohort, make_mentee(name="Gone Mentee"), live.group),
        None,
        "Moved away",
        localtime.today(),
    )
    db.session.commit()
    auth.login_as(live.mentor)
    page = _page(client.get(f"/groups/{live.group.id}/meetings/new"))
    boxes = re.findall(r'<input [^>]*name="attendees"[^>]*>', page)
    assert len(boxes) == 2 and all(re.search(r"\bchecked\b", box) for box in boxes)
    assert "Ada Mentee" in page and "Ben Mentee" in page and "Gone Mentee" not in page
    assert re.search(rf'id="held_on"[^>]*value="{localtime.today().isoformat()}"', page)
    assert "Private notes (only you and program staff see these)" in page
    assert "<legend" in page and page.count("<fieldset") >= 4
    tokens = re.findall(r'name="submission_token" type="hidden" value="([^"]+)"', page)
    again = _page(client.get(f"/groups/{live.group.id}/meetings/new"))
    assert len(tokens) == 1 and len(tokens[0]) == 32
    assert tokens[0] not in again


def test_a_mentor_logs_a_meeting_and_is_sent_to_the_log(client, auth, live):
    auth.login_as(live.mentor)
    response = client.post(f"/groups/{live.group.id}/meetings/new", data=_form(live))
    assert response.status_code == 302
    assert response.headers["Location"] == f"/groups/{live.group.id}/meetings"
    meeting = db.session.scalars(select(Meeting)).one()
    assert meeting.held_on == localtime.today() and meeting.format == "virtual"
    assert meeting.logged_by_id == live.mentor.id and meeting.submission_token == TOKEN
    listed = _page(client.get(response.headers["Location"]))
    assert f"Meeting of {localtime.today():%B %-d, %Y} logged." in listed
    assert "2 of 2" in listed and "Counseling skills; Collaboration and reflection" in listed
    assert f'href="/meetings/{meeting.id}"' in listed and "Log a meeting" in listed


def test_posting_the_same_form_twice_logs_one_meeting(client, auth, live):
    auth.login_as(live.mentor)
    url = f"/groups/{live.group.id}/meetings/new"
    for _ in range(2):
        assert client.post(url, data=_form(live)).status_code == 302
    assert (_count(Meeting), _count(MeetingAttendance)) == (1, 2)


def _view_bad_input(live: Program) -> list:
    today = localtime.today()
    return [
        ({"held_on": (today + timedelta(days=1)).isoformat()}, "held_on", "in the future"),
        (
            {"held_on": (live.cohort.starts_on - timedelta(days=1)).isoformat()},
            "held_on",
            "Choose a date inside 2026 Central Cohort's two program years",
        ),
        ({"held_on": "20/11/2026"}, "held_on", "Enter a real date."),
        ({"duration_minutes": "14"}, "duration_minutes", "from 15 to 480 minutes"),
        ({"duration_minutes": "481"}, "duration_minutes", "from 15 to 480 minutes"),
        ({"duration_minutes": ""}, "duration_minutes", "Give the duration in minutes."),
        ({"topics": []}, "topics", "Choose at least one topic."),
        ({"topics": ["astrology"]}, "topics", "Choose topics from the list."),
        ({"attendees": [str(live.outsider.id)]}, "attendees", operations.NOT_IN_GROUP),
        ({"attendees": ["abc"]}, "attendees", operations.NOT_IN_GROUP),
        ({"attendees": []}, "attendees", "Tick at least one mentee who attended."),
        ({"kind": "one_on_one"}, "attendees", "exactly one attendee"),
        ({"kind": "retreat"}, "kind", "Choose one of the options given."),
        (
            {"next_meeting_on": (today - timedelta(days=1)).isoformat()},
            "next_meeting_on",
            "The next meeting must come after this one.",
        ),
        ({"focus": "f" * 4001}, "focus", "Keep this to 4,000 characters or fewer"),
        ({"next_steps": "  "}, "next_steps", "Write down the next steps you agreed on."),
        ({"private_notes": "p" * 4001}, "private_notes", "Keep this to 4,000 characters"),
    ]


def test_bad_input_is_shown_beside_its_field_and_nothing_is_logged(client, auth, live):
    if live.cohort.starts_on == localtime.today():
        pytest.skip("no past day inside the cohort today")
    auth.login_as(live.mentor)
    for overrides, field, message in _view_bad_input(live):
        response = client.post(
            f"/groups/{live.group.id}/meetings/new", data=_form(live, **overrides)
        )
        page = _page(response)
        assert response.status_code == 400, overrides
        assert message in _error_beside(page, field), overrides
        assert f'value="{TOKEN}"' in page  # the same form, so still one meeting at most
    assert (_count(Meeting), _count(MeetingAttendance), _audit()) == (0, 0, [])


def test_a_date_after_an_ended_cohort_is_refused_on_the_page(client, auth, app):
    ended = _program(localtime.today().year - 3)
    auth.login_as(ended.mentor)
    response = client.post(
        f"/groups/{ended.group.id}/meetings/new",
        data=_form(ended, held_on=(ended.cohort.ends_on + timedelta(days=1)).isoformat()),
    )
    assert response.status_code == 400
    assert "two program years" in _error_beside(_page(response), "held_on")
    assert _count(Meeting) == 0


def test_pages_of_another_mentors_group_do_not_exist_and_mentees_have_none(client, auth, live):
    meeting = log_meeting(live.group, localtime.today(), attendees=live.enrollments)
    urls = [
        ("GET", f"/groups/{live.group.id}/meetings"),
        ("GET", f"/groups/{live.group.id}/meetings/new"),
        ("POST", f"/groups/{live.group.id}/meetings/new"),
        ("GET", f"/meetings/{meeting.id}"),
        ("GET", f"/meetings/{meeting.id}/edit"),
        ("POST", f"/meetings/{meeting.id}/edit"),
        ("POST", f"/meetings/{meeting.id}/delete"),
    ]
    auth.login_as(live.other_mentor)
    for method, url in urls:
        assert client.open(url, method=method, data=_form(live)).status_code == 404, url
    auth.logout()
    mentee = db.session.get(User, live.enrollments[0].mentee_id)
    auth.login_as(mentee)
    for method, url in urls:
        assert client.open(url, method=method, data=_form(live)).status_code == 403, url
    assert _count(Meeting) == 1 and _count(MeetingAttendance) == 2
    assert client.get("/meetings/999999").status_code == 403
    auth.logout()
    auth.login_as(live.mentor)
    assert client.get("/meetings/999999").status_code == 404


def test_private_notes_reach_their_author_and_specialists_only(client, auth, live):
    auth.login_as(live.mentor)
    client.post(
        f"/groups/{live.group.id}/meetings/new",
        data=_form(live, private_notes="NOTE-BY-MENTOR", focus="Shared focus"),
    )
    meeting_id = db.session.scalar(select(Meeting.id))
    url = f"/meetings/{meeting_id}"
    page = _page(client.get(url))
    assert "NOTE-BY-MENTOR" in page and "Shared focus" in page
    assert "Ada Mentee, Ben Mentee" in page
    assert "NOTE-BY-MENTOR" not in _page(client.get(f"/groups/{live.group.id}/meetings"))
    auth.logout()
    specialist = make_user(Role.SPECIALIST)
    auth.login_as(specialist)
    assert "NOTE-BY-MENTOR" in _page(client.get(url))
    # A specialist's own notes on the group's meeting are not the mentor's to read.
    client.post(
        f"/groups/{live.group.id}/meetings/new",
        data=_form(live, private_notes="NOTE-BY-STAFF", submission_token="staff-token-000000"),
    )
    staff_meeting_id = db.session.scalar(select(Meeting.id).where(Meeting.id != meeting_id))
    auth.logout()
    auth.login_as(live.mentor)
    page = _page(client.get(f"/meetings/{staff_meeting_id}"))
    assert "Shared focus" not in page and "NOTE-BY-STAFF" not in page
    edit = _page(client.get(f"/meetings/{staff_meeting_id}/edit"))
    assert "NOTE-BY-STAFF" not in edit and 'name="private_notes"' not in edit
    client.post(f"/meetings/{staff_meeting_id}/edit", data=_form(live, duration_minutes="45"))
    staff_meeting = db.session.get(Meeting, staff_meeting_id)
    assert staff_meeting.duration_minutes == 45 and staff_meeting.private_notes == "NOTE-BY-STAFF"
    for visitor in (live.other_mentor, db.session.get(User, live.enrollments[0].mentee_id)):
        auth.logout()
        auth.login_as(visitor)
        response = client.get(url)
        assert response.status_code in (403, 404) and "NOTE-BY" not in _page(response)


def test_the_edit_page_says_until_when_and_saves(client, auth, live):
    meeting = log_meeting(live.group, localtime.today(), attendees=live.enrollments)
    db.session.execute(
        update(Meeting).where(Meeting.id == meeting.id).values(logged_by_id=live.mentor.id)
    )
    db.session.commit()
    auth.login_as(live.mentor)
    deadline = meeting.editable_until
    page = _page(client.get(f"/meetings/{meeting.id}/edit"))
    assert f"You can change or delete this meeting until {deadline:%B %-d, %Y}" in page
    assert len(re.findall(r'<input [^>]*\bchecked\b[^>]*name="attendees"', page)) == 2
    response = client.post(
        f"/meetings/{meeting.id}/edit",
        data=_form(live, attendees=[str(live.enrollments[0].id)], kind="one_on_one"),
    )
    assert response.status_code == 302 and response.headers["Location"] == f"/meetings/{meeting.id}"
    assert _attending(meeting.id) == {live.enrollments[0].id}
    refused = client.post(f"/meetings/{meeting.id}/edit", data=_form(live, duration_minutes="9"))
    assert refused.status_code == 400
    assert "from 15 to 480 minutes" in _error_beside(_page(refused), "duration_minutes")


def test_after_30_days_a_mentor_is_told_and_a_specialist_still_corrects(client, auth, live):
    meeting = log_meeting(live.group, localtime.today(), attendees=live.enrollments)
    _logged_days_ago(meeting, 31)
    deadline = db.session.get(Meeting, meeting.id).editable_until
    message = LATE.format(deadline)
    auth.login_as(live.mentor)
    shown = _page(client.get(f"/meetings/{meeting.id}"))
    assert message in shown and "Change this meeting" not in shown
    for response in (
        client.get(f"/meetings/{meeting.id}/edit"),
        client.post(f"/meetings/{meeting.id}/edit", data=_form(live, duration_minutes="30")),
        client.post(f"/meetings/{meeting.id}/delete"),
    ):
        assert response.status_code == 302
        assert response.headers["Location"] == f"/meetings/{meeting.id}"
        assert message in _page(client.get(response.headers["Location"]))
    assert db.session.get(Meeting, meeting.id).duration_minutes == 90
    auth.logout()
    auth.login_as(make_user(Role.SPECIALIST))
    assert "Program staff can correct a meeting at any time." in _page(
        client.get(f"/meetings/{meeting.id}/edit")
    )
    response = client.post(f"/meetings/{meeting.id}/edit", data=_form(live, duration_minutes="30"))
    assert response.status_code == 302
    assert db.session.get(Meeting, meeting.id).duration_minutes == 30
    deleted = client.post(f"/meetings/{meeting.id}/delete")
    assert deleted.headers["Location"] == f"/groups/{live.group.id}/meetings"
    assert (_count(Meeting), _count(MeetingAttendance)) == (0, 0)


def test_the_list_filters_by_program_year_and_pages(client, auth, live):
    start = live.cohort.starts_on
    for day in range(30):
        log_meeting(live.group, start + timedelta(days=day), attendees=live.enrollments[:1])
    log_meeting(live.group, start + timedelta(days=400), attendees=live.enrollments)
    auth.login_as(live.mentor)
    url = f"/groups/{live.group.id}/meetings"
    everything = _page(client.get(url))
    assert "31 meetings" in everything and "Page 1 of 2" in everything
    assert everything.index(f"{start + timedelta(days=400):%B %-d, %Y}") < everything.index(
        f"{start + timedelta(days=29):%B %-d, %Y}"
    )
    year_two = _page(client.get(f"{url}?year=2"))
    assert "1 meeting<" in year_two and "2 of 2" in year_two
    year_one = _page(client.get(f"{url}?year=1"))
    assert "30 meetings" in year_one and "1 of 2" in year_one
    assert f'href="{url}?year=1&page=2"' in year_one  # the pager keeps the group and the year
    second = _page(client.get(f"{url}?year=1&page=2"))
    assert f"{start:%B %-d, %Y}" in second and "Page 2 of 2" in second
    assert "31 meetings" in _page(client.get(f"{url}?year=7"))  # not a year: no filter


def test_the_list_issues_the_same_queries_for_3_or_30_meetings(client, auth, app):
    today = localtime.today()
    counts = []
    for size in (3, 30):
        program = _program(school_year_of(today))
        for day in range(size):
            log_meeting(
                program.group,
                program.cohort.starts_on + timedelta(days=day % 100),
                attendees=program.enrollments[: 1 + day % 2],
            )
        auth.login_as(program.mentor)
        counts.append(count_statements(client, f"/groups/{program.group.id}/meetings?year=1"))
        auth.logout()
    assert counts[0] == counts[1]


# Attendance as of the meeting's date --------------------------------------------------------


def test_a_mentee_enrolled_after_the_meeting_cannot_be_ticked(program):
    late = enroll(program.cohort, make_mentee(name="Cal Latecomer"), program.group)
    late.enrolled_on = date(2026, 11, 23)  # three days after the meeting of November 20
    db.session.commit()
    with pytest.raises(MentoringError, match=re.escape(operations.NOT_IN_GROUP)):
        _log(program, attendee_enrollment_ids=[program.enrollments[0].id, late.id])
    db.session.rollback()
    choices = queries.attendance_choices(program.group.id, date(2026, 11, 20))
    assert [enrollment.id for enrollment, _ in choices] == [e.id for e in program.enrollments]


def test_the_counts_use_the_group_on_each_meeting_date(program):
    """Ada and Ben from July 1; Cal joins on November 23; Ben is reassigned to the other mentor
    (dated November 24 here, as on that day) and withdraws on December 1."""
    early = _log(program, attendee_enrollment_ids=[program.enrollments[0].id])  # Nov 20
    cal = enroll(program.cohort, make_mentee(name="Cal Latecomer"), program.group)
    cal.enrolled_on = date(2026, 11, 23)
    other = db.session.scalar(select(PlcGroup).where(PlcGroup.mentor_id == program.other_mentor.id))
    cohort_operations.assign(program.enrollments[1], other, None)
    db.session.execute(
        update(Assignment)
        .where(Assignment.enrollment_id == program.enrollments[1].id)
        .values(started_at=datetime(2026, 11, 24, 15, tzinfo=UTC))
    )
    db.session.execute(
        update(Assignment)
        .where(
            Assignment.enrollment_id == program.enrollments[1].id,
            Assignment.plc_group_id == program.group.id,
        )
        .values(ended_at=datetime(2026, 11, 24, 15, tzinfo=UTC))
    )
    db.session.commit()
    late = _log(
        program,
        date(2026, 11, 30),
        token="b" * 32,
        held_on=date(2026, 11, 27),
        next_meeting_on=None,
        attendee_enrollment_ids=[program.enrollments[0].id, cal.id],
    )
    cohort_operations.withdraw(program.enrollments[1], None, "Moved away", date(2026, 12, 1))
    db.session.commit()
    rows = queries.group_meetings_page(program.group.id, None, 1, 10).items
    # Nov 20: Ada and Ben were in Mia's group (Cal not yet enrolled): 1 of 2. Nov 27: Ada and
    # Cal (Ben had moved on the 24th): 2 of 2.
    assert [(meeting.id, attending, members) for meeting, attending, members in rows] == [
        (late.id, 2, 2),
        (early.id, 1, 2),
    ]
    # Ben is no choice for the meeting of Nov 27 in Mia's group, but was for Nov 20.
    on_27 = queries.attendance_choices(program.group.id, date(2026, 11, 27), late.id)
    assert [mentee.name for _, mentee in on_27] == ["Ada Mentee", "Cal Latecomer"]
    on_20 = queries.attendance_choices(program.group.id, date(2026, 11, 20), early.id)
    assert [mentee.name for _, mentee in on_20] == ["Ada Mentee", "Ben Mentee"]


def test_moving_a_meeting_before_an_attendee_joined_is_refused(program):
    cal = enroll(program.cohort, make_mentee(name="Cal Latecomer"), program.group)
    cal.enrolled_on = date(2026, 11, 18)
    db.session.commit()
    meeting = _log(program, attendee_enrollment_ids=[program.enrollments[0].id, cal.id])
    with pytest.raises(MentoringError, match=re.escape(operations.NOT_IN_GROUP)):
        change_meeting(meeting, program.mentor, TODAY, held_on=date(2026, 11, 17))
    db.session.rollback()
    change_meeting(meeting, program.mentor, TODAY, held_on=date(2026, 11, 19))
    assert meeting.held_on == date(2026, 11, 19)
