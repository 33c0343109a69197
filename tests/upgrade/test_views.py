"""The checklist pages: who reads and who changes them, messages beside fields, the summary PDF
and the number of queries."""

import re
import subprocess
from datetime import date

import pytest
from sqlalchemy import func, select

from mentoring.cohorts.models import MenteeProfile
from mentoring.core.roles import Role
from mentoring.extensions import db
from mentoring.upgrade.models import DevelopmentActivity, ExperienceYear
from tests.factories import count_statements, make_user
from tests.upgrade.helpers import add_activity, add_year


def _text(response) -> str:
    """The page as words: tags dropped, whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)).split())


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _error(response, field: str) -> str:
    """The message shown beside a field (its id is <field>-error)."""
    match = re.search(rf'id="{field}-error"[^>]*>([^<]*)<', response.get_data(as_text=True))
    assert match, f"no message beside {field}"
    return match.group(1).strip()


# Reading ---------------------------------------------------------------------------------------


def test_the_mentee_sees_their_checklist_with_totals(client, auth, people):
    add_year(people.mentee, "2025–26", evaluated_on=date(2026, 5, 1))
    add_year(people.mentee, "2024–25", "unaccredited_nonpublic")
    add_activity(people.mentee, semester_hours="2")
    add_activity(people.mentee, contact_hours="10.5")
    auth.login_as(people.mentee)
    response = client.get("/upgrade")
    assert response.status_code == 200
    text = _text(response)
    assert "Summary: 1 of 4 requirements met" in text
    assert "Valid until August 1, 2029" in text  # issued Aug 1, 2025
    assert "expires August 1, 2029 (983 days left)" in text
    assert "1 of 4 approved years" in text
    assert (
        "Does not count: a nonpublic school not accredited by a body the Department names." in text
    )
    assert (
        "40.5 of 40 contact hours , from the activities completed while the certificate was "
        "valid (2 recorded in all)" in text
    )
    assert "2 semester hours 30" in text  # the entry as given, and its contact hours
    assert "Completed on May 1, 2026" in text
    assert "Not met yet" in text
    assert "See your progress and what is left" in text
    assert "Add a school year" in text
    assert "Add an activity" in text


def test_the_certificate_is_linked_to_its_verification_page(client, auth, people):
    from tests.upgrade.test_rules import _certificate

    _certificate(people.mentee)
    auth.login_as(people.mentee)
    page = client.get("/upgrade").get_data(as_text=True)
    assert '<a href="/verify/CODE00042">MO-SCMP-2026-00042</a>' in page


def test_the_current_mentor_and_specialists_read_it_without_changing_it(client, auth, people):
    add_year(people.mentee, "2025–26")
    add_activity(people.mentee, contact_hours="3")
    for reader in (people.mentor, make_user(Role.SPECIALIST)):
        auth.login_as(reader)
        response = client.get(f"/mentees/{people.mentee.id}/upgrade")
        assert response.status_code == 200
        text = _text(response)
        assert "CSS upgrade checklist of Noor Mentee" in text
        assert "only Noor Mentee can change it" in text
        assert "2025–26" in text and "3 of 40 contact hours" in text
        for action in ("Add a school year", "Add an activity", "Change", "Delete", "Record"):
            assert action not in text
        auth.logout()


def test_the_mentee_opening_their_own_by_id_is_sent_to_upgrade(client, auth, people):
    auth.login_as(people.mentee)
    response = client.get(f"/mentees/{people.mentee.id}/upgrade")
    assert (response.status_code, response.headers["Location"]) == (302, "/upgrade")


def test_anyone_else_finds_no_checklist(client, auth, people):
    other = people.other_mentee.id
    mine = people.mentee.id
    auth.login_as(people.mentee)
    assert client.get(f"/mentees/{other}/upgrade").status_code == 404
    assert client.get(f"/mentees/{other}/upgrade/summary.pdf").status_code == 404
    auth.logout()
    auth.login_as(people.other_mentor)  # leads another group of the same cohort
    assert client.get(f"/mentees/{mine}/upgrade").status_code == 404
    assert client.get(f"/mentees/{mine}/upgrade/summary.pdf").status_code == 404
    auth.logout()
    # A specialist finds no checklist for someone who is not a mentee, or nobody.
    auth.login_as(make_user(Role.SPECIALIST))
    assert client.get(f"/mentees/{people.mentor.id}/upgrade").status_code == 404
    assert client.get("/mentees/999999/upgrade").status_code == 404


def test_a_former_mentor_no_longer_reads_it(client, auth, people):
    from mentoring.cohorts import operations as cohort_operations
    from mentoring.cohorts.models import Enrollment, PlcGroup

    enrollment = db.session.scalar(
        select(Enrollment).where(Enrollment.mentee_id == people.mentee.id)
    )
    other_group = db.session.scalar(
        select(PlcGroup).where(PlcGroup.mentor_id == people.other_mentor.id)
    )
    cohort_operations.assign(enrollment, other_group, None)
    db.session.commit()
    auth.login_as(people.mentor)
    assert client.get(f"/mentees/{people.mentee.id}/upgrade").status_code == 404
    auth.logout()
    auth.login_as(people.other_mentor)
    assert client.get(f"/mentees/{people.mentee.id}/upgrade").status_code == 200


# Changing -------------------------------------------------------------------------------------


def test_the_mentee_adds_a_year_and_an_activity_and_totals_update(client, auth, people):
    auth.login_as(people.mentee)
    response = client.post(
        "/upgrade/experience/new",
        data={
            "school_year": "2025-26",
            "employer": "Columbia Public Schools",
            "school_type": "public",
            "accrediting_body": "",
            "is_contracted": "y",
            "is_at_least_half_time": "y",
        },
    )
    assert (response.status_code, response.headers["Location"]) == (302, "/upgrade")
    response = client.post(
        "/upgrade/development/new",
        data={
            "completed_on": "2026-03-14",
            "title": "School counseling law",
            "provider": "University of Missouri",
            "contact_hours": "",
            "semester_hours": "2",
        },
    )
    assert response.status_code == 302
    text = _text(client.get("/upgrade"))
    assert "1 of 4 approved years" in text
    assert "30 of 40 contact hours: 10 more needed , from the activities completed" in text
    assert (
        "2025–26 Columbia Public Schools Public school Yes Yes Counts: approved experience, "
        "and 2025–26 ended on June 30, 2026." in text
    )


def test_the_mentee_corrects_the_iss_date(client, auth, people):
    auth.login_as(people.mentee)
    form = client.get("/upgrade/iss").get_data(as_text=True)
    assert 'value="2025-08-01"' in form
    assert client.post("/upgrade/iss", data={"issued_on": "2024-02-29"}).status_code == 302
    assert db.session.get(MenteeProfile, people.mentee.id).iss_issued_on == date(2024, 2, 29)
    assert "expires February 29, 2028 (464 days left)" in _text(client.get("/upgrade"))


def test_the_forms_show_the_entries_being_changed(client, auth, people):
    year = add_year(people.mentee, "2025–26", "accredited_nonpublic", "nlsa")
    activity = add_activity(people.mentee, contact_hours="1.5")
    auth.login_as(people.mentee)
    page = client.get(f"/upgrade/experience/{year.id}/edit").get_data(as_text=True)
    assert 'value="2025–26"' in page and '<option selected value="nlsa">' in page
    page = client.get(f"/upgrade/development/{activity.id}/edit").get_data(as_text=True)
    assert (
        'id="contact_hours" inputmode="decimal" name="contact_hours" type="text" value="1.5"'
        in (page)
    )


@pytest.mark.parametrize(
    ("url", "data", "field", "message"),
    [
        (
            "/upgrade/iss",
            {"issued_on": "2026-11-23"},
            "issued_on",
            "The issue date cannot be in the future.",
        ),
        (
            "/upgrade/iss",
            {"issued_on": ""},
            "issued_on",
            "Give the date your ISS certificate was issued.",
        ),
        ("/upgrade/iss", {"issued_on": "not a date"}, "issued_on", "Enter a real date."),
        (
            "/upgrade/experience/new",
            {"school_year": "2025/26", "employer": "X", "school_type": "public"},
            "school_year",
            "Write the school year as 2025–26: the year it starts, a dash, and the last two "
            "digits of the next year.",
        ),
        (
            "/upgrade/experience/new",
            {"school_year": "2025–26", "employer": "X\x00", "school_type": "public"},
            "employer",
            "Remove the control character (such as ESC or NUL) from this text.",
        ),
        (
            "/upgrade/experience/new",
            {"school_year": "2025–26", "employer": "X"},
            "school_type",
            "Choose the kind of school.",
        ),
        (
            "/upgrade/experience/new",
            {"school_year": "2025–26", "employer": "X", "school_type": "accredited_nonpublic"},
            "accrediting_body",
            "Choose the body that accredits the school.",
        ),
        (
            "/upgrade/development/new",
            {
                "completed_on": "2026-03-01",
                "title": "T",
                "provider": "P",
                "contact_hours": "2",
                "semester_hours": "1",
            },
            "contact_hours",
            "Give either contact hours or college semester hours, not both.",
        ),
        (
            "/upgrade/development/new",
            {"completed_on": "2026-03-01", "title": "T", "provider": "P", "contact_hours": "1.3"},
            "contact_hours",
            "Give the contact hours as a number in quarter hours (a multiple of 0.25), "
            "for example 2.25.",
        ),
        (
            "/upgrade/development/new",
            {"completed_on": "2027-01-01", "title": "T", "provider": "P", "contact_hours": "2"},
            "completed_on",
            "The date of the activity cannot be in the future.",
        ),
        (
            "/upgrade/development/new",
            {
                "completed_on": "2026-03-01",
                "title": "x" * 201,
                "provider": "P",
                "contact_hours": "2",
            },
            "title",
            "Keep the title to 200 characters or fewer (it has 201).",
        ),
    ],
)
def test_bad_input_is_explained_beside_its_field_and_changes_nothing(
    client, auth, people, url, data, field, message
):
    auth.login_as(people.mentee)
    response = client.post(url, data=data)
    assert response.status_code == 400
    assert _error(response, field) == message
    assert _count(ExperienceYear) == 0
    assert _count(DevelopmentActivity) == 0
    assert db.session.get(MenteeProfile, people.mentee.id).iss_issued_on == date(2025, 8, 1)


def test_a_duplicate_year_is_explained_beside_the_school_year(client, auth, people):
    add_year(people.mentee, "2025–26")
    auth.login_as(people.mentee)
    response = client.post(
        "/upgrade/experience/new",
        data={"school_year": "2025–26", "employer": "Other", "school_type": "public"},
    )
    assert response.status_code == 400
    assert _error(response, "school_year") == (
        "You have already recorded 2025–26: change that entry instead."
    )
    assert _count(ExperienceYear) == 1


def test_an_evaluation_outside_its_year_is_explained(client, auth, people):
    year = add_year(people.mentee, "2024–25")
    auth.login_as(people.mentee)
    response = client.post(
        f"/upgrade/experience/{year.id}/evaluation", data={"completed_on": "2025-09-01"}
    )
    assert response.status_code == 400
    assert _error(response, "completed_on") == (
        "The evaluation of 2024–25 is completed during that school year, between July 1, 2024 "
        "and June 30, 2025."
    )
    response = client.post(
        f"/upgrade/experience/{year.id}/evaluation", data={"completed_on": "2025-03-01"}
    )
    assert response.status_code == 302
    assert db.session.get(ExperienceYear, year.id).evaluation_completed_on == date(2025, 3, 1)


def test_a_mentee_changes_only_their_own_entries(client, auth, people):
    year = add_year(people.other_mentee, "2025–26")
    activity = add_activity(people.other_mentee, contact_hours="3")
    auth.login_as(people.mentee)
    for url in (
        f"/upgrade/experience/{year.id}/edit",
        f"/upgrade/experience/{year.id}/evaluation",
        f"/upgrade/development/{activity.id}/edit",
    ):
        assert client.get(url).status_code == 404
        assert client.post(url, data={"school_year": "2024–25"}).status_code == 404
    assert client.post(f"/upgrade/experience/{year.id}/delete").status_code == 404
    assert client.post(f"/upgrade/development/{activity.id}/delete").status_code == 404
    assert (_count(ExperienceYear), _count(DevelopmentActivity)) == (1, 1)
    assert db.session.get(ExperienceYear, year.id).start_year == 2025


def test_mentors_and_specialists_cannot_post_changes(client, auth, people):
    year = add_year(people.mentee, "2025–26")
    activity = add_activity(people.mentee, contact_hours="3")
    for reader in (people.mentor, make_user(Role.SPECIALIST)):
        auth.login_as(reader)
        for url in (
            "/upgrade/iss",
            "/upgrade/experience/new",
            f"/upgrade/experience/{year.id}/edit",
            f"/upgrade/experience/{year.id}/delete",
            f"/upgrade/experience/{year.id}/evaluation",
            "/upgrade/development/new",
            f"/upgrade/development/{activity.id}/edit",
            f"/upgrade/development/{activity.id}/delete",
        ):
            assert client.post(url, data={"issued_on": "2020-01-01"}).status_code == 403, url
        auth.logout()
    assert (_count(ExperienceYear), _count(DevelopmentActivity)) == (1, 1)
    assert db.session.get(MenteeProfile, people.mentee.id).iss_issued_on == date(2025, 8, 1)


def test_the_activities_are_paged_and_the_total_counts_them_all(client, auth, people):
    for day in range(1, 13):  # 12 activities of 1 contact hour, March 1–12
        add_activity(people.mentee, contact_hours="1", completed_on=date(2026, 3, day))
    auth.login_as(people.mentee)
    first = _text(client.get("/upgrade"))
    assert "12 of 40 contact hours: 28 more needed , from the activities" in first
    assert "(12 recorded in all)" in first
    assert "March 12, 2026" in first and "March 3, 2026" in first
    assert "March 2, 2026" not in first and "Page 1 of 2" in first
    second = _text(client.get("/upgrade?page=2"))
    assert "March 2, 2026" in second and "March 1, 2026" in second and "March 3, 2026" not in second


# The summary PDF ------------------------------------------------------------------------------


def _pages(pdf: bytes, tmp_path) -> int:
    path = tmp_path / "summary.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE).group(1))


def _pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "summary.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    )
    return " ".join(result.stdout.split())


def test_the_summary_pdf_downloads_as_one_page(client, auth, people, tmp_path):
    add_year(people.mentee, "2025–26", evaluated_on=date(2026, 5, 1))
    add_activity(people.mentee, semester_hours="2")
    add_activity(people.mentee, contact_hours="10.5")
    auth.login_as(people.mentee)
    response = client.get(f"/mentees/{people.mentee.id}/upgrade/summary.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="css-upgrade-checklist-noor-mentee-2026-11-22.pdf"'
    )
    assert response.headers["Cache-Control"] == "no-store"
    assert response.data.startswith(b"%PDF")
    assert _pages(response.data, tmp_path) == 1
    text = _pdf_text(response.data, tmp_path)
    assert "Summary: 1 of 4 requirements met" in text
    assert "valid until August 1, 2029 (983 days left)" in text
    assert "40.5 of 40 contact hours" in text


def _word_boxes(pdf: bytes, tmp_path) -> list[tuple[int, float, float]]:
    """(page, xMin, xMax) of every word pdftotext finds, in points."""
    path = tmp_path / "boxes.pdf"
    path.write_bytes(pdf)
    html = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    boxes = []
    for number, page in enumerate(html.split("<page ")[1:], start=1):
        for x_min, x_max in re.findall(
            r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"', page
        ):
            boxes.append((number, float(x_min), float(x_max)))
    return boxes


# US Letter is 612 points wide; the margins are 0.65 in (46.8 points) each side.
LEFT, RIGHT = 46.8, 612 - 46.8


def _inside_margins(pdf: bytes, tmp_path) -> None:
    boxes = _word_boxes(pdf, tmp_path)
    assert boxes
    outside = [box for box in boxes if box[1] < LEFT - 0.5 or box[2] > RIGHT + 0.5]
    assert outside == []


def test_a_typical_summary_is_one_page_with_long_names_wrapped(client, auth, people, tmp_path):
    provider = (
        "Missouri School Counselor Association Fall Conference and Regional Professional "
        "Development Center of Southeast Missouri State University"
    )
    for start in (2022, 2023, 2024, 2025):
        add_year(
            people.mentee, f"{start}–{(start + 1) % 100:02d}", evaluated_on=date(start + 1, 4, 1)
        )
    add_activity(people.mentee, semester_hours="2", provider=provider)
    add_activity(people.mentee, contact_hours="10.5", completed_on=date(2026, 2, 1))
    auth.login_as(people.mentee)
    pdf = client.get(f"/mentees/{people.mentee.id}/upgrade/summary.pdf").data
    assert _pages(pdf, tmp_path) == 1
    text = _pdf_text(pdf, tmp_path)
    assert provider in text  # whole, over several lines: nothing cut off
    assert "…" not in text
    _inside_margins(pdf, tmp_path)


def test_the_fullest_summary_breaks_cleanly_inside_the_margins(client, auth, people, tmp_path):
    people.mentee.name = "Ñáñez-Þórsdóttir " + "Longname " * 8
    db.session.commit()
    for start in range(2010, 2027):  # 17 school years, each with the longest employer
        add_year(
            people.mentee,
            f"{start}–{(start + 1) % 100:02d}",
            "accredited_nonpublic",
            "nfnssaa",
            employer="E" * 60 + " " + "e" * 59,
            evaluated_on=date(start + 1, 4, 1) if start < 2026 else None,
        )
    for day in range(1, 31):
        add_activity(
            people.mentee,
            contact_hours="1.5",
            completed_on=date(2026, 4, day),
            title="T" * 99 + " " + "t" * 100,
            provider="P" * 99 + " " + "p" * 100,
        )
    auth.login_as(people.mentor)
    response = client.get(f"/mentees/{people.mentee.id}/upgrade/summary.pdf")
    assert response.status_code == 200
    assert _pages(response.data, tmp_path) >= 2
    text = _pdf_text(response.data, tmp_path)
    assert "And 11 earlier school years" in text
    assert "The 8 most recent of 30 activities" in text
    assert "…" not in text
    _inside_margins(response.data, tmp_path)
    # The activities' header row is repeated on the page the table continues on.
    assert text.count("CONTACT HOURS") >= 2
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="css-upgrade-checklist-nanez-orsdottir-longname-longname-'
        'longname-longname-longname-2026-11-22.pdf"'
    )


# Queries ---------------------------------------------------------------------------------------


def test_the_checklist_takes_a_fixed_number_of_queries(client, auth, people):
    add_year(people.mentee, "2025–26")
    add_activity(people.mentee, contact_hours="1")
    auth.login_as(people.mentee)
    few = count_statements(client, "/upgrade")
    auth.logout()
    auth.login_as(people.mentor)
    few_as_mentor = count_statements(client, f"/mentees/{people.mentee.id}/upgrade")

    for start in range(2010, 2025):
        add_year(people.mentee, f"{start}–{(start + 1) % 100:02d}", evaluated_on=date(start, 9, 1))
    for day in range(1, 29):
        add_activity(people.mentee, semester_hours="1", completed_on=date(2026, 2, day))
    assert count_statements(client, f"/mentees/{people.mentee.id}/upgrade") == few_as_mentor
    auth.logout()
    auth.login_as(people.mentee)
    assert count_statements(client, "/upgrade") == few
    # BEGIN, the user, the rule set's versions, the profile, its extensions and reactivations,
    # the years, the activities' page and its count, their total, the certificate, the
    # mentoring's first school year, the mentee's reminder choice, the evidence files' names and
    # the district's findings (the mentee's and specialists' view), and the navigation bar's
    # unread notifications.
    assert few <= 15


def test_the_mentor_of_a_completed_enrollment_reads_it_but_not_after_a_withdrawal(
    client, auth, people
):
    from mentoring.cohorts.models import Enrollment, EnrollmentStatus

    enrollment = db.session.scalar(
        select(Enrollment).where(Enrollment.mentee_id == people.mentee.id)
    )
    enrollment.status = EnrollmentStatus.COMPLETED
    db.session.commit()
    auth.login_as(people.mentor)
    assert client.get(f"/mentees/{people.mentee.id}/upgrade").status_code == 200
    enrollment.status = EnrollmentStatus.WITHDRAWN
    enrollment.withdrawn_on = date(2026, 11, 1)
    db.session.commit()
    assert client.get(f"/mentees/{people.mentee.id}/upgrade").status_code == 404


def test_the_home_pages_and_the_cohort_page_link_to_the_checklist(client, auth, people):
    mentee_link = "/upgrade"
    reader_link = f"/mentees/{people.mentee.id}/upgrade"
    auth.login_as(people.mentee)
    home = client.get("/").get_data(as_text=True)
    assert f'href="{mentee_link}"' in home and "Your CSS upgrade checklist" in home
    auth.logout()
    auth.login_as(people.mentor)
    assert f'href="{reader_link}"' in client.get("/").get_data(as_text=True)
    auth.logout()
    from mentoring.cohorts.models import Enrollment

    enrollment = db.session.scalar(
        select(Enrollment).where(Enrollment.mentee_id == people.mentee.id)
    )
    auth.login_as(make_user(Role.SPECIALIST))
    cohort_page = client.get(f"/admin/cohorts/{enrollment.cohort_id}").get_data(as_text=True)
    assert f'href="{reader_link}"' in cohort_page


def test_delete_asks_on_a_page_that_says_what_it_removes(client, auth, people):
    year = add_year(people.mentee, "2025–26", evaluated_on=date(2026, 5, 1))
    activity = add_activity(people.mentee, semester_hours="2", completed_on=date(2026, 3, 14))
    auth.login_as(people.mentee)
    checklist = client.get("/upgrade").get_data(as_text=True)
    # The checklist only links to the confirmation page: no delete form on it.
    assert f'href="/upgrade/experience/{year.id}/delete"' in checklist
    assert f'action="/upgrade/experience/{year.id}/delete"' not in checklist

    page = client.get(f"/upgrade/experience/{year.id}/delete")
    assert page.status_code == 200
    text = _text(page)
    assert "Delete the school year 2025–26?" in text
    assert "The school year 2025–26 at Columbia 93" in text
    assert "Its evaluation, completed on May 1, 2026" in text
    text = _text(client.get(f"/upgrade/development/{activity.id}/delete"))
    assert "Delete the activity of March 14, 2026?" in text
    assert (
        "“Trauma-informed practice” by Heart of Missouri RPDC, completed on March 14, 2026: "
        "2 semester hours" in text
    )
    # Reading the page deletes nothing; its POST does.
    assert (_count(ExperienceYear), _count(DevelopmentActivity)) == (1, 1)
    response = client.post(f"/upgrade/experience/{year.id}/delete")
    assert response.status_code == 302
    assert (_count(ExperienceYear), _count(DevelopmentActivity)) == (0, 1)


def test_the_summary_shows_quarter_hours_and_the_rule_set(client, auth, people, tmp_path):
    add_year(people.mentee, "2025–26", evaluated_on=date(2026, 4, 1))
    add_activity(people.mentee, contact_hours="2.25")
    add_activity(people.mentee, semester_hours="0.25", completed_on=date(2026, 4, 2))
    auth.login_as(people.mentee)
    pdf = client.get(f"/mentees/{people.mentee.id}/upgrade/summary.pdf").data
    (tmp_path / "summary.pdf").write_bytes(pdf)
    text = _pdf_text(pdf, tmp_path)
    # 2.25 + 0.25 × 15 = 2.25 + 3.75 = 6 contact hours.
    assert "6 of 40 contact hours: 34 more needed" in text
    assert "2.25 contact h" in text and "0.25 semester h" in text and "3.75" in text
    assert "Student Services: ISS to CSS, version 1" in text
    _inside_margins(pdf, tmp_path)
