"""Two specialists issuing at the same moment: exactly one valid certificate per enrollment.

Run on PostgreSQL (TEST_DATABASE_URL), where each side's transaction waits on the other's row
in the unique indexes; see tests/cohorts/test_concurrency.py for how the race is staged.
"""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from mentoring.certificates import operations
from mentoring.certificates.models import Certificate, CertificateStatus
from mentoring.cohorts.models import Cohort, Enrollment
from mentoring.core.audit import AuditEvent
from mentoring.core.errors import MentoringError
from mentoring.core.roles import Role
from mentoring.extensions import db
from mentoring.users.models import User
from tests.cohorts.test_concurrency import race
from tests.factories import (
    complete_both_years,
    enroll,
    make_cohort,
    make_group,
    make_mentee,
    make_mentor,
    make_user,
)

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _postgresql_only(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("row locks between two connections are tested on PostgreSQL")


@pytest.fixture
def scene(app):
    cohort = make_cohort(start_year=2024)
    group = make_group(cohort, make_mentor())
    enrollments = [enroll(cohort, make_mentee(), group) for _ in range(3)]
    for enrollment in enrollments:
        complete_both_years(group, enrollment, 2024)
    ids = (
        cohort.id,
        [e.id for e in enrollments],
        make_user(Role.SPECIALIST).id,
        make_user(Role.SPECIALIST).id,
    )
    db.session.remove()
    return ids


def _valid() -> list[tuple[int, str]]:
    return list(
        db.session.execute(
            select(Certificate.enrollment_id, Certificate.serial).where(
                Certificate.status == CertificateStatus.VALID
            )
        )
    )


def test_two_specialists_issuing_one_certificate_get_the_same_one(app, scene):
    _, (enrollment_id, *_), first, second = scene
    issued = {}

    def issue_as(name, user_id):
        def work():
            certificate = operations.issue_certificate(
                db.session.get(Enrollment, enrollment_id), db.session.get(User, user_id), TODAY
            )
            issued[name] = certificate.serial

        return work

    outcomes = race(app, issue_as("a", first), issue_as("b", second))
    assert outcomes == [None, None]
    assert issued == {"a": "MO-SCMP-2026-00001", "b": "MO-SCMP-2026-00001"}
    assert _valid() == [(enrollment_id, "MO-SCMP-2026-00001")]


def test_two_bulk_issues_of_one_cohort_issue_each_certificate_once(app, scene):
    cohort_id, enrollment_ids, first, second = scene

    def bulk_as(user_id):
        def work():
            operations.issue_for_cohort(
                db.session.get(Cohort, cohort_id), db.session.get(User, user_id), TODAY
            )

        return work

    outcomes = race(app, bulk_as(first), bulk_as(second))
    assert outcomes[0] is None
    assert isinstance(outcomes[1], MentoringError)
    assert sorted(enrollment for enrollment, _ in _valid()) == sorted(enrollment_ids)
    assert db.session.scalar(select(func.count()).select_from(Certificate)) == 3


def _events(action: str) -> int:
    return db.session.scalar(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action)
    )


@pytest.mark.parametrize("action", ["reissue", "revoke"])
def test_two_specialists_changing_one_certificate_write_one_event(app, scene, action):
    """Both read the certificate as valid; the second used to revoke it again once the first
    committed, writing a second certificate.revoked event."""
    _, (enrollment_id, *_), first, second = scene
    serial = operations.issue_certificate(
        db.session.get(Enrollment, enrollment_id), db.session.get(User, first), TODAY
    ).serial
    db.session.commit()
    db.session.remove()

    def change_as(user_id):
        def work():
            certificate = db.session.scalar(select(Certificate).where(Certificate.serial == serial))
            actor = db.session.get(User, user_id)
            if action == "revoke":
                operations.revoke(certificate, actor, "Name corrected", NOW)
            else:
                operations.reissue(certificate, actor, "Name corrected", TODAY, NOW)

        return work

    outcomes = race(app, change_as(first), change_as(second))
    assert outcomes[0] is None
    assert isinstance(outcomes[1], MentoringError)
    assert outcomes[1].message == f"Certificate {serial} is already revoked."
    assert _events("certificate.revoked") == 1
    assert _events("certificate.reissued") == (1 if action == "reissue" else 0)
    assert db.session.scalar(select(func.count()).select_from(Certificate)) == (
        2 if action == "reissue" else 1
    )
