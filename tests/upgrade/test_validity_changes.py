"""Extensions and reactivations of the ISS: recorded, audited, and what they change in what
counts, the deadlines and the reminders. Dates counted by hand."""

import html
from datetime import date

import pytest
from sqlalchemy import func, select

from mentoring.core.audit import AuditEvent
from mentoring.core.errors import MentoringError
from mentoring.extensions import db
from mentoring.upgrade import operations, queries
from mentoring.upgrade.models import ExpiryReminderOptOut, ValidityChange
from mentoring.upgrade.rules import months_before, reactivation_course_problem
from tests.upgrade.helpers import ISS_CSS, TODAY, add_activity, issued


def _record(mentee, kind, effective_on, expires_on, today=TODAY, **reactivation):
    if kind == "reactivation" and not reactivation:
        reactivation = {"route": "employment"}
    change = operations.record_validity_change(
        mentee, today, kind, effective_on, expires_on, **reactivation
    )
    db.session.commit()
    return change


def test_a_reactivation_counts_pd_again_but_not_in_the_gap(people):
    issued(people.mentee, date(2022, 7, 18))  # expired July 18, 2026
    add_activity(people.mentee, contact_hours="20", completed_on=date(2026, 3, 14))
    add_activity(people.mentee, contact_hours="10", completed_on=date(2026, 8, 15))  # the gap
    add_activity(people.mentee, contact_hours="12", completed_on=date(2026, 10, 15))
    change = _record(people.mentee, "reactivation", date(2026, 10, 1), date(2030, 10, 1))

    checklist = queries.checklist(people.mentee, TODAY)
    # November 22, 2026 → October 1, 2030: 1,461 days to November 22, 2030, less 52.
    assert (checklist.iss.expires_on, checklist.iss.days_left) == (date(2030, 10, 1), 1409)
    assert checklist.by_key["development"].detail == "32 of 40 contact hours: 8 more needed"
    verdicts = {item.entry.completed_on: item.verdict.why for item in checklist.development_items}
    assert verdicts[date(2026, 8, 15)] == (
        "Does not count: completed while your ISS had expired (valid July 18, 2022 to July 18, "
        "2026, October 1, 2026 to October 1, 2030)."
    )
    assert verdicts[date(2026, 10, 15)].startswith("Counts: completed while your ISS was valid")
    (event,) = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "upgrade.reactivation_recorded")
    )
    assert event.summary == (
        f"Reactivation {change.id} of mentee {people.mentee.id}: effective 2026-10-01, "
        "expires 2030-10-01 (was 2026-07-18), by employment"
    )


def test_an_extension_continues_the_validity(people):
    issued(people.mentee, date(2022, 11, 1))  # expires November 1, 2026
    add_activity(people.mentee, contact_hours="40", completed_on=date(2026, 11, 10))
    assert not queries.checklist(people.mentee, TODAY).by_key["development"].is_met
    _record(people.mentee, "extension", date(2026, 10, 15), date(2030, 11, 1))
    checklist = queries.checklist(people.mentee, TODAY)
    assert checklist.by_key["development"].is_met
    assert checklist.deadlines.apply_by == date(2030, 10, 2)  # 30 days before November 1


@pytest.mark.parametrize(
    ("kind", "effective_on", "expires_on", "field", "message"),
    [
        (
            "extension",
            date(2026, 11, 2),
            date(2030, 11, 1),
            "effective_on",
            "An extension is granted before the certificate expires (November 1, 2026); "
            "after that, record a reactivation.",
        ),
        (
            "reactivation",
            date(2026, 10, 15),
            date(2030, 10, 15),
            "effective_on",
            "The certificate was still valid then (until November 1, 2026): record an extension.",
        ),
        (
            "extension",
            date(2026, 10, 15),
            date(2026, 10, 1),
            "expires_on",
            "The new expiry date comes after the date it took effect.",
        ),
        (
            "extension",
            date(2026, 10, 15),
            date(2026, 10, 31),
            "expires_on",
            "The new expiry date comes after November 1, 2026.",
        ),
        (
            "reactivation",
            date(2026, 11, 23),
            date(2030, 11, 23),
            "effective_on",
            "The date it took effect cannot be in the future.",
        ),
        ("renewal", date(2026, 10, 15), date(2030, 11, 1), "kind", None),
    ],
)
def test_dates_out_of_order_are_refused(people, kind, effective_on, expires_on, field, message):
    issued(people.mentee, date(2022, 11, 1))
    with pytest.raises(MentoringError) as error:
        _record(people.mentee, kind, effective_on, expires_on)
    assert error.value.field == field
    if message:
        assert error.value.message == message
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(ValidityChange)) == 0


