"""Every page that lists a mentee by name links a specialist to the mentee's record."""

from datetime import date

import pytest
from sqlalchemy import select

from mentoring.certificates import operations as certificates
from mentoring.cohorts import operations as cohorts
from mentoring.cohorts.models import Enrollment
from mentoring.core import audit
from mentoring.core.roles import Role
from mentoring.extensions import db
from tests.factories import (
    complete_both_years,
    enroll,
    make_cohort,
    make_group,
    make_mentee,
    make_mentor,
    make_user,
    write_reflection,
)


@pytest.fixture
def finished(app):
    """The 2024 cohort (its second year ended June 30, 2026), still active: Noor certified,
    Wendy met both years without a certificate, Una met nothing (at risk), Ned never got a
    mentor. Una's name was corrected."""
    specialist = make_user(Role.SPECIALIST, name="Dana Specialist")
    cohort = make_cohort(name="2024 Central Cohort", start_year=2024)
    group = make_group(cohort, make_mentor(name="Mia Mentor"))
    people = {name: make_mentee(name=f"{name} Person") for name in ("Noor", "Wendy", "Una", "Ned")}
    enrollments = {
        name: enroll(cohort, mentee, None if name == "Ned" else group)
        for name, mentee in people.items()
    }
    for name in ("Noor", "Wendy"):
        complete_both_years(group, enrollments[name], 2024)
    certificates.issue_certificate(enrollments["Noor"], specialist, date(2026, 7, 15))
    cohorts.correct_person(people["Una"], specialist, "Una Person-Smith", people["Una"].email)
    db.session.commit()
    return specialist, cohort, {name: mentee.id for name, mentee in people.items()}


def enrollment_of_wendy(ids) -> int:
    return db.session.scalar(select(Enrollment.id).where(Enrollment.mentee_id == ids["Wendy"]))


def _link(mentee_id: int) -> str:
    return f'href="/admin/mentees/{mentee_id}"'


@pytest.mark.parametrize(
    ("page", "who"),
    [
        ("/", ["Una", "Ned", "Wendy"]),  # the at-risk list and the waiting list
        ("/admin/cohorts/{cohort}", ["Noor", "Wendy", "Una", "Ned"]),
        ("/admin/cohorts/{cohort}/close", ["Noor", "Wendy", "Una", "Ned"]),
        ("/admin/cohorts/{cohort}/matching", ["Ned"]),
        ("/admin/certificates", ["Noor"]),
        ("/admin/users", ["Noor", "Wendy", "Una", "Ned"]),
        # certificate.issued (a certificate), user.corrected (an account), enrollment.created
        ("/admin/audit", ["Noor", "Wendy", "Una", "Ned"]),
        ("/admin/search?q=person", ["Noor", "Wendy", "Una", "Ned"]),
    ],
)
def test_each_list_links_its_mentees_to_their_record(client, auth, finished, page, who):
    specialist, cohort, ids = finished
    auth.login_as(specialist)
    body = client.get(page.format(cohort=cohort.id)).get_data(as_text=True)
    for name in who:
        assert _link(ids[name]) in body, name
    others = set(ids) - set(who)
    for name in others:
        assert _link(ids[name]) not in body, name


def test_the_audit_log_links_the_person_an_event_concerns(client, auth, finished):
    specialist, _, ids = finished
    auth.login_as(specialist)
    body = client.get("/admin/audit?action=user.corrected").get_data(as_text=True)
    # The event is about Una's account, named by her current name.
    assert f"{_link(ids['Una'])}>Una Person-Smith (" in body
    issued = client.get("/admin/audit?action=certificate.issued").get_data(as_text=True)
    assert f"{_link(ids['Noor'])}>Noor Person in 2024 Central Cohort</a>" in issued
    reflection = write_reflection(
        db.session.get(Enrollment, enrollment_of_wendy(ids)), date(2026, 6, 1)
    )
    # As reflections.operations records it (the factory writes the row alone).
    audit.record(None, "reflection.written", reflection, "Reflection written")
    db.session.commit()
    written = client.get("/admin/audit?action=reflection.written").get_data(as_text=True)
    assert f"{_link(ids['Wendy'])}>a reflection by Wendy Person of June 1, 2026</a>" in written
    # An event about a mentor's account names them without a link (they have no record).
    mentor = make_mentor(name="Otto Mentor")
    cohorts.correct_person(mentor, specialist, "Otto Mentor-Jones", mentor.email)
    db.session.commit()
    corrected = client.get("/admin/audit?action=user.corrected").get_data(as_text=True)
    assert "Otto Mentor-Jones (" in corrected and f"/admin/mentees/{mentor.id}" not in corrected
