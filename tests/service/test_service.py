"""Mentor service: trainings and attendance, the service statement, the requirements of a year
and the mentors who met them. Figures are those of the program in tests/reports/test_reports.py:
Mentor Mo held two meetings in 2025–26 (60 and 90 minutes, Dee and Eve) and one in 2026–27."""

import csv
import io
import subprocess
from collections import Counter
from datetime import date

import pytest
from sqlalchemy import func, select

from benchmarks.wsgi import QUERY_COUNT_HEADER, count_queries
from mentoring.core.audit import AuditEvent
from mentoring.core.roles import Role
from mentoring.demo.scale import REGIONS, seed_scale
from mentoring.extensions import db
from mentoring.mentors.models import TrainingAttendance, TrainingEvent
from mentoring.service import operations, queries
from mentoring.service.models import ServiceRequirement
from tests.factories import make_mentee, make_mentor, make_user
from tests.reports.test_reports import build_program


@pytest.fixture
def specialist(client, auth):
    user = make_user(Role.SPECIALIST)
    auth.login_as(user)
    return user


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _training(specialist, held_on=date(2025, 8, 12), minutes=360, title="Southwest training"):
    training = operations.create_training(
        specialist, "regional_training", title, held_on, "Southwest", minutes
    )
    db.session.commit()
    return training


