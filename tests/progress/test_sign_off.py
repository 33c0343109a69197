"""The yearly sign-off: the mentor's, a specialist's in the mentor's place, and corrections.

Program year 1 of the 2026 cohort ends on June 30, 2027; its last 60 days start on May 2
(June 30 − 59 days), the first day it can be signed off.
"""

import html
import re
from datetime import date

import pytest
from sqlalchemy import select

from mentoring.cohorts import operations as cohort_operations
from mentoring.cohorts.models import Enrollment
from mentoring.core.audit import AuditEvent
from mentoring.core.errors import MentoringError, NotAllowed
from mentoring.core.localtime import day_in_school_year
from mentoring.core.policy import can_sign_off
from mentoring.core.roles import Role
from mentoring.extensions import db
from mentoring.progress import operations
from mentoring.progress.models import YearSignOff
from tests.factories import (
    log_meeting,
    make_group,
    make_mentee,
    make_mentor,
    make_user,
    write_reflection,
)
from tests.progress.helpers import Program

OPENS = date(2027, 5, 2)
COMMENT = "Steady work all year; the caseload plan was excellent."
REASON = "The mentor is on medical leave until August."


def _sign_offs() -> list[YearSignOff]:
    return db.session.scalars(select(YearSignOff)).all()


def _events(action: str) -> list[AuditEvent]:
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


def _meet_the_minimums(program: Program) -> None:
    """8 meetings of 90 minutes (12 hours) and 4 reflections in program year 1."""
    for month in (10, 11, 12, 1, 2, 3, 4, 5):
        day = day_in_school_year(2026, month, 10)
        log_meeting(program.group, day, 90, [program.enrollment])
    for month in (9, 11, 1, 3):
        write_reflection(program.enrollment, day_in_school_year(2026, month, 12))


# The operations ------------------------------------------------------------------------------


def test_the_window_opens_60_days_before_the_year_ends(program):
    assert operations.sign_off_opens_on(program.cohort, 1) == OPENS
    assert operations.sign_off_opens_on(program.cohort, 2) == date(2028, 5, 2)
    problem = operations.timing_problem(program.cohort, 1, date(2027, 5, 1))
    assert problem == (
        "Program year 1 can be signed off from May 2, 2027, in its last 60 days, "
        "or after it ends on June 30, 2027."
    )
    with pytest.raises(NotAllowed, match="can be signed off from May 2, 2027"):
        operations.sign_off_year(
            program.enrollment, 1, program.mentor, date(2027, 5, 1), True, COMMENT
        )
    assert _sign_offs() == []
    operations.sign_off_year(program.enrollment, 1, program.mentor, OPENS, True, COMMENT)
    db.session.commit()
    # Long after the year's end, a year can still be signed off.
    operations.sign_off_year(
        program.enrollment, 2, program.mentor, date(2029, 1, 1), False, "Not enough meetings."
    )
    db.session.commit()
    assert [(s.program_year, s.met) for s in _sign_offs()] == [(1, True), (2, False)]


def test_the_mentor_signs_off_once_and_the_audit_says_only_met_and_who(program):
    record = operations.sign_off_year(
        program.enrollment, 1, program.mentor, OPENS, True, f"  {COMMENT}\r\n"
    )
    db.session.commit()
    assert (record.met, record.comment, record.signed_by_id) == (True, COMMENT, program.mentor.id)
    assert record.on_behalf_reason is None
    (event,) = _events("progress.signed_off")
    assert event.actor_id == program.mentor.id
    assert event.summary == (
        f"Enrollment {program.enrollment.id}, program year 1: signed off as met by the mentor"
    )
    with pytest.raises(NotAllowed, match="already signed off"):
        operations.sign_off_year(program.enrollment, 1, program.mentor, OPENS, False, "Changed")
    db.session.rollback()
    assert len(_sign_offs()) == 1


def test_only_the_current_mentor_or_a_specialist_signs_off(program):
    other_mentor = make_mentor(name="Omar Other")
    make_group(program.cohort, other_mentor)
    for outsider in (other_mentor, program.mentee, make_user(Role.MENTEE)):
        with pytest.raises(NotAllowed, match="Only the mentee's mentor"):
            operations.sign_off_year(program.enrollment, 1, outsider, OPENS, True, COMMENT)
    # Reassigned: the former mentor can no longer sign off; the new one can.
    new_group = make_group(program.cohort, make_mentor(name="Nia New"))
    cohort_operations.assign(program.enrollment, new_group, None)
    db.session.commit()
    with pytest.raises(NotAllowed):
        operations.sign_off_year(program.enrollment, 1, program.mentor, OPENS, True, COMMENT)
    assert can_sign_off(program.mentor, operations.current_group(program.enrollment)) is False
    assert _sign_offs() == []


