"""What counts, exactly: years once ended, PD while the ISS was valid, graduate credit, and the
mentoring within the first two years of experience. Expectations worked out by hand."""

from datetime import date

import pytest
from sqlalchemy import func, select

from mentoring.certificates.models import CertificateStatus
from mentoring.cohorts.models import EnrollmentStatus
from mentoring.core.errors import MentoringError
from mentoring.extensions import db
from mentoring.upgrade import operations, queries
from mentoring.upgrade.models import DevelopmentActivity
from mentoring.upgrade.rules import (
    development_verdict,
    experience_verdict,
    mentoring_warning,
    validity,
)
from tests.factories import enroll, make_cohort, make_mentee
from tests.upgrade.helpers import (
    IPC_CCPC,
    ISS_CSS,
    TODAY,
    add_activity,
    add_certificate,
    add_year,
    issued,
)

# Years of experience -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "counts", "why"),
    [
        (
            date(2026, 6, 30),  # the last day of 2025–26: still in progress
            False,
            "Does not count yet: 2025–26 is still in progress; it counts once it ends on "
            "June 30, 2026.",
        ),
        (
            date(2026, 7, 1),
            True,
            "Counts: approved experience, and 2025–26 ended on June 30, 2026.",
        ),
    ],
)
def test_a_school_year_counts_once_it_has_ended(today, counts, why):
    verdict = experience_verdict(2025, [], today)
    assert (verdict.counts, verdict.why) == (counts, why)


def test_an_unapproved_year_says_why_it_does_not_count():
    verdict = experience_verdict(2020, ["not contracted employment", "less than half-time"], TODAY)
    assert (verdict.counts, verdict.why) == (
        False,
        "Does not count: not contracted employment; less than half-time.",
    )


def test_the_school_year_in_progress_is_not_an_approved_year(people):
    add_year(people.mentee, "2026–27")  # TODAY, Nov 22, 2026, is inside it
    add_year(people.mentee, "2025–26")
    checklist = queries.checklist(people.mentee, TODAY)
    assert [year.verdict.counts for year in checklist.years] == [False, True]
    assert checklist.by_key["experience"].detail == "1 of 4 approved years: 3 more needed"


# Professional development while the ISS was valid ---------------------------------------------

VALID = validity(date(2022, 8, 1), date(2026, 8, 1))


@pytest.mark.parametrize(
    ("completed_on", "counts", "why"),
    [
        (
            date(2022, 7, 31),
            False,
            "Does not count: completed before your ISS was issued on August 1, 2022.",
        ),
        (
            date(2022, 8, 1),
            True,
            "Counts: completed while your ISS was valid (August 1, 2022 to August 1, 2026).",
        ),
        (
            date(2026, 8, 1),
            True,
            "Counts: completed while your ISS was valid (August 1, 2022 to August 1, 2026).",
        ),
        (
            date(2026, 8, 2),
            False,
            "Does not count: completed after your ISS expired on August 1, 2026.",
        ),
    ],
)
def test_pd_counts_only_while_the_iss_is_valid(completed_on, counts, why):
    verdict = development_verdict(completed_on, VALID, ISS_CSS)
    assert (verdict.counts, verdict.why) == (counts, why)


def test_pd_without_an_iss_date_is_not_counted_yet():
    verdict = development_verdict(date(2026, 1, 1), None, ISS_CSS)
    assert (verdict.counts, verdict.why) == (
        False,
        "Not counted yet: record the issue date of your ISS; activities count only when "
        "completed while it is valid.",
    )


def test_pd_after_the_iss_expired_is_left_out_of_the_total(people):
    issued(people.mentee, date(2022, 11, 1))  # expired November 1, 2026, 21 days before TODAY
    add_activity(people.mentee, contact_hours="30", completed_on=date(2026, 3, 14))
    add_activity(people.mentee, contact_hours="20", completed_on=date(2026, 11, 10))
    checklist = queries.checklist(people.mentee, TODAY)
    assert checklist.by_key["development"].detail == "30 of 40 contact hours: 10 more needed"
    assert [item.verdict.counts for item in checklist.development_items] == [False, True]


