"""Carrying a completed year 1 into a later cohort: only a met and signed-off year 1 of an
enrollment that ended without completing, only on a specialist's explicit word with a reason;
audited; the new enrollment counts it as complete everywhere. Figures worked out by hand."""

import html
import re
from datetime import date

import pytest
from sqlalchemy import func, select

from mentoring.certificates import operations as certificates
from mentoring.closeout import operations as closeout
from mentoring.cohorts import operations as cohorts
from mentoring.cohorts.models import Enrollment
from mentoring.core.audit import AuditEvent
from mentoring.core.errors import MentoringError, NotAllowed
from mentoring.core.roles import Role
from mentoring.extensions import db
from mentoring.progress import operations
from mentoring.progress.queries import Status, progress_for
from tests.factories import (
    complete_year,
    enroll,
    log_meeting,
    make_cohort,
    make_group,
    make_mentee,
    make_mentor,
    make_user,
)

TODAY = date(2026, 12, 6)  # in year 2 of the 2025 cohort (July 1, 2026 – June 30, 2027)


def _text(response) -> str:
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)).split()))


@pytest.fixture
def world(app):
    """The 2024 cohort: Cy met year 1 and withdrew in year 2; Gus had 3 meetings in year 1
    and withdrew; Ida met year 1's minimums, signed off as not met, and withdrew. The 2025
    cohort (now in its year 2) has Mia's group; so does a second 2024 cohort in the North."""
    specialist = make_user(Role.SPECIALIST, name="Dana Specialist")
    mia = make_mentor(name="Mia Mentor", capacity=10)
    old = make_cohort(name="2024 Central Cohort", start_year=2024)
    old_group = make_group(old, mia)
    people = {name: make_mentee(name=f"{name} Mentee") for name in ("Cy", "Gus", "Ida")}
    earlier = {name: enroll(old, mentee, old_group) for name, mentee in people.items()}
    for enrollment in earlier.values():
        enrollment.enrolled_on = date(2024, 7, 1)
    complete_year(old_group, earlier["Cy"], 2024, 1)
    complete_year(old_group, earlier["Ida"], 2024, 1, met=False)
    for month in (9, 10, 11):
        log_meeting(old_group, date(2024, month, 10), 90, [earlier["Gus"]])
    for name, left in (
        ("Cy", date(2025, 9, 15)),
        ("Gus", date(2025, 1, 10)),
        ("Ida", date(2025, 8, 1)),
    ):
        cohorts.withdraw(earlier[name], specialist, "Moved districts", left)
    new = make_cohort(name="2025 Central Cohort", start_year=2025)
    new_group = make_group(new, mia)
    db.session.commit()
    return specialist, people, earlier, new, new_group


def _carry(world, name: str, reason: str = "Met year 1 in 2024; moved back to the region"):
    specialist, people, _, new, group = world
    enrollment = enroll(new, people[name], group)
    origin = operations.carry_year1(enrollment, specialist, reason, TODAY)
    db.session.commit()
    return enrollment, origin


def test_a_met_year_1_is_carried_and_counts_as_complete(world):
    _, _, earlier, _, _ = world
    enrollment, origin = _carry(world, "Cy")
    assert origin.id == earlier["Cy"].id
    assert enrollment.year1_carried_from_id == earlier["Cy"].id
    (progress,) = progress_for(Enrollment.id == enrollment.id, TODAY)
    year1, year2 = progress.years
    # Year 1 is the 2024 cohort's record: 8 meetings, 8 × 90 = 720 minutes, 4 reflections.
    assert (year1.status, year1.carried_from) == (Status.COMPLETE, "2024 Central Cohort")
    assert (year1.meetings, year1.contact_minutes, year1.reflections) == (8, 720, 4)
    assert year1.missing() == [] and year1.sign_off.met
    # Year 2 is the new cohort's own: nothing yet, not carried.
    assert (year2.meetings, year2.carried_from) == (0, None)
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "enrollment.year1_carried")
    )
    assert event.target_type == "Enrollment" and event.target_id == enrollment.id
    assert event.summary == (
        f"Year 1 of enrollment {earlier['Cy'].id} in 2024 Central Cohort carried into "
        f"enrollment {enrollment.id} in 2025 Central Cohort. "
        "Reason: Met year 1 in 2024; moved back to the region"
    )


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "Gus",
            "Year 1 in 2024 Central Cohort is not complete (did not meet year 1 (3 of 8 meetings, "
            "4.5 of 12 contact hours, 0 of 4 reflections)), so there is nothing to carry.",
        ),
        (
            "Ida",
            "Year 1 in 2024 Central Cohort is not complete (year 1 signed off as not met), so "
            "there is nothing to carry.",
        ),
    ],
)
def test_a_year_1_not_met_is_refused_with_the_reason(world, name, message):
    with pytest.raises(MentoringError) as refused:
        _carry(world, name)
    assert refused.value.message == message and refused.value.field == "carry_year1"


