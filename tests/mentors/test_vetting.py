"""Vetted mentors: the list, profile edits, renewing vetting and retiring."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from mentoring.core import localtime
from mentoring.core.audit import AuditEvent
from mentoring.core.roles import Role
from mentoring.extensions import db
from mentoring.mentors.models import MentorProfile
from tests.factories import (
    counting_statements,
    enroll,
    make_cohort,
    make_group,
    make_mentee,
    make_mentor,
    make_user,
)


def _profile(mentor) -> MentorProfile:
    profile = db.session.get(MentorProfile, mentor.id)
    db.session.refresh(profile)
    return profile


def _change_profile(mentor, **fields) -> None:
    profile = db.session.get(MentorProfile, mentor.id)
    for name, value in fields.items():
        setattr(profile, name, value)
    db.session.commit()


def _with_mentees(mentor, count: int) -> None:
    """Give a mentor a PLC group holding this many mentees."""
    cohort = make_cohort(name=f"Cohort of {mentor.name}")
    group = make_group(cohort, mentor)
    for _ in range(count):
        enroll(cohort, make_mentee(), group)


def _actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


# The mentors list -------------------------------------------------------------------------------


def _current_mentor(**fields):
    """Make a mentor whose membership runs for another year, whatever day the tests run."""
    mentor = make_mentor(**fields)
    _change_profile(mentor, association_expires_on=localtime.today() + timedelta(days=365))
    return mentor


def test_the_mentors_list_shows_mentees_training_and_the_lapsed_flag(client, specialist):
    busy = _current_mentor(name="Busy Mentor", region="Southwest")
    _with_mentees(busy, 2)
    lapsed = make_mentor(name="Lapsed Mentor")
    _change_profile(lapsed, association_expires_on=localtime.today() - timedelta(days=1))
    untrained = _current_mentor(name="Untrained Mentor", trained=False)
    retired = _current_mentor(name="Retired Mentor")
    _change_profile(retired, retired_on=date(2026, 9, 1))
    make_user(Role.MENTOR, name="Mentor Without Profile")

    page = client.get("/admin/mentors").get_data(as_text=True)
    assert "4 mentors" in page and "Mentor Without Profile" not in page
    assert page.count("Membership lapsed</span>") == 1
    busy_row = page[page.index("Busy Mentor") : page.index("</tr>", page.index("Busy Mentor"))]
    assert '<td class="text-end">2</td>' in busy_row and "Southwest" in busy_row
    untrained_row = page[page.index("Untrained Mentor") :]
    assert "Missing" in untrained_row[: untrained_row.index("</tr>")]

    def names(query: str) -> set[str]:
        listed = client.get(f"/admin/mentors?{query}").get_data(as_text=True)
        return {
            mentor.name for mentor in (busy, lapsed, untrained, retired) if mentor.name in listed
        }

    assert names("status=lapsed") == {"Lapsed Mentor"}
    assert names("status=training_missing") == {"Untrained Mentor"}
    assert names("status=retired") == {"Retired Mentor"}
    assert names("status=active") == {"Busy Mentor", "Lapsed Mentor", "Untrained Mentor"}
    assert names("region=Southwest") == {"Busy Mentor"}
    # Unknown filter values are ignored rather than failing.
    assert names("region=Mars&status=sleeping&page=-2") == {
        "Busy Mentor",
        "Lapsed Mentor",
        "Untrained Mentor",
        "Retired Mentor",
    }


def test_membership_expiring_today_is_not_flagged(client, specialist):
    today = make_mentor(name="Expires Today")
    _change_profile(today, association_expires_on=localtime.today())
    assert "Membership lapsed</span>" not in client.get("/admin/mentors").get_data(as_text=True)


def _mentors_with_groups(count: int, cohort) -> None:
    for _ in range(count):
        mentor = make_mentor()
        group = make_group(cohort, mentor)
        enroll(cohort, make_mentee(), group)


def test_the_mentors_list_costs_the_same_queries_for_3_or_30_mentors(client, specialist):
    cohort = make_cohort()
    _mentors_with_groups(3, cohort)
    with counting_statements() as few:
        assert client.get("/admin/mentors").status_code == 200
    _mentors_with_groups(27, cohort)
    with counting_statements() as many:
        page = client.get("/admin/mentors").get_data(as_text=True)
    assert "30 mentors" in page and "Page 1 of 2" in page
    assert len(many) == len(few) > 0


# The profile page -------------------------------------------------------------------------------


def _profile_answers(**changes) -> dict:
    answers = {
        "district": "Lakeside R-II",
        "school": "Lakeside High",
        "region": "Northeast",
        "grade_levels": ["high"],
        "capacity": "6",
        "training_completed_on": "2026-09-15",
        "association_number": "MSCA-777",
        "association_expires_on": "2028-06-30",
    }
    answers.update(changes)
    return {name: value for name, value in answers.items() if value is not None}


def test_the_profile_page_shows_the_mentor_and_saves_an_edit(client, specialist):
    mentor = make_mentor(name="Morgan Mentor")
    page = client.get(f"/admin/mentors/{mentor.id}").get_data(as_text=True)
    assert "<h1" in page and "Morgan Mentor" in page and 'value="Mentor District"' in page
    assert 'name="renew-association_expires_on"' in page and "Retire Morgan Mentor" in page

    response = client.post(f"/admin/mentors/{mentor.id}", data=_profile_answers())
    assert response.status_code == 302
    profile = _profile(mentor)
    assert (profile.district, profile.school, profile.region) == (
        "Lakeside R-II",
        "Lakeside High",
        "Northeast",
    )
    assert profile.grade_levels == "high" and profile.capacity == 6
    assert profile.training_completed_on == date(2026, 9, 15)
    assert profile.association_number == "MSCA-777"
    assert profile.association_expires_on == date(2028, 6, 30)
    assert _actions()[-1] == "mentor.profile_updated"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"capacity": "0"}, "Capacity (mentees per cohort) must be between 1 and 30."),
        ({"capacity": "31"}, "Capacity (mentees per cohort) must be between 1 and 30."),
        ({"grade_levels": None}, "Choose at least one grade level."),
        ({"region": "Atlantis"}, "Choose one of the options given."),
        ({"district": ""}, "Enter school district."),
        (
            {"association_number": "x" * 41},
            "MSCA membership number must be 40 characters or fewer.",
        ),
        ({"association_expires_on": "30/06/2028"}, "Enter a real date."),
        ({"training_completed_on": "2099-01-01"}, "This date cannot be in the future."),
    ],
)
def test_a_bad_profile_edit_is_shown_beside_its_field_and_changes_nothing(
    client, specialist, changes, message
):
    mentor = make_mentor()
    response = client.post(f"/admin/mentors/{mentor.id}", data=_profile_answers(**changes))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    profile = _profile(mentor)
    assert profile.district == "Mentor District" and profile.capacity == 4


def test_capacity_cannot_drop_below_a_group_s_current_mentees(client, specialist):
    mentor = make_mentor()
    _with_mentees(mentor, 2)
    response = client.post(f"/admin/mentors/{mentor.id}", data=_profile_answers(capacity="1"))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'id="capacity-error"' in page and "already has more than 1 mentees" in page
    assert _profile(mentor).capacity == 4
    assert (
        client.post(f"/admin/mentors/{mentor.id}", data=_profile_answers(capacity="2")).status_code
        == 302
    )
    assert _profile(mentor).capacity == 2


def test_renewing_vetting_records_today_and_the_new_expiry(client, specialist):
    mentor = make_mentor()
    _change_profile(mentor, association_expires_on=localtime.today() - timedelta(days=10))
    response = client.post(
        f"/admin/mentors/{mentor.id}/renew", data={"renew-association_expires_on": "2029-06-30"}
    )
    assert response.status_code == 302
    profile = _profile(mentor)
    assert profile.association_expires_on == date(2029, 6, 30)
    assert profile.vetting_approved_on == localtime.today()
    assert _actions()[-1] == "mentor.vetting_renewed"
    assert "Membership lapsed</span>" not in client.get("/admin/mentors").get_data(as_text=True)


@pytest.mark.parametrize(
    ("expiry", "message"),
    [
        ("", "Enter new membership expiry."),
        ("2029-02-30", "Enter a real date."),
        ("2020-01-01", "The membership expiry must be today or later to renew vetting."),
    ],
)
def test_renewing_needs_a_current_expiry_date(client, specialist, expiry, message):
    mentor = make_mentor()
    expires_before = _profile(mentor).association_expires_on
    response = client.post(
        f"/admin/mentors/{mentor.id}/renew", data={"renew-association_expires_on": expiry}
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'id="renew-association_expires_on-error"' in page and message in page
    # Shown at the renew URL, the profile form must still post to the profile.
    assert f'action="/admin/mentors/{mentor.id}"' in page
    profile = _profile(mentor)
    assert profile.vetting_approved_on == date(2026, 5, 1)
    assert profile.association_expires_on == expires_before


def test_retiring_is_refused_while_the_mentor_has_mentees(client, specialist):
    mentor = make_mentor(name="Needed Mentor")
    _with_mentees(mentor, 1)
    response = client.post(f"/admin/mentors/{mentor.id}/retire", follow_redirects=True)
    assert b"Needed Mentor still mentors 1 mentee. Reassign them first." in response.data
    assert _profile(mentor).retired_on is None


def test_retiring_and_renewing_bring_a_mentor_out_of_and_back_into_service(client, specialist):
    mentor = make_mentor(name="Resting Mentor")
    assert client.post(f"/admin/mentors/{mentor.id}/retire").status_code == 302
    assert _profile(mentor).retired_on == localtime.today()
    page = client.get(f"/admin/mentors/{mentor.id}").get_data(as_text=True)
    assert "Resting Mentor is retired as a mentor." in page and "Retire Resting" not in page
    client.post(
        f"/admin/mentors/{mentor.id}/renew", data={"renew-association_expires_on": "2029-06-30"}
    )
    assert _profile(mentor).retired_on is None
    assert _actions()[-2:] == ["mentor.retired", "mentor.vetting_renewed"]


def test_a_user_without_a_mentor_profile_is_404(client, specialist):
    mentee = make_mentee()
    assert client.get(f"/admin/mentors/{mentee.id}").status_code == 404
    assert client.post(f"/admin/mentors/{mentee.id}/retire").status_code == 404
    renew = client.post(
        f"/admin/mentors/{mentee.id}/renew", data={"renew-association_expires_on": "2029-06-30"}
    )
    assert renew.status_code == 404
