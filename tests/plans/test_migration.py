"""The migration that brings essential experiences and the plan requirement backfills: every
existing cohort gets the default list, the requirements stay off, and the tallies count the
plans already agreed."""

from datetime import date

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from mentoring import create_app
from mentoring.extensions import db
from mentoring.plans import operations as plan_operations
from tests.apps import make_test_config
from tests.factories import enroll, log_meeting, make_cohort, make_group, make_mentee, make_mentor

BEFORE = "1e3d46a45913"


def test_existing_cohorts_get_the_list_and_agreed_plans_are_counted(tmp_path):
    app = create_app(make_test_config(f"sqlite:///{tmp_path / 'backfill.sqlite'}"))
    with app.app_context():
        upgrade()
        cohorts = [make_cohort(name=name, start_year=2026) for name in ("North", "South")]
        mentor = make_mentor(name="Mia Mentor")
        group = make_group(cohorts[0], mentor)
        quiet = enroll(cohorts[0], make_mentee(name="Quinn Quiet"), group)
        met = enroll(cohorts[0], make_mentee(name="Mo Met"), group)
        log_meeting(group, date(2026, 9, 1), 60, [met])
        for enrollment in (quiet, met):
            plan_operations.add_goal(
                enrollment,
                1,
                db.session.get(type(mentor), enrollment.mentee_id),
                program_goal="growth",
                goal="A goal",
                actions="Actions",
                target_on=date(2027, 1, 15),
            )
            plan_operations.agree(enrollment, 1, mentor)
        db.session.commit()
        ids = (cohorts[0].id, cohorts[1].id, quiet.id, met.id)
        db.session.remove()
        downgrade(revision=BEFORE)
        upgrade()
        lists = db.session.execute(
            text(
                "SELECT cohort_id, program_year, COUNT(*) FROM essential_experiences "
                "GROUP BY cohort_id, program_year ORDER BY cohort_id, program_year"
            )
        ).all()
        tallies = db.session.execute(
            text(
                "SELECT enrollment_id, program_year, meetings, experiences, plan_agreed "
                "FROM year_tallies ORDER BY enrollment_id, program_year"
            )
        ).all()
        requirements = db.session.execute(
            text(
                "SELECT year1_min_experiences, year1_plan_due_month, year2_plan_due_day "
                "FROM cohorts ORDER BY id"
            )
        ).all()
        kept = db.session.scalar(text("SELECT COUNT(*) FROM enrollments"))
        db.session.remove()
        db.engine.dispose()
    # The defaults (no cohort) and each cohort: 5 experiences a year.
    assert [tuple(row) for row in lists] == [
        (None, 1, 5),
        (None, 2, 5),
        (ids[0], 1, 5),
        (ids[0], 2, 5),
        (ids[1], 1, 5),
        (ids[1], 2, 5),
    ]
    # Quinn had no tally row (nothing attended): one is made for the agreed plan; Mo's is kept.
    # (A later migration, 435fc300c59f, gives every enrollment its year 2 row of zeros.)
    assert [tuple(row) for row in tallies] == [
        (ids[2], 1, 0, 0, 1),
        (ids[2], 2, 0, 0, 0),
        (ids[3], 1, 1, 0, 1),
        (ids[3], 2, 0, 0, 0),
    ]
    assert [tuple(row) for row in requirements] == [(0, 0, 0), (0, 0, 0)]
    assert kept == 2