def test_the_mentee_records_a_reactivation_on_the_page(client, auth, people):
    issued(people.mentee, date(2022, 7, 18))
    auth.login_as(people.mentee)
    assert "Record an extension or a reactivation" in client.get("/upgrade").get_data(True)
    form = client.get("/upgrade/validity/new").get_data(as_text=True)
    assert "the department&#39;s rule for teachers; confirm with the certification office" in form
    response = client.post(
        "/upgrade/validity/new",
        data={"kind": "reactivation", "effective_on": "2026-07-01", "expires_on": "2030-07-01"},
    )
    assert response.status_code == 400  # July 1 is before the July 18 expiry
    assert "record an extension" in response.get_data(as_text=True)
    by_course = {
        "kind": "reactivation",
        "effective_on": "2026-10-01",
        "expires_on": "2030-10-01",
        "route": "course",
        "applied_on": "2026-09-01",
    }
    # March 1 is exactly six months before September 1: too old.
    response = client.post(
        "/upgrade/validity/new", data=by_course | {"course_completed_on": "2026-03-01"}
    )
    assert response.status_code == 400
    assert (
        "The course must be less than 6 months old when you apply: completed after March 1, "
        "2026 for an application on September 1, 2026."
    ) in html.unescape(response.get_data(as_text=True))
    assert db.session.scalar(select(func.count()).select_from(ValidityChange)) == 0
    response = client.post(
        "/upgrade/validity/new", data=by_course | {"course_completed_on": "2026-03-02"}
    )
    assert response.status_code == 302
    page = client.get("/upgrade").get_data(as_text=True)
    assert (
        "Reactivation from October 1, 2026: valid until October 1, 2030 (a college course "
        "completed March 2, 2026, applied September 1, 2026)"
    ) in page
    change = db.session.scalar(select(ValidityChange))
    assert (change.reactivation_route.value, change.course_completed_on, change.applied_on) == (
        "course",
        date(2026, 3, 2),
        date(2026, 9, 1),
    )
    page = client.get("/upgrade").get_data(as_text=True)
    assert "Reactivation from October 1, 2026: valid until October 1, 2030" in page
    assert "(1,409 days left)" in page


def test_reminders_follow_the_latest_expiry(runner, outbox, people):
    outbox.clear()  # the mentors' assignments were notified
    db.session.add(ExpiryReminderOptOut(mentee_id=people.other_mentee.id))
    db.session.commit()
    # Issued August 1, 2025: expires August 1, 2029, extended on July 1, 2029 to 2033.
    _record(people.mentee, "extension", date(2029, 7, 1), date(2033, 8, 1), today=date(2029, 7, 1))
    result = runner.invoke(args=["upgrade", "remind", "--today", "2029-07-02"])
    assert "0 sent" in result.output  # 30 days before the old expiry: nothing
    result = runner.invoke(args=["upgrade", "remind", "--today", "2033-02-02"])
    assert "1 sent" in result.output  # 180 days before August 1, 2033
    assert outbox[0].subject == "Your ISS expires in 180 days"


# Reactivation by a course: less than six months old on the day of the application ------------


