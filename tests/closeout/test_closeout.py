"""Closing a cohort after its second program year: every kind of outcome, worked out by hand."""

import html
import re
from datetime import date

import pytest
from sqlalchemy import select

from mentoring.certificates import operations as certificates
from mentoring.closeout import operations
from mentoring.closeout.operations import Outcome
from mentoring.cohorts import operations as cohorts
from mentoring.cohorts.models import CohortStatus, EnrollmentStatus
from mentoring.cohorts.queries import active_mentee_count
from mentoring.core.audit import AuditEvent
from mentoring.core.errors import MentoringError
from mentoring.core.models import utcnow
from mentoring.core.roles import Role
from mentoring.extensions import db
from mentoring.progress.models import YearSignOff
from mentoring.users.models import User
from tests.factories import (
    complete_both_years,
    count_statements,
    enroll,
    log_meeting,
    make_cohort,
    make_group,
    make_mentee,
    make_mentor,
    make_user,
)

AFTER = date(2026, 7, 1)  # the first day the 2024 cohort can close


@pytest.fixture
def specialist(app):
    return make_user(Role.SPECIALIST, name="Dana Specialist")


@pytest.fixture
def cohort_of_every_kind(app, specialist):
    """A 2024 cohort (school years 2024–25 and 2025–26) with Mia's group of capacity 6:
    Ada certified; Ben met both years, no certificate; Cy met year 1 only, with 3 meetings of
    90 minutes and no reflection in year 2; Di met both years but year 2 is not signed off; Eve
    met both years, year 2 signed off as not met; Fay withdrew."""
    cohort = make_cohort(name="2024 Central Cohort", start_year=2024)
    mentor = make_mentor(name="Mia Mentor", capacity=6)
    group = make_group(cohort, mentor)
    people = {}
    for name in ("Ada", "Ben", "Cy", "Di", "Eve", "Fay"):
        people[name] = enroll(cohort, make_mentee(name=f"{name} Mentee"), group)
    for name in ("Ada", "Ben", "Di", "Eve"):
        complete_both_years(group, people[name], 2024)
    complete_both_years(group, people["Cy"], 2024)
    cy_year2 = db.session.scalar(
        select(YearSignOff).where(
            YearSignOff.enrollment_id == people["Cy"].id, YearSignOff.program_year == 2
        )
    )
    db.session.delete(cy_year2)
    db.session.commit()
    for sign_off in db.session.scalars(
        select(YearSignOff).where(
            YearSignOff.enrollment_id.in_([people["Di"].id, people["Eve"].id]),
            YearSignOff.program_year == 2,
        )
    ):
        if sign_off.enrollment_id == people["Di"].id:
            db.session.delete(sign_off)
        else:
            sign_off.met = False
    db.session.commit()
    certificates.issue_certificate(people["Ada"], specialist, AFTER)
    cohorts.withdraw(people["Fay"], specialist, "Moved out of state", date(2025, 1, 15))
    db.session.commit()
    return cohort, mentor, group, people


def test_year_shortfall_in_words(cohort_of_every_kind):
    cohort, _, group, people = cohort_of_every_kind
    # Cy: year 2 complete in meetings but not signed off. Make a fresh mentee short in year 1.
    short = enroll(cohort, make_mentee(name="Gus Mentee"), group)
    for month in (9, 10, 11):
        log_meeting(group, date(2024, month, 10), 90, [short])
    view = operations.closeout(cohort, AFTER)
    reasons = {row.mentee.name: row.reasons for row in view.rows}
    assert reasons["Gus Mentee"] == [
        "did not meet year 1 (3 of 8 meetings, 4.5 of 12 contact hours, 0 of 4 reflections)",
        "did not meet year 2 (0 of 8 meetings, 0 of 12 contact hours, 0 of 4 reflections)",
    ]
    assert reasons["Cy Mentee"] == ["year 2 not signed off"]
    assert reasons["Di Mentee"] == ["year 2 not signed off"]
    assert reasons["Eve Mentee"] == ["year 2 signed off as not met"]


