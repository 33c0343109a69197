"""The checklist's rules, each with hand-computed expectations."""

from datetime import date

import pytest
from sqlalchemy import func, select

from mentoring.certificates.models import CertificateStatus
from mentoring.cohorts.models import Enrollment, MenteeProfile
from mentoring.core.audit import AuditEvent
from mentoring.core.errors import MentoringError, NotAllowed
from mentoring.core.text import CONTROL_CHARACTER
from mentoring.extensions import db
from mentoring.upgrade import operations, queries
from mentoring.upgrade.models import (
    CreditUnit,
    DevelopmentActivity,
    ExperienceYear,
)
from tests.upgrade.helpers import ISS_CSS, TODAY, add_activity, add_certificate, add_year

NOT_CONTACT_QUARTERS = (
    "Give the contact hours as a number in quarter hours (a multiple of 0.25), for example 2.25."
)
NOT_SEMESTER_QUARTERS = (
    "Give the semester hours as a number in quarter hours (a multiple of 0.25), for example 2.25."
)


def _requirements(mentee) -> dict:
    checklist = queries.checklist(mentee, TODAY)
    return {requirement.key: requirement for requirement in checklist.requirements}


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


# The ISS certificate --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("issued_on", "expires_on"),
    [
        (date(2025, 8, 1), date(2029, 8, 1)),
        (date(2024, 2, 29), date(2028, 2, 29)),  # four years on is a leap year again
        (date(2096, 2, 29), date(2100, 2, 28)),  # 2100 is not a leap year: Feb 28
        (date(2023, 12, 31), date(2027, 12, 31)),
    ],
)
def test_the_iss_certificate_is_valid_four_years_from_issuance(issued_on, expires_on):
    assert ISS_CSS.first_expiry(issued_on) == expires_on


@pytest.mark.parametrize(
    ("issued_on", "days_left", "words"),
    [
        (date(2025, 8, 1), 983, "983 days left"),  # to Aug 1, 2029: 365 + 366 + 252
        (date(2022, 11, 23), 1, "1 day left"),
        (date(2022, 11, 22), 0, "expires today"),
        (date(2022, 11, 21), -1, "expired 1 day ago"),
        (date(2022, 11, 1), -21, "expired 21 days ago"),
    ],
)
def test_days_left_or_expired_days_ago(issued_on, days_left, words):
    status = queries.iss_status(issued_on, TODAY, ISS_CSS.first_expiry(issued_on))
    assert (status.days_left, status.words) == (days_left, words)
    assert status.is_expired == (days_left < 0)


def test_the_mentee_sets_and_corrects_the_iss_date_audited(people):
    operations.set_iss_issued_on(people.mentee, date(2025, 8, 15), TODAY)
    db.session.commit()
    assert db.session.get(MenteeProfile, people.mentee.id).iss_issued_on == date(2025, 8, 15)
    (event,) = db.session.scalars(select(AuditEvent).where(AuditEvent.action.like("upgrade.%")))
    assert event.summary == (
        f"ISS issue date of mentee {people.mentee.id} set to 2025-08-15 "
        "(valid until 2029-08-15; was 2025-08-01)"
    )


@pytest.mark.parametrize(
    ("issued_on", "message"),
    [
        (date(2026, 11, 23), "The issue date cannot be in the future."),
        (date(1969, 12, 31), "The issue date cannot be before January 1, 1970."),
        (None, "Give the date your ISS certificate was issued."),
    ],
)
def test_a_wrong_iss_date_changes_nothing(people, issued_on, message):
    with pytest.raises(MentoringError) as error:
        operations.set_iss_issued_on(people.mentee, issued_on, TODAY)
    assert (error.value.message, error.value.field) == (message, "issued_on")
    db.session.rollback()
    assert db.session.get(MenteeProfile, people.mentee.id).iss_issued_on == date(2025, 8, 1)


def test_only_a_mentee_sets_their_iss_date(people):
    with pytest.raises(NotAllowed):
        operations.set_iss_issued_on(people.mentor, date(2025, 8, 1), TODAY)