def _graduate(mentee, semester_hours: str, completed_on: date) -> None:
    operations.add_development(
        mentee,
        TODAY,
        completed_on=completed_on,
        title="Counseling theories",
        provider="University of Missouri",
        semester_hours=semester_hours,
        is_graduate_credit=True,
    )
    db.session.commit()


def test_three_graduate_semester_hours_satisfy_pd_on_their_own(people):
    _graduate(people.mentee, "3", date(2026, 1, 15))
    development = queries.checklist(people.mentee, TODAY).by_key["development"]
    assert (development.is_met, development.detail) == (
        True,
        "3 graduate semester hours toward an advanced degree: 3 satisfy the requirement on "
        "their own (5 CSR 20-400.650)",
    )


def test_graduate_credit_short_of_three_hours_counts_as_contact_hours(people):
    _graduate(people.mentee, "2.5", date(2026, 1, 15))
    development = queries.checklist(people.mentee, TODAY).by_key["development"]
    # 2.5 semester hours × 15 = 37.5 contact hours
    assert (development.is_met, development.detail) == (
        False,
        "37.5 of 40 contact hours: 2.5 more needed",
    )


def test_graduate_credit_after_expiry_does_not_count(people):
    issued(people.mentee, date(2022, 11, 1))
    _graduate(people.mentee, "3", date(2026, 11, 2))  # the day after the ISS expired
    development = queries.checklist(people.mentee, TODAY).by_key["development"]
    assert (development.is_met, development.detail) == (
        False,
        "0 of 40 contact hours: 40 more needed",
    )


def test_graduate_credit_is_given_in_semester_hours(people):
    with pytest.raises(MentoringError) as error:
        operations.add_development(
            people.mentee,
            TODAY,
            completed_on=date(2026, 1, 15),
            title="Counseling theories",
            provider="University of Missouri",
            contact_hours="45",
            is_graduate_credit=True,
        )
    assert (error.value.field, error.value.message) == (
        "is_graduate_credit",
        "Graduate credit toward an advanced degree is given in college semester hours.",
    )
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(DevelopmentActivity)) == 0


def test_the_graduate_box_on_the_form_is_refused_with_contact_hours(client, auth, people):
    auth.login_as(people.mentee)
    response = client.post(
        "/upgrade/development/new",
        data={
            "completed_on": "2026-01-15",
            "title": "Counseling theories",
            "provider": "University of Missouri",
            "contact_hours": "45",
            "is_graduate_credit": "y",
        },
    )
    assert response.status_code == 400
    assert (
        "Graduate credit toward an advanced degree is given in college semester hours."
        in response.get_data(as_text=True)
    )
    assert db.session.scalar(select(func.count()).select_from(DevelopmentActivity)) == 0


# The mentoring within the first two years of experience ----------------------------------------


@pytest.mark.parametrize(
    ("cohort", "years", "warning"),
    [
        (2026, [2026], None),  # the first two years: 2026–27 and 2027–28
        (2025, [2025, 2026, 2027], None),
        (
            2026,
            [2024, 2025, 2026],
            "The mentoring (2026–27 to 2027–28) did not fall within your first 2 years of "
            "student-services experience (2024–25 to 2025–26), as 5 CSR 20-400.650 asks: "
            "confirm with the certification office that it counts.",
        ),
        (
            2025,
            [2024],  # first two years: 2024–25 and (standing in) 2025–26
            "The mentoring (2025–26 to 2026–27) did not fall within your first 2 years of "
            "student-services experience (2024–25 to 2025–26), as 5 CSR 20-400.650 asks: "
            "confirm with the certification office that it counts.",
        ),
        (
            2026,
            [],
            "Record your years of experience: the regulation asks for the mentoring "
            "(2026–27 to 2027–28) during your first 2 years of student-services experience.",
        ),
        (None, [2020], None),  # no mentoring to judge
    ],
)
def test_the_mentoring_within_the_first_two_years(cohort, years, warning):
    assert mentoring_warning(cohort, years, ISS_CSS) == warning


def test_the_teachers_path_does_not_ask_for_the_first_two_years():
    assert mentoring_warning(2026, [2010, 2011], IPC_CCPC) is None


