"""The migration that brings completion backfills what the app did before it."""

from datetime import date

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from mentoring import create_app
from mentoring.certificates.codes import new_code
from mentoring.certificates.models import Certificate
from mentoring.cohorts.models import CohortStatus
from mentoring.extensions import db
from tests.apps import make_test_config
from tests.factories import enroll, make_cohort, make_group, make_mentee, make_mentor

BEFORE = "ad93a4a9d311"


def test_certified_enrollments_complete_and_places_are_recounted(tmp_path):
    app = create_app(make_test_config(f"sqlite:///{tmp_path / 'backfill.sqlite'}"))
    with app.app_context():
        upgrade()
        running = make_cohort(name="2024 Central Cohort", start_year=2024)
        finished = make_cohort(name="2023 Central Cohort", start_year=2023)
        mentor = make_mentor(name="Mia Mentor")
        group, old_group = make_group(running, mentor), make_group(finished, mentor)
        certified = enroll(running, make_mentee(name="Noor Certified"), group)
        enroll(running, make_mentee(name="Ravi Running"), group)
        left = enroll(finished, make_mentee(name="Lee Left"), old_group)
        db.session.add(
            Certificate(
                enrollment_id=certified.id,
                serial="MO-SCMP-2026-00001",
                serial_year=2026,
                serial_number=1,
                code=new_code(),
                holder_name="Noor Certified",
                school_years=running.school_years,
                contact_minutes=1440,
                issued_on=date(2026, 7, 15),
                signatory_name="Program Director",
                signatory_title="Department of Education",
            )
        )
        finished.status = CohortStatus.COMPLETED
        db.session.commit()
        ids = (certified.id, left.id, group.id, old_group.id)
        db.session.remove()
        downgrade(revision=BEFORE)
        upgrade()
        rows = db.session.execute(
            text("SELECT id, status, ended_on, outcome_reason FROM enrollments ORDER BY id")
        ).all()
        counts = dict(db.session.execute(text("SELECT id, active_count FROM plc_groups")).all())
        # Copying the enrollments table must not cascade to the rows that refer to it.
        kept = db.session.execute(
            text("SELECT (SELECT COUNT(*) FROM assignments), (SELECT COUNT(*) FROM certificates)")
        ).one()
        db.session.remove()
        db.engine.dispose()
    assert [tuple(row) for row in rows] == [
        (ids[0], "completed", "2026-07-15", None),
        (ids[0] + 1, "active", None, None),
        (ids[1], "not_completed", None, "Not completed when the cohort closed"),
    ]
    # Before: Mia's running group counted 2, the finished cohort's 1.
    assert counts == {ids[2]: 1, ids[3]: 0}
    assert tuple(kept) == (3, 1)