def test_a_specialist_signs_off_in_the_mentors_place_only_with_a_reason(program):
    specialist = make_user(Role.SPECIALIST)
    with pytest.raises(MentoringError, match="Give the reason") as refused:
        operations.sign_off_year(program.enrollment, 1, specialist, OPENS, True, COMMENT, "  ")
    assert refused.value.field == "on_behalf_reason"
    record = operations.sign_off_year(
        program.enrollment, 1, specialist, OPENS, True, COMMENT, REASON
    )
    db.session.commit()
    assert (record.signed_by_id, record.on_behalf_reason) == (specialist.id, REASON)
    (event,) = _events("progress.signed_off")
    assert event.summary.endswith("signed off as met by a specialist in the mentor's place")
    assert REASON not in event.summary and COMMENT not in event.summary


@pytest.mark.parametrize(
    ("comment", "field", "message"),
    [
        ("   ", "comment", "Write a comment for the mentee."),
        ("x" * 1001, "comment", "Keep the comment to 1,000 characters or fewer"),
        ("Good\x00year", "comment", "Remove the control character"),
    ],
)
def test_a_bad_comment_is_refused_beside_its_field(program, comment, field, message):
    with pytest.raises(MentoringError, match=message) as refused:
        operations.sign_off_year(program.enrollment, 1, program.mentor, OPENS, True, comment)
    assert refused.value.field == field
    db.session.rollback()
    assert _sign_offs() == []


def test_a_withdrawn_mentee_and_a_third_year_cannot_be_signed_off(program):
    specialist = make_user(Role.SPECIALIST)
    with pytest.raises(MentoringError, match="two years"):
        operations.sign_off_year(program.enrollment, 3, specialist, OPENS, True, COMMENT, REASON)
    cohort_operations.withdraw(program.enrollment, None, "Left the state", date(2027, 3, 1))
    db.session.commit()
    with pytest.raises(NotAllowed, match="withdrawn"):
        operations.sign_off_year(program.enrollment, 1, specialist, OPENS, True, COMMENT, REASON)
    assert _sign_offs() == []


def test_only_a_specialist_corrects_a_sign_off_and_only_with_a_reason(program):
    record = operations.sign_off_year(program.enrollment, 1, program.mentor, OPENS, True, COMMENT)
    db.session.commit()
    with pytest.raises(NotAllowed, match="Only a program specialist"):
        operations.correct_sign_off(record, program.mentor, False, "Oops", "Mistake")
    specialist = make_user(Role.SPECIALIST)
    with pytest.raises(MentoringError, match="reason for the correction"):
        operations.correct_sign_off(record, specialist, False, "Oops", "")
    operations.correct_sign_off(
        record, specialist, False, "Two meetings were logged twice.", REASON
    )
    db.session.commit()
    db.session.refresh(record)
    assert (record.met, record.comment, record.on_behalf_reason) == (
        False,
        "Two meetings were logged twice.",
        REASON,
    )
    (event,) = _events("progress.sign_off_corrected")
    assert event.summary == (
        f"Enrollment {program.enrollment.id}, program year 1: sign-off corrected from met to "
        "not met by a specialist"
    )


def test_the_sign_off_opens_and_closes_the_year_on_the_enrollment(program):
    """The onset kept on the enrollment (tallies.keep_open_onsets) follows the sign-off: the
    at-risk list and the waiting list start from it."""
    _meet_the_minimums(program)
    db.session.commit()

    def year1_at_risk_from():
        db.session.expire_all()
        return db.session.scalar(
            select(Enrollment.year1_at_risk_from).where(Enrollment.id == program.enrollment.id)
        )

    # Met, not signed off: at risk once quiet for more than 45 days after the last meeting,
    # May 10, 2027 (the 46th day after it is June 25).
    assert year1_at_risk_from() == date(2027, 6, 25)
    record = operations.sign_off_year(program.enrollment, 1, program.mentor, OPENS, True, COMMENT)
    db.session.commit()
    assert year1_at_risk_from() is None
    specialist = make_user(Role.SPECIALIST)
    operations.correct_sign_off(
        record, specialist, False, "Two meetings were logged twice.", REASON
    )
    db.session.commit()
    assert year1_at_risk_from() == date(2027, 6, 25)