def test_nothing_to_carry_without_an_earlier_unfinished_cohort(world):
    specialist, _, _, new, group = world
    newcomer = enroll(new, make_mentee(name="Nia Newcomer"), group)
    with pytest.raises(MentoringError) as refused:
        operations.carry_year1(newcomer, specialist, "Why not", TODAY)
    assert refused.value.message == (
        "Nia Newcomer has no earlier cohort that ended without completing, so there is no "
        "year 1 to carry."
    )
    # A cohort that started the same year is not a later one.
    db.session.rollback()
    _, people, _, _, _ = world
    sibling = make_cohort(name="2024 North Cohort", region="Northwest", start_year=2024)
    moved = enroll(sibling, people["Cy"], make_group(sibling, make_mentor(name="Otto Mentor")))
    with pytest.raises(MentoringError, match="no earlier cohort"):
        operations.carry_year1(moved, specialist, "Moved north", TODAY)


def test_a_reason_is_required_and_only_specialists_carry(world):
    specialist, people, _, new, group = world
    enrollment = enroll(new, people["Cy"], group)
    with pytest.raises(MentoringError) as refused:
        operations.carry_year1(enrollment, specialist, "   ", TODAY)
    assert (refused.value.message, refused.value.field) == (
        "Give the reason for carrying year 1.",
        "carry_reason",
    )
    with pytest.raises(NotAllowed):
        operations.carry_year1(enrollment, make_mentor(name="Mo Mentor"), "A reason", TODAY)
    assert enrollment.year1_carried_from_id is None


def test_a_carried_year_1_is_not_signed_off_again(client, auth, world):
    specialist, _, _, _, _ = world
    enrollment, _ = _carry(world, "Cy")
    with pytest.raises(NotAllowed, match="carried from an earlier cohort"):
        operations.sign_off_year(enrollment, 1, specialist, TODAY, True, "Fine", "Acting")
    auth.login_as(specialist)
    assert client.get(f"/enrollments/{enrollment.id}/sign-off/1").status_code == 404
    assert client.get(f"/enrollments/{enrollment.id}/sign-off/2").status_code == 200


def test_year_2_completes_the_program_with_both_years_hours(world):
    specialist, _, _, _, group = world
    enrollment, _ = _carry(world, "Cy")
    complete_year(group, enrollment, 2025, 2)
    (progress,) = progress_for(Enrollment.id == enrollment.id, TODAY)
    assert progress.complete
    certificate = certificates.issue_certificate(enrollment, specialist, date(2027, 7, 15))
    db.session.commit()
    # 720 minutes carried from 2024–25 and 720 in 2026–27: 24 hours.
    assert certificate.contact_minutes == 1440
    assert certificate.school_years == "2025–26 and 2026–27"


def test_carried_from_a_carried_year_names_the_first_cohort(world):
    specialist, people, earlier, new, group = world
    enrollment, _ = _carry(world, "Cy")
    cohorts.withdraw(enrollment, specialist, "Moved again", TODAY)
    later = make_cohort(name="2026 Central Cohort", start_year=2026)
    again = enroll(later, people["Cy"], make_group(later, make_mentor(name="Lou Mentor")))
    origin = operations.carry_year1(again, specialist, "Back once more", TODAY)
    db.session.commit()
    assert origin.id == earlier["Cy"].id and again.year1_carried_from_id == earlier["Cy"].id
    (progress,) = progress_for(Enrollment.id == again.id, TODAY)
    assert progress.years[0].carried_from == "2024 Central Cohort"


def _form(mentee, **extra) -> dict:
    return {
        "email": mentee.email,
        "district": "Mentee District",
        "school": "Mentee District Middle",
        "grade_level": "middle",
        "kind": "new",
        **extra,
    }