# Experience -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("school_type", "body", "contracted", "half_time", "approved"),
    [
        ("public", None, True, True, True),
        ("accredited_nonpublic", "isacs", True, True, True),
        ("accredited_nonpublic", "mapcy", True, True, True),
        ("unaccredited_nonpublic", None, True, True, False),
        ("public", None, False, True, False),  # not contracted (e.g. a substitute)
        ("public", None, True, False, False),  # less than half-time
        ("accredited_nonpublic", "nlsa", False, False, False),
    ],
)
def test_a_year_is_approved_only_if_contracted_half_time_public_or_accredited(
    people, school_type, body, contracted, half_time, approved
):
    entry = add_year(people.mentee, "2025–26", school_type, body, contracted, half_time)
    assert entry.is_approved is approved


def test_the_reasons_a_year_is_not_approved_are_named(people):
    entry = add_year(people.mentee, "2025–26", "unaccredited_nonpublic", None, False, False)
    assert entry.reasons_not_approved == [
        "not contracted employment",
        "less than half-time",
        "a nonpublic school not accredited by a body the Department names",
    ]


def test_four_approved_years_are_needed(people):
    for year in ("2022–23", "2023–24", "2024–25"):
        add_year(people.mentee, year)
    add_year(people.mentee, "2025–26", contracted=False)
    experience = _requirements(people.mentee)["experience"]
    assert not experience.is_met
    assert experience.detail == "3 of 4 approved years: 1 more needed"

    # The school year in progress (TODAY is in 2026–27) does not count yet.
    add_year(people.mentee, "2026–27")
    experience = _requirements(people.mentee)["experience"]
    assert not experience.is_met
    assert experience.detail == "3 of 4 approved years: 1 more needed"

    add_year(people.mentee, "2021–22")
    experience = _requirements(people.mentee)["experience"]
    assert experience.is_met
    assert experience.detail == "4 of 4 approved years"


@pytest.mark.parametrize(
    ("text", "start_year"),
    [
        ("2025–26", 2025),
        ("2025-26", 2025),  # a hyphen, as a keyboard types it
        (" 2025–26 ", 2025),
        ("1999–00", 1999),
        ("2026–27", 2026),  # the school year of today
    ],
)
def test_school_years_written_as_2025_26(people, text, start_year):
    assert add_year(people.mentee, text).start_year == start_year


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Give the school year, for example 2025–26."),
        ("2025/26", operations.SCHOOL_YEAR_FORMAT),
        ("2025–27", operations.SCHOOL_YEAR_FORMAT),
        ("25–26", operations.SCHOOL_YEAR_FORMAT),
        ("2025–2026", operations.SCHOOL_YEAR_FORMAT),
        ("2025", operations.SCHOOL_YEAR_FORMAT),
        ("2025 – 26", operations.SCHOOL_YEAR_FORMAT),
        ("2027–28", "The school year 2027–28 has not started yet."),
        ("1969–70", "Give a school year from 1970–71 onwards."),
    ],
)
def test_a_wrong_school_year_is_refused(people, text, message):
    with pytest.raises(MentoringError) as error:
        add_year(people.mentee, text)
    assert (error.value.message, error.value.field) == (message, "school_year")
    db.session.rollback()
    assert _count(ExperienceYear) == 0


def test_one_entry_per_school_year(people):
    add_year(people.mentee, "2025–26")
    with pytest.raises(MentoringError) as error:
        add_year(people.mentee, "2025-26")
    assert error.value.message == "You have already recorded 2025–26: change that entry instead."
    db.session.rollback()
    # Another mentee's same year is theirs.
    add_year(people.other_mentee, "2025–26")
    assert _count(ExperienceYear) == 2