def test_the_checklist_warns_when_the_mentoring_came_later(client, auth, people):
    add_year(people.mentee, "2024–25")  # the cohort of the fixture starts in 2026–27
    auth.login_as(people.mentee)
    page = client.get("/upgrade").get_data(as_text=True)
    assert (
        "The mentoring (2026–27 to 2027–28) did not fall within your first 2 years of "
        "student-services experience (2024–25 to 2025–26)" in page
    )
    # Only approved years are experience: an unapproved earlier year changes nothing.
    add_year(people.other_mentee, "2026–27")
    add_year(people.other_mentee, "2025–26", contracted=False)
    assert queries.checklist(people.other_mentee, TODAY).mentoring_warning is None


def test_an_unapproved_year_offers_no_evaluation_to_record(client, auth, people):
    entry = add_year(people.mentee, "2025–26", contracted=False)
    auth.login_as(people.mentee)
    page = client.get("/upgrade").get_data(as_text=True)
    assert "Not needed: this year is not approved experience" in page
    assert f"/upgrade/experience/{entry.id}/evaluation" not in page


def test_the_engine_evaluates_the_teachers_rule_set_from_its_data(people):
    add_activity(people.mentee, contact_hours="30", completed_on=date(2026, 3, 14))
    _graduate(people.mentee, "3", date(2026, 1, 15))  # no graduate rule on this path
    for year in ("2022–23", "2023–24", "2024–25", "2025–26"):
        add_year(people.mentee, year, evaluated_on=date(int(year[:4]) + 1, 4, 1))
    checklist = queries.checklist(people.mentee, TODAY, rules=IPC_CCPC)
    assert [(r.name, r.is_met, r.detail) for r in checklist.requirements] == [
        ("4 years of approved experience", True, "4 of 4 approved years"),
        (
            "The 2-year mentoring program",
            False,
            "not met yet: complete both program years and receive the completion certificate",
        ),
        ("30 contact hours of professional development", True, "75 of 30 contact hours"),
        (
            "The annual Performance-Based Teacher Evaluation (PBTE)",
            True,
            "4 of 4 approved years evaluated",
        ),
    ]
    assert checklist.mentoring_warning is None  # the teachers' path has no first-years rule
    # The same record under the counselors' rule set: 40 hours, and the graduate rule applies.
    development = queries.checklist(people.mentee, TODAY).by_key["development"]
    assert development.detail.startswith("3 graduate semester hours toward an advanced degree")


def test_the_mentoring_starts_with_the_certificates_cohort_else_the_newest_not_withdrawn(app):
    """The checklist's certificate and mentoring start, read in one query: worked out by hand
    for a mentee with a withdrawn 2022 cohort, a completed 2024 one and a running 2026 one."""
    mentee = make_mentee(name="Rae Returning")
    assert queries._certificate_and_mentoring_start(mentee.id) == (None, None)
    withdrawn = enroll(make_cohort("Old", start_year=2022), mentee)
    withdrawn.status = EnrollmentStatus.WITHDRAWN
    db.session.commit()
    # Withdrawn from the only cohort: no mentoring to date.
    assert queries._certificate_and_mentoring_start(mentee.id) == (None, None)
    completed = enroll(make_cohort("Done", start_year=2024), mentee)
    completed.status = EnrollmentStatus.COMPLETED
    db.session.commit()
    running = enroll(make_cohort("Now", start_year=2026), mentee)
    # No certificate: the newest cohort not withdrawn from (2026), not the withdrawn 2022 one.
    assert queries._certificate_and_mentoring_start(mentee.id) == (None, 2026)
    add_certificate(completed, CertificateStatus.REVOKED, "MO-SCMP-2026-00007")
    assert queries._certificate_and_mentoring_start(mentee.id) == (None, 2026)
    valid = add_certificate(completed, CertificateStatus.VALID, "MO-SCMP-2026-00008")
    # A valid certificate: its cohort's year (2024), though a newer cohort is running.
    assert queries._certificate_and_mentoring_start(mentee.id) == (valid, 2024)
    assert running.status == EnrollmentStatus.ACTIVE
