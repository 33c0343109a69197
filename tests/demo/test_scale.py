"""The generated data sets: reproducible, consistent with the program's rules, and usable."""

import hashlib
from datetime import date

from sqlalchemy import func, select, text

from mentoring.certificates.models import Certificate, CertificateStatus
from mentoring.cohorts.models import Cohort, CohortStatus, Enrollment, PlcGroup
from mentoring.core.roles import Role
from mentoring.demo.data import DEMO_PASSWORD, clear_database
from mentoring.demo.scale import seed_scale
from mentoring.extensions import db
from mentoring.meetings.models import Meeting, MeetingAttendance
from mentoring.progress import tallies
from mentoring.progress.models import YearTally
from mentoring.progress.queries import Status, progress_for
from mentoring.surveys.models import Survey
from mentoring.users.models import User
from tests.factories import current_code

TODAY = date(2026, 11, 23)  # the 2026 and 2025 cohorts are running


def _digest() -> str:
    """Every row of every table, in id order; password hashes aside (scrypt salts each one at
    random, as it should: the shared hash is made once per load)."""
    digest = hashlib.sha256()
    for table in db.metadata.sorted_tables:
        columns = [column for column in table.columns if column.name != "password_hash"]
        query = select(*columns).order_by(*table.primary_key.columns)
        for row in db.session.execute(query):
            digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_the_same_seed_and_date_give_the_same_rows_and_another_seed_others(app):
    seed_scale("small", 7, TODAY)
    db.session.commit()
    first = _digest()
    clear_database()
    seed_scale("small", 7, TODAY)
    db.session.commit()
    assert _digest() == first
    clear_database()
    seed_scale("small", 8, TODAY)
    db.session.commit()
    assert _digest() != first


def test_the_small_set_has_the_shapes_of_a_running_program(app):
    counts = seed_scale("small", 2026, TODAY)
    db.session.commit()
    # 3 cohorts of 83 (2024 completed; 2025 and 2026 running), 10 groups each, 25 mentors.
    assert counts["cohorts"] == 3 and counts["enrollments"] == 249 and counts["plc_groups"] == 30
    # A specialist of each of the 9 regions, each scoped to it.
    assert counts["specialist_regions"] == 9
    # The year-one survey ran in April 2025 (2024 cohort) and April 2026 (2025 cohort), not yet
    # for the 2026 cohort; about 60 % of 2 × 83 mentees (less the withdrawn) answered, each
    # with a scale and a choice, and one participation per response.
    assert counts["survey_runs"] == 2
    assert 60 < counts["survey_responses"] < 120
    assert counts["survey_participations"] == counts["survey_responses"]
    assert counts["survey_answers"] >= 2 * counts["survey_responses"]
    statuses = dict(
        db.session.execute(
            select(Cohort.start_year, Cohort.status).order_by(Cohort.start_year)
        ).all()
    )
    assert statuses == {
        2024: CohortStatus.COMPLETED,
        2025: CohortStatus.ACTIVE,
        2026: CohortStatus.ACTIVE,
    }
    assert 3000 < counts["meetings"] < 6000 and 10000 < counts["meeting_attendance"] < 25000
    assert 50 < counts["certificates"] <= 90