def test_the_close_out_sorts_every_outcome(cohort_of_every_kind):
    cohort, *_ = cohort_of_every_kind
    view = operations.closeout(cohort, AFTER)
    names = {outcome: [row.mentee.name for row in view.of(outcome)] for outcome in Outcome}
    assert names == {
        Outcome.COMPLETED: ["Ada Mentee"],
        Outcome.AWAITING_CERTIFICATE: ["Ben Mentee"],
        Outcome.NOT_COMPLETED: ["Cy Mentee", "Di Mentee", "Eve Mentee"],
    }  # Fay withdrew: not listed


def test_closing_before_the_second_year_ends_is_refused_with_the_date(
    cohort_of_every_kind, specialist
):
    cohort, *_ = cohort_of_every_kind
    with pytest.raises(MentoringError) as refusal:
        operations.close_cohort(cohort, specialist, date(2026, 6, 30))
    assert refusal.value.message == (
        "2024 Central Cohort can be closed from July 1, 2026, once its second program year "
        "has ended."
    )
    assert cohort.status == CohortStatus.ACTIVE


def test_closing_waits_for_the_certificates_of_those_who_met_both_years(
    cohort_of_every_kind, specialist
):
    cohort, *_ = cohort_of_every_kind
    with pytest.raises(MentoringError, match="1 mentee has met both years without a cert"):
        operations.close_cohort(cohort, specialist, AFTER)


def test_closing_marks_the_unfinished_and_frees_every_place(cohort_of_every_kind, specialist):
    cohort, mentor, group, people = cohort_of_every_kind
    db.session.refresh(group)
    assert group.active_count == 4  # Ben, Cy, Di, Eve (Ada completed, Fay withdrew)
    certificates.issue_certificate(people["Ben"], specialist, AFTER)
    operations.close_cohort(cohort, specialist, AFTER)
    db.session.commit()
    db.session.refresh(group)
    statuses = {name: enrollment.status for name, enrollment in people.items()}
    assert statuses == {
        "Ada": EnrollmentStatus.COMPLETED,
        "Ben": EnrollmentStatus.COMPLETED,
        "Cy": EnrollmentStatus.NOT_COMPLETED,
        "Di": EnrollmentStatus.NOT_COMPLETED,
        "Eve": EnrollmentStatus.NOT_COMPLETED,
        "Fay": EnrollmentStatus.WITHDRAWN,
    }
    assert people["Eve"].outcome_reason == "Year 2 signed off as not met"
    assert people["Cy"].ended_on == AFTER
    assert (group.active_count, active_mentee_count(mentor.id)) == (0, 0)
    assert cohort.status == CohortStatus.COMPLETED and cohort.status.label == "Closed"
    summaries = list(
        db.session.scalars(
            select(AuditEvent.summary)
            .where(AuditEvent.action.in_(["cohort.closed", "enrollment.not_completed"]))
            .order_by(AuditEvent.id)
        )
    )
    assert summaries == [
        f"Enrollment {people['Cy'].id}: Year 2 not signed off",
        f"Enrollment {people['Di'].id}: Year 2 not signed off",
        f"Enrollment {people['Eve'].id}: Year 2 signed off as not met",
        "Closed 2024 Central Cohort: 3 enrollment(s) not completed",
    ]
    with pytest.raises(MentoringError, match="is closed"):
        operations.close_cohort(cohort, specialist, AFTER)


def test_a_mentee_who_did_not_complete_enrols_in_a_later_cohort(cohort_of_every_kind, specialist):
    cohort, _, _, people = cohort_of_every_kind
    certificates.issue_certificate(people["Ben"], specialist, AFTER)
    operations.close_cohort(cohort, specialist, AFTER)
    later = make_cohort(name="2026 Central Cohort", start_year=2026)
    cy = db.session.get(User, people["Cy"].mentee_id)
    with pytest.raises(MentoringError, match="is closed; it takes no new mentees"):
        cohorts.enroll(cohort, cy, specialist, AFTER)
    again = cohorts.enroll(later, cy, specialist, AFTER)
    assert again.status == EnrollmentStatus.ACTIVE