# The page ------------------------------------------------------------------------------------


def _url(program: Program, year: int = 1) -> str:
    return f"/enrollments/{program.enrollment.id}/sign-off/{year}"


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _words(response) -> str:
    """The page's text without tags, each run of white space made one space."""
    return " ".join(re.sub(r"<[^>]+>", " ", _text(response)).split())


def test_before_the_window_the_page_shows_progress_and_when_it_opens(
    client, auth, program, freeze_today
):
    freeze_today(date(2027, 3, 15))
    log_meeting(program.group, date(2026, 9, 10), 90, [program.enrollment])
    auth.login_as(program.mentor)
    page = _text(client.get(_url(program)))
    assert "Noor Mentee" in page and "Progress in program year 1" in page
    assert "<td>1</td><td>8</td>" in page  # meetings attended: 1 of 8
    assert "<td>1.5</td><td>12</td>" in page  # contact hours: 90 min = 1.5 of 12
    assert "can be signed off from May 2, 2027" in page
    assert 'name="comment"' not in page
    # A POST before the window is refused with the same reason, and nothing is saved.
    response = client.post(_url(program), data={"met": "met", "comment": COMMENT})
    assert response.status_code == 400 and "can be signed off from May 2, 2027" in _text(response)
    assert _sign_offs() == []


def test_the_mentor_signs_off_and_the_year_becomes_complete(client, auth, program, freeze_today):
    freeze_today(date(2027, 6, 1))
    _meet_the_minimums(program)
    auth.login_as(program.mentor)
    page = _text(client.get(_url(program)))
    assert "On track" in page and "The minimums for this year are met." in page
    assert 'name="comment"' in page and 'name="on_behalf_reason"' not in page

    response = client.post(_url(program), data={"met": "met", "comment": COMMENT})
    assert response.status_code == 302 and response.headers["Location"] == _url(program)
    page = _text(client.get(_url(program)))
    assert "Program year 1 is signed off: met." in page
    assert "Signed off as met" in page and COMMENT in page and "Complete" in page
    assert "Only a program specialist can correct a sign-off" in page
    assert 'name="comment"' not in page

    # A second submission (the back button, another tab) is refused: the first stands.
    response = client.post(_url(program), data={"met": "not_met", "comment": "Changed my mind"})
    assert response.status_code == 400 and "already signed off" in _text(response)
    assert [(s.met, s.comment) for s in _sign_offs()] == [(True, COMMENT)]

    auth.logout()
    auth.login_as(program.mentee)
    home = _words(client.get("/"))
    assert "Your mentor signed this year off as met" in home and COMMENT in home
    assert "Nothing is left to do: this year is complete." in home


def test_signed_off_as_not_met_the_year_is_not_complete(client, auth, program, freeze_today):
    freeze_today(date(2027, 7, 5))
    _meet_the_minimums(program)
    auth.login_as(program.mentor)
    assert client.post(_url(program), data={"met": "not_met", "comment": "Missed the spring."})
    page = _text(client.get(_url(program)))
    assert "Signed off as not met" in page and "At risk" in page and "Complete" not in page


def test_short_of_the_minimums_a_met_sign_off_leaves_the_year_incomplete(
    client, auth, program, freeze_today
):
    freeze_today(date(2027, 7, 5))
    log_meeting(program.group, date(2027, 6, 1), 90, [program.enrollment])
    auth.login_as(program.mentor)
    page = _text(client.get(_url(program)))
    assert "The minimums for this year are not met yet" in page
    client.post(_url(program), data={"met": "met", "comment": COMMENT})
    page = _text(client.get(_url(program)))
    assert "Signed off as met" in page and "At risk" in page and "Complete" not in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"comment": COMMENT}, "met", "Choose met or not met."),
        ({"met": "maybe", "comment": COMMENT}, "met", "Choose one of the options given."),
        ({"met": "met", "comment": "  "}, "comment", "Write a comment for the mentee."),
        ({"met": "met", "comment": "x" * 1001}, "comment", "1,000 characters or fewer"),
        ({"met": "met", "comment": "a\x07b"}, "comment", "Remove the control character"),
    ],
)
def test_bad_input_is_shown_beside_the_field(
    client, auth, program, freeze_today, data, field, message
):
    freeze_today(date(2027, 6, 1))
    auth.login_as(program.mentor)
    response = client.post(_url(program), data=data)
    assert response.status_code == 400
    page = _text(response)
    assert f'id="{field}-error"' in page and message in page
    assert _sign_offs() == []