@pytest.mark.parametrize(
    ("school_type", "body", "field", "message"),
    [
        (
            "accredited_nonpublic",
            None,
            "accrediting_body",
            "Choose the body that accredits the school.",
        ),
        (
            "accredited_nonpublic",
            "cognia",
            "accrediting_body",
            "Choose one of the accrediting bodies in the list.",
        ),
        ("charter", None, "school_type", "Choose the kind of school."),
        ("", None, "school_type", "Choose the kind of school."),
    ],
)
def test_the_accrediting_body_comes_from_the_list(people, school_type, body, field, message):
    with pytest.raises(MentoringError) as error:
        add_year(people.mentee, "2025–26", school_type, body)
    assert (error.value.field, error.value.message) == (field, message)
    db.session.rollback()
    assert _count(ExperienceYear) == 0


def test_a_body_given_for_a_public_school_is_not_kept(people):
    assert add_year(people.mentee, "2025–26", "public", "isacs").accrediting_body is None


@pytest.mark.parametrize(
    ("employer", "message"),
    [
        ("", "Give the school or district."),
        ("x" * 121, "Keep the school or district to 120 characters or fewer (it has 121)."),
        ("Columbia\x0093", CONTROL_CHARACTER),
        ("Columbia\n93", "Write this on one line: remove the line break."),
    ],
)
def test_the_employer_is_one_short_line(people, employer, message):
    with pytest.raises(MentoringError) as error:
        add_year(people.mentee, "2025–26", employer=employer)
    assert (error.value.field, error.value.message) == ("employer", message)


def test_changing_and_deleting_a_year_is_audited_without_the_employer(people):
    entry = add_year(people.mentee, "2024–25", employer="Secret Academy")
    operations.update_experience(
        entry,
        people.mentee,
        TODAY,
        school_year="2025–26",
        employer="Secret Academy",
        school_type="accredited_nonpublic",
        accrediting_body="sacs",
        is_contracted=True,
        is_at_least_half_time=True,
    )
    db.session.commit()
    assert (entry.start_year, entry.accrediting_body.value) == (2025, "sacs")
    operations.delete_experience(entry, people.mentee)
    db.session.commit()
    events = list(
        db.session.scalars(
            select(AuditEvent).where(AuditEvent.action.like("upgrade.%")).order_by(AuditEvent.id)
        )
    )
    assert [event.action for event in events] == [
        "upgrade.experience_added",
        "upgrade.experience_updated",
        "upgrade.experience_deleted",
    ]
    assert events[1].summary == (
        f"Experience year 2024–25 (entry {entry.id}) changed to 2025–26: approved"
    )
    assert not any("Secret" in event.summary for event in events)
    assert _count(ExperienceYear) == 0


def test_nobody_changes_another_mentees_year(people):
    entry = add_year(people.mentee, "2025–26")
    with pytest.raises(NotAllowed):
        operations.delete_experience(entry, people.other_mentee)
    with pytest.raises(NotAllowed):
        operations.record_evaluation(entry, people.mentor, TODAY, date(2026, 3, 1))


# Evaluations ----------------------------------------------------------------------------------


def test_each_approved_year_needs_its_evaluation(people):
    add_year(people.mentee, "2022–23", evaluated_on=date(2023, 4, 10))
    missing = add_year(people.mentee, "2023–24")
    add_year(people.mentee, "2024–25", evaluated_on=date(2025, 5, 2))
    add_year(people.mentee, "2025–26", evaluated_on=date(2026, 6, 30))
    add_year(people.mentee, "2021–22", contracted=False)  # not approved: no evaluation needed
    evaluation = _requirements(people.mentee)["evaluation"]
    assert (evaluation.is_met, evaluation.detail) == (
        False,
        "3 of 4 approved years evaluated: 1 more needed",
    )

    operations.record_evaluation(missing, people.mentee, TODAY, date(2023, 7, 1))
    db.session.commit()
    assert _requirements(people.mentee)["evaluation"].is_met


@pytest.mark.parametrize(
    ("completed_on", "message"),
    [
        (
            date(2025, 6, 30),
            "The evaluation of 2025–26 is completed during that school year, "
            "between July 1, 2025 and June 30, 2026.",
        ),
        (
            date(2026, 7, 1),
            "The evaluation of 2025–26 is completed during that school year, "
            "between July 1, 2025 and June 30, 2026.",
        ),
    ],
)
def test_an_evaluation_falls_inside_its_school_year(people, completed_on, message):
    entry = add_year(people.mentee, "2025–26")
    with pytest.raises(MentoringError) as error:
        operations.record_evaluation(entry, people.mentee, TODAY, completed_on)
    assert (error.value.field, error.value.message) == ("completed_on", message)