def test_the_enrol_form_carries_year_1_on_the_specialists_word(client, auth, world):
    specialist, people, earlier, new, _ = world
    auth.login_as(specialist)
    page = _text(client.get(f"/admin/cohorts/{new.id}/enroll"))
    assert "Carry a completed year 1 from an earlier cohort" in page
    # Ticked without a reason: refused beside the reason, nothing saved.
    refused = client.post(
        f"/admin/cohorts/{new.id}/enroll", data=_form(people["Cy"], carry_year1="y")
    )
    assert refused.status_code == 400
    assert 'id="carry_reason-error"' in refused.get_data(as_text=True)
    assert "Give the reason for carrying year 1." in _text(refused)
    # Gus's year 1 was not met: refused beside the choice, and he is not enrolled either.
    refused = client.post(
        f"/admin/cohorts/{new.id}/enroll",
        data=_form(people["Gus"], carry_year1="y", carry_reason="He asked"),
    )
    assert refused.status_code == 400
    assert 'id="carry_year1-error"' in refused.get_data(as_text=True)
    assert "Year 1 in 2024 Central Cohort is not complete (did not meet year 1" in _text(refused)
    assert (
        db.session.scalar(
            select(func.count()).select_from(Enrollment).where(Enrollment.cohort_id == new.id)
        )
        == 0
    )
    # Cy: enrolled with year 1 carried.
    done = client.post(
        f"/admin/cohorts/{new.id}/enroll",
        data=_form(people["Cy"], carry_year1="y", carry_reason="Met year 1 in 2024"),
        follow_redirects=True,
    )
    assert "Year 1 is carried from 2024 Central Cohort." in _text(done)
    enrollment = db.session.scalar(select(Enrollment).where(Enrollment.cohort_id == new.id))
    assert enrollment.year1_carried_from_id == earlier["Cy"].id
    assert enrollment.year1_carry_reason == "Met year 1 in 2024"
    # Without the choice, nobody's year 1 is carried.
    client.post(f"/admin/cohorts/{new.id}/enroll", data=_form(make_mentee(name="Pat Plain")))
    plain = db.session.scalar(
        select(Enrollment).where(Enrollment.cohort_id == new.id, Enrollment.id != enrollment.id)
    )
    assert plain.year1_carried_from_id is None


def test_the_pages_say_year_1_is_carried(client, auth, world):
    specialist, people, _, new, group = world
    enrollment, _ = _carry(world, "Cy")
    note = "Year 1 carried from 2024 Central Cohort"
    auth.login_as(specialist)
    cohort_page = _text(client.get(f"/admin/cohorts/{new.id}"))
    assert note in cohort_page
    record = _text(client.get(f"/admin/mentees/{people['Cy'].id}"))
    assert (
        f"{note}: Complete 8 of 8 meetings, 12 of 12 contact hours, 4 of 4 reflections · "
        "Signed off: met: “Well done” Why it is carried: Met year 1 in 2024; moved back to the "
        "region" in record
    )
    assert note in _text(client.get(f"/admin/cohorts/{new.id}/close"))
    auth.logout()
    auth.login_as(people["Cy"])
    home = _text(client.get("/"))
    assert f"Program year 1 Complete {note} , where it was met and signed off. 8 of 8" in home
    auth.logout()
    mia = db.session.get(type(specialist), group.mentor_id)
    auth.login_as(mia)
    assert note in _text(client.get("/"))


def test_the_close_out_counts_a_carried_year_1(world):
    specialist, _, _, new, group = world
    enrollment, _ = _carry(world, "Cy")
    view = closeout.closeout(new, date(2027, 7, 1))
    (row,) = view.of(closeout.Outcome.NOT_COMPLETED)
    # Only year 2 falls short: year 1 is carried.
    assert row.reasons == [
        "did not meet year 2 (0 of 8 meetings, 0 of 12 contact hours, 0 of 4 reflections)"
    ]
    complete_year(group, enrollment, 2025, 2)
    view = closeout.closeout(new, date(2027, 7, 1))
    assert [r.mentee.name for r in view.of(closeout.Outcome.AWAITING_CERTIFICATE)] == ["Cy Mentee"]


def test_the_waiting_list_shows_a_carried_mentee_who_met_year_2(client, auth, world):
    specialist, people, _, _, group = world
    enrollment, _ = _carry(world, "Cy")
    complete_year(group, enrollment, 2025, 2)
    auth.login_as(specialist)
    home = _text(client.get("/"))
    # Year 1's sign-off is the 2024 enrollment's; the waiting list finds it there.
    assert "Met both years, waiting for a certificate (1)" in home
    assert f'href="/admin/mentees/{people["Cy"].id}"' in client.get("/").get_data(as_text=True)