def test_a_specialist_records_a_training(app, client, specialist):
    response = client.post(
        "/admin/trainings/new",
        data={
            "kind": "mentor_forum",
            "title": "Spring mentor forum",
            "held_on": "2026-03-04",
            "region": "South",
            "hours": "1.5",
        },
    )
    training = db.session.scalars(select(TrainingEvent)).one()
    assert response.headers["Location"] == f"/admin/trainings/{training.id}"
    assert (training.kind.value, training.held_on, training.minutes) == (
        "mentor_forum",
        date(2026, 3, 4),
        90,
    )
    assert db.session.scalar(select(AuditEvent.action).order_by(AuditEvent.id.desc())) == (
        "training.created"
    )
    assert "Spring mentor forum" in client.get("/admin/trainings").get_data(as_text=True)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "", "Enter the training&#39;s title."),
        ("hours", "0.1", "Hours must be between 0.25 and 40."),
        ("hours", "1.3", "Enter the hours in quarter hours, such as 6 or 1.25."),
        ("hours", "NaN", "Enter the hours in quarter hours, such as 6 or 1.25."),
        ("held_on", "2026-02-30", "Enter a real date."),
        ("region", "", "Enter the region."),
    ],
)
def test_a_training_with_bad_input_is_not_saved(app, client, specialist, field, value, message):
    data = {
        "kind": "regional_training",
        "title": "Training",
        "held_on": "2026-03-04",
        "region": "South",
        "hours": "6",
        field: value,
    }
    response = client.post("/admin/trainings/new", data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _count(TrainingEvent) == 0


def test_attendance_is_recorded_all_or_nothing(app, client, specialist):
    training = _training(specialist)
    ann, bob = make_mentor(name="Ann Mentor"), make_mentor(name="Bob Mentor")
    mentee = make_mentee()
    url = f"/admin/trainings/{training.id}"
    # An unknown address and a mentee's: nothing is recorded, and the box keeps what was typed.
    typed = f"{ann.email}\nnobody@example.org\n{mentee.email}"
    response = client.post(url, data={"emails": typed})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f"No mentor has the email address nobody@example.org, {mentee.email}." in page
    assert "nobody@example.org\n" in page or "nobody@example.org\r\n" in page
    assert _count(TrainingAttendance) == 0
    # Upper case, blank lines and a repeat are fine; each mentor is recorded once.
    typed = f"{ann.email.upper()}\n\n{bob.email}\n{ann.email}"
    assert client.post(url, data={"emails": typed}).status_code == 302
    assert client.post(url, data={"emails": ann.email}).status_code == 302  # already there
    assert set(db.session.scalars(select(TrainingAttendance.mentor_id))) == {ann.id, bob.id}
    page = client.get(url).get_data(as_text=True)
    assert "2 mentors" in page and "Ann Mentor" in page
    # The vetting page lists the trainings a mentor attended.
    vetting = client.get(f"/admin/mentors/{ann.id}").get_data(as_text=True)
    assert "Southwest training" in vetting and "August 12, 2025" in vetting
    assert client.post(f"{url}/attendees/{ann.id}/remove").status_code == 302
    assert set(db.session.scalars(select(TrainingAttendance.mentor_id))) == {bob.id}
    assert client.post(f"{url}/attendees/{ann.id}/remove").status_code == 404


def _pdf_text(pdf: bytes) -> str:
    return subprocess.run(
        ["/usr/bin/pdftotext", "-layout", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout.decode()


def test_the_service_statement_of_a_year(app, client, auth):
    program = build_program()
    mo = program["mo"]
    specialist = make_user(Role.SPECIALIST)
    first = _training(specialist)
    second = _training(specialist, date(2026, 3, 4), 90, "Spring forum")
    later = _training(specialist, date(2026, 8, 20), 60, "Next year's training")
    for training in (first, second, later):
        operations.record_attendance(training, specialist, [mo.email])
    operations.set_requirement(2025, specialist, 2, 2, 120)
    db.session.commit()
    auth.login_as(mo)
    response = client.get(f"/mentors/{mo.id}/service-statement.pdf?school_year=2025")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = " ".join(_pdf_text(response.get_data()).split())
    assert "Mentor service statement" in text and "Mentor Mo" in text and "2025–26" in text
    # 2 mentees (Dee and Eve), 2 meetings, 150 minutes, 2 trainings of 2025–26 (not August 2026).
    assert "Mentees served 2" in text
    assert "Meetings logged 2" in text and "Contact hours 2.5" in text
    assert "Trainings attended 2" in text and "7.5 hours of training in all" in text
    assert "Next year's training" not in text
    assert "2 contact hours: met" in text
    assert "Jordan A. Whitfield" in text  # the configured signatory (the demo issuer's)
    page = client.get("/mentor/service").get_data(as_text=True)
    assert "2025–26" in page and "2026–27" in page and "Met" in page
    # Another mentor's statement does not exist for this mentor; a mentee may not ask.
    other = make_mentor(name="Other Mentor")
    assert client.get(f"/mentors/{other.id}/service-statement.pdf").status_code == 404
    auth.logout()
    auth.login_as(specialist)
    assert client.get(f"/mentors/{other.id}/service-statement.pdf").status_code == 200
    assert client.get("/mentors/999999/service-statement.pdf").status_code == 404
    auth.logout()
    auth.login_as(make_mentee())
    assert client.get(f"/mentors/{mo.id}/service-statement.pdf").status_code == 403


def test_the_mentors_who_met_a_years_requirements(app, client, specialist):
    program = build_program()
    mo = program["mo"]
    # Alone at two trainings, but no meeting: does not meet 2 meetings.
    idle = make_mentor(name="Idle Mentor")
    for training in (_training(specialist), _training(specialist, date(2026, 3, 4), 90)):
        operations.record_attendance(training, specialist, [mo.email, idle.email])
    db.session.commit()
    page = client.get("/admin/service?school_year=2025").get_data(as_text=True)
    assert "No requirements are set for 2025–26 yet" in page
    assert client.get("/admin/service/met.csv?school_year=2025").status_code == 302
    # Bad input: nothing saved.
    response = client.post(
        "/admin/service?school_year=2025",
        data={"min_trainings": "-1", "min_meetings": "2", "min_contact_hours": "1.3"},
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Minimum trainings attended must be between 0 and 20." in page
    assert "Use whole or half hours, such as 12 or 9.5." in page
    assert _count(ServiceRequirement) == 0
    response = client.post(
        "/admin/service?school_year=2025",
        data={"min_trainings": "2", "min_meetings": "2", "min_contact_hours": "2.5"},
    )
    assert response.status_code == 302
    saved = db.session.get(ServiceRequirement, 2025)
    assert (saved.min_trainings, saved.min_meetings, saved.min_contact_minutes) == (2, 2, 150)
    assert "1 mentor met the requirements" in client.get(
        "/admin/service?school_year=2025"
    ).get_data(as_text=True)
    text = client.get("/admin/service/met.csv?school_year=2025").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows == [
        [
            "mentor",
            "email",
            "region",
            "school_year",
            "trainings",
            "training_hours",
            "meetings_logged",
            "contact_hours",
            "mentees_served",
        ],
        ["Mentor Mo", mo.email, "Central", "2025–26", "2", "7.5", "2", "2.5", "2"],
    ]
    # 151 minutes asks one minute more than Mo held: nobody met them.
    operations.set_requirement(2025, None, 2, 2, 151)
    db.session.commit()
    text = client.get("/admin/service/met.xlsx?school_year=2025")
    assert text.status_code == 200
    assert (
        client.get("/admin/service/met.csv?school_year=2025").get_data(as_text=True).count("\n")
        == 1
    )


def test_the_generated_data_set_has_trainings_that_the_service_figures_count(app):
    today = date(2026, 11, 23)
    seed_scale("small", 2026, today)
    db.session.commit()
    events = list(db.session.scalars(select(TrainingEvent)))
    # School years 2024–25 to 2026–27: every region's August training (3 of them by today) and
    # March forum (2 of them).
    assert len(events) == 5 * len(REGIONS)
    attended = Counter()
    held = {event.id: event.held_on for event in events}
    for event_id, mentor_id in db.session.execute(
        select(TrainingAttendance.training_event_id, TrainingAttendance.mentor_id)
    ):
        if date(2025, 7, 1) <= held[event_id] <= date(2026, 6, 30):
            attended[mentor_id] += 1
    assert sum(attended.values()) > 0
    service = queries.service_of_every_mentor(2025)
    assert len(service) == 25
    assert {s.mentor_id: s.trainings for s in service if s.trainings} == dict(attended)


def _statements(client, urls) -> list[str]:
    counts = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        counts.append(response.headers[QUERY_COUNT_HEADER])
    return counts


def test_the_service_pages_run_the_same_statements_at_two_sizes(app, client, auth):
    count_queries(app)
    program = build_program()
    mo = program["mo"]
    specialist = make_user(Role.SPECIALIST)
    training = _training(specialist)
    operations.record_attendance(training, specialist, [mo.email])
    operations.set_requirement(2025, specialist, 1, 1, 60)
    db.session.commit()
    specialist_urls = [
        "/admin/trainings",
        f"/admin/trainings/{training.id}",
        "/admin/service?school_year=2025",
        "/admin/service/met.csv?school_year=2025",
        f"/mentors/{mo.id}/service-statement.pdf?school_year=2025",
        f"/admin/mentors/{mo.id}",
    ]
    auth.login_as(specialist)
    small = _statements(client, specialist_urls)
    auth.logout()
    auth.login_as(mo)
    small_mentor = _statements(client, ["/mentor/service"])
    auth.logout()
    for number in range(6):
        other = _training(specialist, date(2025, 9, 1 + number), 60, f"Forum {number}")
        mentors = [make_mentor(name=f"Extra Mentor {number}-{m}") for m in range(3)]
        operations.record_attendance(other, specialist, [mo.email, *(m.email for m in mentors)])
        operations.record_attendance(training, specialist, [m.email for m in mentors])
    db.session.commit()
    auth.login_as(specialist)
    assert _statements(client, specialist_urls) == small
    auth.logout()
    auth.login_as(mo)
    assert _statements(client, ["/mentor/service"]) == small_mentor