def test_an_evaluation_is_not_in_the_future_and_can_be_removed(people):
    entry = add_year(people.mentee, "2026–27")
    with pytest.raises(MentoringError) as error:
        operations.record_evaluation(entry, people.mentee, TODAY, date(2026, 11, 23))
    assert error.value.message == "The date of the evaluation cannot be in the future."
    operations.record_evaluation(entry, people.mentee, TODAY, date(2026, 11, 22))
    operations.record_evaluation(entry, people.mentee, TODAY, None)
    db.session.commit()
    assert entry.evaluation_completed_on is None
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.action.like("upgrade.evaluation%"))
    ).all()
    assert actions == ["upgrade.evaluation_recorded", "upgrade.evaluation_removed"]


# Professional development ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("contact", "semester", "unit", "minutes"),
    [
        ("1.5", None, CreditUnit.CONTACT_HOURS, 90),
        ("10.5", "", CreditUnit.CONTACT_HOURS, 630),
        ("40", None, CreditUnit.CONTACT_HOURS, 2400),
        (".5", None, CreditUnit.CONTACT_HOURS, 30),
        ("3.50", None, CreditUnit.CONTACT_HOURS, 210),
        ("2.25", None, CreditUnit.CONTACT_HOURS, 135),  # 2 h 15 min
        (".25", None, CreditUnit.CONTACT_HOURS, 15),
        ("0.75", "", CreditUnit.CONTACT_HOURS, 45),
        (None, "1.75", CreditUnit.SEMESTER_HOURS, 1575),  # 1.75 × 15 = 26.25 contact hours
        (None, "0.25", CreditUnit.SEMESTER_HOURS, 225),  # 3.75 contact hours
        (None, "2", CreditUnit.SEMESTER_HOURS, 1800),  # 2 × 15 contact hours
        ("", "0.5", CreditUnit.SEMESTER_HOURS, 450),  # 7.5 contact hours
        (None, "3", CreditUnit.SEMESTER_HOURS, 2700),
        (None, "12", CreditUnit.SEMESTER_HOURS, 10800),
        ("200", None, CreditUnit.CONTACT_HOURS, 12000),
    ],
)
def test_credit_in_contact_or_semester_hours(contact, semester, unit, minutes):
    assert operations.credit_of(contact, semester) == (unit, minutes)


@pytest.mark.parametrize(
    ("contact", "semester", "message"),
    [
        (None, None, "Give the contact hours, or the college semester hours."),
        ("", " ", "Give the contact hours, or the college semester hours."),
        ("3", "1", "Give either contact hours or college semester hours, not both."),
        (
            "1.2",
            None,
            NOT_CONTACT_QUARTERS,
        ),
        (
            "2.10",
            None,
            NOT_CONTACT_QUARTERS,
        ),
        (
            "0.125",
            None,
            NOT_CONTACT_QUARTERS,
        ),
        (
            None,
            "1.5.",
            NOT_SEMESTER_QUARTERS,
        ),
        (
            "abc",
            None,
            NOT_CONTACT_QUARTERS,
        ),
        (
            "-1",
            None,
            NOT_CONTACT_QUARTERS,
        ),
        (
            "1e3",
            None,
            NOT_CONTACT_QUARTERS,
        ),
        (
            "1,5",
            None,
            NOT_CONTACT_QUARTERS,
        ),
        (
            None,
            "NaN",
            NOT_SEMESTER_QUARTERS,
        ),
        ("0", None, "The contact hours must be more than 0."),
        (None, "0.0", "The semester hours must be more than 0."),
        ("200.5", None, "One activity can count at most 200 contact hours."),
        ("200.25", None, "One activity can count at most 200 contact hours."),
        ("0.00", None, "The contact hours must be more than 0."),
        (None, "12.5", "One activity can count at most 12 semester hours."),
    ],
)
def test_wrong_credit_is_refused_beside_the_hours(contact, semester, message):
    with pytest.raises(MentoringError) as error:
        operations.credit_of(contact, semester)
    assert (error.value.field, error.value.message) == ("contact_hours", message)