def test_revoking_after_the_close_leaves_it_not_completed(cohort_of_every_kind, specialist):
    cohort, _, group, people = cohort_of_every_kind
    ben = certificates.issue_certificate(people["Ben"], specialist, AFTER)
    operations.close_cohort(cohort, specialist, AFTER)
    certificates.revoke(ben, specialist, "Issued in error", utcnow())
    db.session.commit()
    db.session.refresh(group)
    assert people["Ben"].status == EnrollmentStatus.NOT_COMPLETED
    assert people["Ben"].outcome_reason == f"certificate {ben.serial} revoked"
    assert group.active_count == 0


def _text(response) -> str:
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)).split()))


def test_the_close_out_page_lists_and_closes(client, auth, cohort_of_every_kind, specialist):
    cohort, _, _, people = cohort_of_every_kind
    auth.login_as(specialist)
    page = _text(client.get(f"/admin/cohorts/{cohort.id}/close"))
    # The table scrolls in its own box on a phone, which says so before it.
    assert (
        "Completed (1) Scroll sideways for more columns → Mentees who completed Mentee "
        "Certificate Ada Mentee" in page
    )
    assert "Met both years, no certificate yet (1)" in page
    assert "Issue Ben Mentee's certificate" in page
    assert "Not completed (3)" in page
    assert "Year 2 signed off as not met" in page
    assert "1 mentee has met both years without a certificate: issue their certificates" in page
    assert "Close 2024 Central Cohort</button>" not in client.get(
        f"/admin/cohorts/{cohort.id}/close"
    ).get_data(as_text=True)
    refused = client.post(f"/admin/cohorts/{cohort.id}/close")
    assert refused.status_code == 400 and cohort.status == CohortStatus.ACTIVE
    certificates.issue_certificate(people["Ben"], specialist, AFTER)
    db.session.commit()
    response = client.post(f"/admin/cohorts/{cohort.id}/close")
    assert response.status_code == 302
    shown = _text(client.get(response.headers["Location"]))
    assert "2024 Central Cohort is closed; 3 not completed." in shown
    assert "school years 2024–25 and 2025–26 · Closed" in shown


def test_each_outcome_list_is_paged(app, client, auth, cohort_of_every_kind, specialist):
    cohort, *_ = cohort_of_every_kind
    app.config["ITEMS_PER_PAGE"] = 2
    auth.login_as(specialist)
    first = _text(client.get(f"/admin/cohorts/{cohort.id}/close"))
    # Cy, Di and Eve did not complete: two on the first page, by name, Eve on the second.
    assert "Not completed (3)" in first
    assert "Cy Mentee" in first and "Di Mentee" in first and "Eve Mentee" not in first
    assert "Page 1 of 2" in first
    second = _text(client.get(f"/admin/cohorts/{cohort.id}/close?unfinished_page=2"))
    assert "Eve Mentee" in second and "Cy Mentee" not in second and "Di Mentee" not in second
    # The other lists keep their first page; the count and the warning stay whole.
    assert "Ada Mentee" in second and "Issue Ben Mentee's certificate" in second
    assert "Not completed (3)" in second
    assert "Closing marks" not in second  # Ben still waits for his certificate


def test_the_close_out_page_runs_the_same_statements_for_6_or_26_mentees(
    client, auth, cohort_of_every_kind, specialist
):
    cohort, *_ = cohort_of_every_kind
    auth.login_as(specialist)
    small = count_statements(client, f"/admin/cohorts/{cohort.id}/close")
    more = make_group(cohort, make_mentor(name="Max Mentor", capacity=30))
    for number in range(20):
        enrollment = enroll(cohort, make_mentee(name=f"Extra {number:02d}"), more)
        if number % 2:
            log_meeting(more, date(2024, 9, 1), 90, [enrollment])
    assert count_statements(client, f"/admin/cohorts/{cohort.id}/close") == small