def test_a_specialist_signs_off_with_a_reason_and_corrects(client, auth, program, freeze_today):
    freeze_today(date(2027, 7, 5))
    specialist = make_user(Role.SPECIALIST)
    auth.login_as(specialist)
    page = _text(client.get(_url(program)))
    assert 'name="on_behalf_reason"' in page and "in the mentor's place" in page

    response = client.post(_url(program), data={"met": "met", "comment": COMMENT})
    assert response.status_code == 400
    page = _text(response)
    assert 'id="on_behalf_reason-error"' in page and "Give the reason" in page
    assert _sign_offs() == []

    data = {"met": "met", "comment": COMMENT, "on_behalf_reason": REASON}
    assert client.post(_url(program), data=data).status_code == 302
    (record,) = _sign_offs()
    assert (record.signed_by_id, record.on_behalf_reason) == (specialist.id, REASON)

    # Signed: the page now offers the correction, filled in with the sign-off.
    page = _text(client.get(_url(program)))
    assert "Correct the sign-off" in page and REASON in page
    assert '<input checked class="form-check-input" id="met-0"' in page
    assert f"{COMMENT}</textarea>" in page
    response = client.post(_url(program), data={"met": "not_met", "comment": "Recounted."})
    assert response.status_code == 400 and "Give the reason for the correction." in _text(response)
    data = {"met": "not_met", "comment": "Recounted.", "on_behalf_reason": "Duplicate meetings."}
    assert client.post(_url(program), data=data).status_code == 302
    db.session.refresh(record)
    assert (record.met, record.comment) == (False, "Recounted.")
    assert len(_events("progress.sign_off_corrected")) == 1

    # The reason is for program staff: neither the mentor nor the mentee sees it.
    auth.logout()
    auth.login_as(program.mentor)
    assert "Duplicate meetings." not in _text(client.get(_url(program)))
    auth.logout()
    auth.login_as(program.mentee)
    home = _text(client.get("/"))
    assert "Recounted." in home and "Duplicate meetings." not in home


def test_who_may_open_the_page(client, auth, program, freeze_today):
    freeze_today(date(2027, 6, 1))
    other_mentor = make_mentor(name="Omar Other")
    other_enrollment = cohort_operations.enroll(program.cohort, make_mentee(), None, OPENS)
    cohort_operations.assign(other_enrollment, make_group(program.cohort, other_mentor), None)
    db.session.commit()

    auth.login_as(other_mentor)
    assert client.get(_url(program)).status_code == 404
    assert client.post(_url(program), data={"met": "met", "comment": "x"}).status_code == 404
    assert client.get(f"/enrollments/{other_enrollment.id}/sign-off/1").status_code == 200
    auth.logout()

    auth.login_as(program.mentee)
    assert client.get(_url(program)).status_code == 403
    auth.logout()

    auth.login_as(program.mentor)
    for url in (_url(program, 3), _url(program, 0), "/enrollments/999999/sign-off/1"):
        assert client.get(url).status_code == 404, url
    assert _sign_offs() == []


def test_a_withdrawn_mentee_has_no_mentor_page_and_a_specialist_is_told(
    client, auth, program, freeze_today
):
    freeze_today(date(2027, 6, 1))
    cohort_operations.withdraw(program.enrollment, None, "Moved", date(2027, 3, 1))
    db.session.commit()
    auth.login_as(program.mentor)
    assert client.get(_url(program)).status_code == 404
    auth.logout()
    auth.login_as(make_user(Role.SPECIALIST))
    page = _text(client.get(_url(program)))
    assert "has withdrawn from the program" in page and 'name="comment"' not in page
    data = {"met": "met", "comment": COMMENT, "on_behalf_reason": REASON}
    response = client.post(_url(program), data=data)
    assert response.status_code == 400 and "has withdrawn" in _text(response)
    assert _sign_offs() == []