def test_2_semester_hours_and_10_5_contact_hours_make_40_5_met(people):
    add_activity(people.mentee, semester_hours="2")
    add_activity(people.mentee, contact_hours="10.5")
    checklist = queries.checklist(people.mentee, TODAY)
    assert (checklist.development_minutes, checklist.development_hours) == (2430, "40.5")
    development = _requirements(people.mentee)["development"]
    assert (development.is_met, development.detail) == (True, "40.5 of 40 contact hours")


def test_39_5_contact_hours_are_half_an_hour_short(people):
    add_activity(people.mentee, semester_hours="2")
    add_activity(people.mentee, contact_hours="9.5")
    development = _requirements(people.mentee)["development"]
    assert (development.is_met, development.detail) == (
        False,
        "39.5 of 40 contact hours: 0.5 more needed",
    )


def test_another_mentees_hours_do_not_count(people):
    add_activity(people.other_mentee, contact_hours="40")
    assert _requirements(people.mentee)["development"].detail == (
        "0 of 40 contact hours: 40 more needed"
    )


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"completed_on": None}, "completed_on", "Give the date of the activity."),
        (
            {"completed_on": date(2026, 11, 23)},
            "completed_on",
            "The date of the activity cannot be in the future.",
        ),
        ({"title": "  "}, "title", "Give the title."),
        ({"title": "t" * 201}, "title", "Keep the title to 200 characters or fewer (it has 201)."),
        ({"title": "Bell\x07"}, "title", CONTROL_CHARACTER),
        ({"provider": ""}, "provider", "Give the provider."),
        ({"provider": "A\x1bB"}, "provider", CONTROL_CHARACTER),
    ],
)
def test_an_activity_needs_a_past_date_a_title_and_a_provider(people, fields, field, message):
    values = {
        "completed_on": date(2026, 3, 14),
        "title": "Workshop",
        "provider": "RPDC",
        "contact_hours": "3",
    } | fields
    with pytest.raises(MentoringError) as error:
        operations.add_development(people.mentee, TODAY, **values)
    assert (error.value.field, error.value.message) == (field, message)
    db.session.rollback()
    assert _count(DevelopmentActivity) == 0


def test_the_limits_themselves_are_allowed(people):
    entry = add_activity(
        people.mentee, contact_hours="200", title="t" * 200, provider="p" * 200, completed_on=TODAY
    )
    assert (len(entry.title), entry.credit_minutes) == (200, 12000)


def test_an_activity_is_changed_between_units_and_deleted_audited(people):
    entry = add_activity(people.mentee, contact_hours="1.5", title="Private Title")
    operations.update_development(
        entry,
        people.mentee,
        TODAY,
        completed_on=date(2026, 4, 1),
        title="Private Title",
        provider="University",
        semester_hours="1",
    )
    db.session.commit()
    assert (entry.unit, entry.credit_minutes, entry.amount) == (CreditUnit.SEMESTER_HOURS, 900, 1)
    operations.delete_development(entry, people.mentee)
    db.session.commit()
    summaries = db.session.scalars(
        select(AuditEvent.summary)
        .where(AuditEvent.action.like("upgrade.development%"))
        .order_by(AuditEvent.id)
    ).all()
    assert summaries == [
        f"Professional development entry {entry.id} of 2026-03-14 added: "
        "1.5 contact hours (90 minutes)",
        f"Professional development entry {entry.id} changed: 2026-04-01, "
        "1 semester hours (900 minutes)",
        f"Professional development entry {entry.id} of 2026-04-01 deleted",
    ]
    assert _count(DevelopmentActivity) == 0