@pytest.mark.parametrize(
    ("applied_on", "completed_on", "accepted"),
    [
        # Six months before November 20, 2026 is May 20, 2026: that day is six months old.
        (date(2026, 11, 20), date(2026, 5, 20), False),
        (date(2026, 11, 20), date(2026, 5, 21), True),
        (date(2026, 11, 20), date(2026, 11, 20), True),  # completed the day of the application
        # August 31 − six months: February has no 31st, so February 28, 2026 is the limit.
        (date(2026, 8, 31), date(2026, 2, 28), False),
        (date(2026, 8, 31), date(2026, 3, 1), True),
        # In a leap year the limit is February 29: August 31, 2024 − six months.
        (date(2024, 8, 31), date(2024, 2, 29), False),
        (date(2024, 8, 31), date(2024, 3, 1), True),
        # Across a year boundary: March 15, 2026 − six months is September 15, 2025.
        (date(2026, 3, 15), date(2025, 9, 15), False),
        (date(2026, 3, 15), date(2025, 9, 16), True),
    ],
)
def test_a_course_is_less_than_six_months_old_when_applying(applied_on, completed_on, accepted):
    problem = reactivation_course_problem(completed_on, applied_on, TODAY, ISS_CSS)
    assert (problem is None) == accepted
    if not accepted:
        assert problem[0] == "course_completed_on"


def test_months_before_keeps_the_day_or_the_months_last():
    assert months_before(date(2026, 11, 20), 6) == date(2026, 5, 20)
    assert months_before(date(2026, 8, 31), 6) == date(2026, 2, 28)
    assert months_before(date(2026, 1, 31), 2) == date(2025, 11, 30)
    assert months_before(date(2026, 3, 15), 15) == date(2024, 12, 15)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({}, "route", "Choose how the certificate was reactivated."),
        ({"route": "renewal"}, "route", "Choose how the certificate was reactivated."),
        (
            {"route": "course", "applied_on": date(2026, 9, 1)},
            "course_completed_on",
            "Give the date you completed the course.",
        ),
        (
            {"route": "course", "course_completed_on": date(2026, 8, 1)},
            "applied_on",
            "Give the date you applied for the reactivation.",
        ),
        (
            # Completed after November 22, 2026, the day of recording: in the future.
            {
                "route": "course",
                "course_completed_on": date(2026, 11, 23),
                "applied_on": date(2026, 9, 1),
            },
            "course_completed_on",
            "The course's completion date cannot be in the future.",
        ),
        (
            {
                "route": "course",
                "course_completed_on": date(2026, 8, 1),
                "applied_on": date(2026, 10, 2),
            },
            "applied_on",
            "You apply before the reactivation takes effect: give a date on or before "
            "October 1, 2026.",
        ),
        (
            {
                "route": "course",
                "course_completed_on": date(2026, 9, 2),
                "applied_on": date(2026, 9, 1),
            },
            "course_completed_on",
            "The course counts once completed: give a date on or before the application "
            "(September 1, 2026).",
        ),
        (
            # March 1, 2026 is exactly six months before September 1, 2026.
            {
                "route": "course",
                "course_completed_on": date(2026, 3, 1),
                "applied_on": date(2026, 9, 1),
            },
            "course_completed_on",
            "The course must be less than 6 months old when you apply: completed after March 1, "
            "2026 for an application on September 1, 2026.",
        ),
    ],
)
def test_a_reactivation_by_course_is_refused_beside_its_field(people, fields, field, message):
    issued(people.mentee, date(2022, 7, 18))  # expired July 18, 2026
    with pytest.raises(MentoringError) as error:
        operations.record_validity_change(
            people.mentee, TODAY, "reactivation", date(2026, 10, 1), date(2030, 10, 1), **fields
        )
    assert (error.value.field, error.value.message) == (field, message)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(ValidityChange)) == 0


def test_a_reactivation_by_course_is_recorded_audited_and_an_extension_keeps_none(people):
    issued(people.mentee, date(2022, 7, 18))
    change = _record(
        people.mentee,
        "reactivation",
        date(2026, 10, 1),
        date(2030, 10, 1),
        route="course",
        course_completed_on=date(2026, 5, 2),
        applied_on=date(2026, 9, 1),
    )
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "upgrade.reactivation_recorded")
    )
    assert event.summary == (
        f"Reactivation {change.id} of mentee {people.mentee.id}: effective 2026-10-01, "
        "expires 2030-10-01 (was 2026-07-18), by course completed 2026-05-02"
    )
    extension = _record(
        people.mentee,
        "extension",
        date(2030, 9, 1),
        date(2034, 10, 1),
        today=date(2030, 9, 1),
        route="course",
        course_completed_on=date(2030, 8, 1),
        applied_on=date(2030, 8, 2),
    )
    assert (extension.reactivation_route, extension.course_completed_on) == (None, None)
