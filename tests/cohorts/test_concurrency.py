"""Two specialists at the same moment: the database keeps capacity and one active enrollment.

Each side runs in its own thread with its own app context, so its own connection and
transaction. Side A writes and holds its transaction open; side B then tries the conflicting
write, which waits for A's lock; A commits; B must fail. Run on PostgreSQL (TEST_DATABASE_URL);
SQLite serializes writers differently (B's stale snapshot cannot write at all).
"""

import threading
import time

import pytest
from sqlalchemy import func, select

from mentoring.cohorts import operations
from mentoring.cohorts.models import Cohort, Enrollment, EnrollmentStatus, PlcGroup
from mentoring.core.errors import MentoringError
from mentoring.extensions import db
from mentoring.users.models import User
from tests.factories import TODAY, enroll, make_cohort, make_group, make_mentee, make_mentor


@pytest.fixture(autouse=True)
def _postgresql_only(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("row locks between two connections are tested on PostgreSQL")


def race(app, first, second) -> list:
    """Run first() then, while its transaction is open, second(); return what each raised."""
    outcomes = [None, None]
    first_wrote = threading.Event()

    def side(index, work):
        with app.app_context():
            try:
                work()
                if index == 0:
                    first_wrote.set()
                    time.sleep(0.5)  # hold the lock while the other side tries
                db.session.commit()
            except Exception as error:  # the outcome is what the test checks
                db.session.rollback()
                outcomes[index] = error
                first_wrote.set()
            finally:
                db.session.remove()

    threads = [threading.Thread(target=side, args=(0, first))]
    threads[0].start()
    first_wrote.wait(5)
    threads.append(threading.Thread(target=side, args=(1, second)))
    threads[1].start()
    for thread in threads:
        thread.join(10)
    return outcomes


def test_two_assignments_to_the_last_place_give_exactly_one(app):
    cohort = make_cohort()
    group_id = make_group(cohort, make_mentor(name="Last Place", capacity=1)).id
    ids = [enroll(cohort, make_mentee()).id for _ in range(2)]
    db.session.remove()

    def assign(enrollment_id):
        def work():
            enrollment = db.session.get(Enrollment, enrollment_id)
            operations.assign(enrollment, db.session.get(PlcGroup, group_id), None)

        return work

    outcomes = race(app, assign(ids[0]), assign(ids[1]))
    assert outcomes[0] is None
    assert isinstance(outcomes[1], operations.CapacityError)
    assert "Last Place already has 1 mentees" in outcomes[1].message
    assert db.session.get(PlcGroup, group_id).active_count == 1
    assigned = db.session.scalar(
        select(func.count()).select_from(Enrollment).where(Enrollment.plc_group_id == group_id)
    )
    assert assigned == 1


def test_two_enrollments_of_one_mentee_give_exactly_one(app):
    cohorts = [make_cohort(name="North").id, make_cohort(name="South").id]
    mentee_id = make_mentee(name="Sought After").id
    db.session.remove()

    def enroll_in(cohort_id):
        def work():
            operations.enroll(
                db.session.get(Cohort, cohort_id), db.session.get(User, mentee_id), None, TODAY
            )

        return work

    outcomes = race(app, enroll_in(cohorts[0]), enroll_in(cohorts[1]))
    assert outcomes[0] is None
    assert isinstance(outcomes[1], MentoringError)
    active = db.session.scalar(
        select(func.count())
        .select_from(Enrollment)
        .where(Enrollment.mentee_id == mentee_id, Enrollment.status == EnrollmentStatus.ACTIVE)
    )
    assert active == 1