def _add_directly(mentee, unit: CreditUnit, minutes: int) -> None:
    """An activity straight into the session, past the operations' checks: the database's own."""
    db.session.add(
        DevelopmentActivity(
            mentee_id=mentee.id,
            completed_on=TODAY,
            title="t",
            provider="p",
            unit=unit,
            credit_minutes=minutes,
        )
    )


@pytest.mark.parametrize(
    ("unit", "minutes"),
    [
        (CreditUnit.SEMESTER_HOURS, 900 + 30),  # 1 semester hour and half a contact hour
        (CreditUnit.SEMESTER_HOURS, 900 + 450 + 15),  # 1.5 semester hours and 15 minutes
        (CreditUnit.CONTACT_HOURS, 135 + 5),  # 2.25 hours and 5 minutes
        (CreditUnit.CONTACT_HOURS, 0),
        (CreditUnit.CONTACT_HOURS, -15),
    ],
)
def test_the_database_refuses_credit_that_is_not_in_quarter_units(people, unit, minutes):
    _add_directly(people.mentee, unit, minutes)
    with pytest.raises(Exception, match="credit_in_quarter_units"):
        db.session.flush()
    db.session.rollback()


@pytest.mark.parametrize(
    ("unit", "minutes"),
    [(CreditUnit.CONTACT_HOURS, 135), (CreditUnit.SEMESTER_HOURS, 900 + 225)],
)
def test_the_database_keeps_quarter_hours(people, unit, minutes):
    _add_directly(people.mentee, unit, minutes)
    db.session.commit()
    assert _count(DevelopmentActivity) == 1


def test_quarter_hours_add_up_and_show_to_the_quarter(client, auth, people):
    # 2.25 + 1.75 + 0.25 semester hours (3.75 contact hours) = 7.75 contact hours.
    add_activity(people.mentee, contact_hours="2.25")
    add_activity(people.mentee, contact_hours="1.75", completed_on=date(2026, 3, 15))
    add_activity(people.mentee, semester_hours="0.25", completed_on=date(2026, 3, 16))
    development = _requirements(people.mentee)["development"]
    assert development.detail == "7.75 of 40 contact hours: 32.25 more needed"
    auth.login_as(people.mentee)
    page = client.get("/upgrade").get_data(as_text=True)
    assert "2.25 contact hours" in page
    assert "0.25 semester hours" in page
    assert "<td>3.75</td>" in page  # the quarter semester hour's contact hours


# The mentoring program ------------------------------------------------------------------------


def _certificate(mentee, status=CertificateStatus.VALID, serial="MO-SCMP-2026-00042") -> None:
    enrollment = db.session.scalar(select(Enrollment).where(Enrollment.mentee_id == mentee.id))
    add_certificate(enrollment, status, serial)


def test_the_mentoring_program_is_met_by_a_valid_certificate_only(people):
    assert _requirements(people.mentee)["mentoring"].is_met is False
    _certificate(people.mentee, CertificateStatus.REVOKED, "MO-SCMP-2026-00041")
    _certificate(people.other_mentee, serial="MO-SCMP-2026-00043")
    assert _requirements(people.mentee)["mentoring"].is_met is False
    _certificate(people.mentee)
    mentoring = _requirements(people.mentee)["mentoring"]
    assert (mentoring.is_met, mentoring.detail) == (
        True,
        "completion certificate MO-SCMP-2026-00042, issued July 15, 2026",
    )


def test_everything_met_is_a_complete_checklist(people):
    for start, evaluated_on in ((2022, 4), (2023, 4), (2024, 4), (2025, 4)):
        add_year(
            people.mentee,
            f"{start}–{(start + 1) % 100:02d}",
            evaluated_on=date(start + 1, evaluated_on, 1),
        )
    add_activity(people.mentee, contact_hours="40")
    checklist = queries.checklist(people.mentee, TODAY)
    assert (checklist.met_count, checklist.is_complete) == (3, False)
    _certificate(people.mentee)
    checklist = queries.checklist(people.mentee, TODAY)
    assert (checklist.met_count, checklist.is_complete) == (4, True)