def test_generated_rows_keep_the_programs_rules(app):
    seed_scale("small", 2026, TODAY)
    db.session.commit()
    # Meetings fall inside their cohort's two school years and never after the date.
    outside = db.session.scalar(
        select(func.count())
        .select_from(Meeting)
        .join(PlcGroup, PlcGroup.id == Meeting.plc_group_id)
        .join(Cohort, Cohort.id == PlcGroup.cohort_id)
        .where(
            (Meeting.held_on > TODAY)
            | (func.extract("year", Meeting.held_on) < Cohort.start_year)
            | (func.extract("year", Meeting.held_on) > Cohort.start_year + 2)
        )
    )
    assert outside == 0
    # Attendance only by mentees of the meeting's group.
    strangers = db.session.scalar(
        select(func.count())
        .select_from(MeetingAttendance)
        .join(Meeting, Meeting.id == MeetingAttendance.meeting_id)
        .join(Enrollment, Enrollment.id == MeetingAttendance.enrollment_id)
        .where(Enrollment.plc_group_id != Meeting.plc_group_id)
    )
    assert strangers == 0
    # The tallies written in bulk are what the app itself would count.
    kept = db.session.execute(select(YearTally.__table__).order_by("enrollment_id")).all()
    tallies.rebuild_all()
    assert db.session.execute(select(YearTally.__table__).order_by("enrollment_id")).all() == kept
    # Every valid certificate belongs to an enrollment the app finds complete in both years.
    certified = db.session.scalars(
        select(Certificate.enrollment_id).where(Certificate.status == CertificateStatus.VALID)
    ).all()
    assert len(certified) == len(set(certified))
    progress = progress_for(Enrollment.id.in_(certified), TODAY)
    assert len(progress) == len(certified) and all(p.complete for p in progress)
    assert _count(Certificate) == len(set(db.session.scalars(select(Certificate.code))))
    # The running cohorts have mentees in every state a specialist watches for.
    running = progress_for(Cohort.status == CohortStatus.ACTIVE, TODAY)
    statuses = {p.current_year(TODAY).status for p in running}
    assert {Status.ON_TRACK, Status.AT_RISK} <= statuses


def test_each_role_signs_in_and_sees_its_pages(app, client, auth):
    seed_scale("small", 2026, TODAY)
    db.session.commit()
    specialist = db.session.scalar(
        select(User).where(User.role == Role.SPECIALIST).order_by(User.id).limit(1)
    )
    mentor = db.session.scalar(select(User).where(User.email == "mentor00001@scale.example.org"))
    mentee = db.session.scalar(select(User).where(User.email == "mentee000200@scale.example.org"))
    code = db.session.scalar(select(Certificate.code).order_by(Certificate.id).limit(1))
    cohort_id = db.session.scalar(select(func.max(Cohort.id)))

    assert client.get(f"/verify/{code}").status_code == 200
    assert auth.login(specialist.email, DEMO_PASSWORD).status_code == 302
    response = client.post("/login/second-factor", data={"code": current_code(specialist)})
    assert response.status_code == 302
    for url in ["/", "/admin/cohorts", f"/admin/cohorts/{cohort_id}", "/admin/certificates"]:
        assert client.get(url).status_code == 200, url
    survey_id = db.session.scalar(select(Survey.id))
    results = client.get(f"/admin/surveys/{survey_id}/results")
    assert results.status_code == 200 and "What should the program change?" in results.text
    auth.logout()
    # The small set's cohorts are all of Central: its specialist sees them; that of the Heart
    # of Missouri, none.
    names = list(db.session.scalars(select(Cohort.name)))
    assert set(db.session.scalars(select(Cohort.region))) == {"Central"}
    for email, seen in (("central", True), ("heart-of-missouri", False)):
        regional = db.session.scalar(
            select(User).where(User.email == f"specialist.{email}@scale.example.org")
        )
        assert auth.login(regional.email, DEMO_PASSWORD).status_code == 302
        client.post("/login/second-factor", data={"code": current_code(regional)})
        listed = client.get("/admin/cohorts").get_data(as_text=True)
        assert [name in listed for name in names] == [seen] * len(names), email
        auth.logout()
    for user in (mentor, mentee):
        assert auth.login(user.email, DEMO_PASSWORD).status_code == 302
        assert user.name in client.get("/").get_data(as_text=True)
        auth.logout()


def test_the_seed_command_loads_a_scale_and_gives_postgresql_its_statistics(app, runner):
    result = runner.invoke(args=["demo", "seed", "--scale", "small", "--today", "2026-11-23"])
    assert result.exit_code == 0, result.output
    assert "The small data set is loaded" in result.output
    meetings = _count(Meeting)
    assert meetings > 1000
    if db.engine.dialect.name == "postgresql":
        # VACUUM (ANALYZE) ran: the planner's row estimate is the table's size (small tables
        # are read whole), not the -1 of a table never analyzed.
        estimate = db.session.scalar(
            text("SELECT reltuples FROM pg_class WHERE relname = 'meetings'")
        )
        assert estimate == meetings
