"""The audit log names people and cohorts as they are called now, in a fixed number of queries."""

import html
from datetime import date

from mentoring.cohorts.models import Cohort
from mentoring.core import audit
from mentoring.core.roles import Role
from mentoring.extensions import db
from mentoring.upgrade.models import ExperienceYear, SchoolType
from tests.factories import (
    counting_statements,
    enroll,
    log_meeting,
    make_cohort,
    make_group,
    make_mentee,
    make_mentor,
    make_user,
    write_reflection,
)


def _audit_page(client) -> str:
    return html.unescape(client.get("/admin/audit").get_data(as_text=True))


def test_the_log_names_targets_by_their_current_names(client, auth):
    auth.login_as(make_user(Role.SPECIALIST))
    cohort = make_cohort("2026 Centrl Cohort")
    mentor = make_mentor(name="Alex Rivera")
    group = make_group(cohort, mentor)
    mentee = make_mentee(name="Lily Chn")
    enroll(cohort, mentee, group)
    # Names corrected after the events were written.
    mentee.name = "Lily Chen"
    db.session.get(Cohort, cohort.id).name = "2026 Central Cohort"
    db.session.commit()

    page = _audit_page(client)
    # The enrollment's events (enrolled, then assigned) name it as it is now, linked to the
    # mentee's record.
    linked = f'<td><a href="/admin/mentees/{mentee.id}">Lily Chen in 2026 Central Cohort</a></td>'
    assert page.count(linked) == 2
    assert "Alex Rivera (" in page  # the mentor's account, made by the factory
    assert "Lily Chn" not in page and "<td>2026 Centrl Cohort</td>" not in page
    assert "<td>2026 Central Cohort</td>" in page  # the cohort's own events


def test_a_reflection_is_named_by_author_and_date_never_its_title(client, auth):
    auth.login_as(make_user(Role.SPECIALIST))
    cohort = make_cohort()
    group = make_group(cohort, make_mentor())
    enrollment = enroll(cohort, make_mentee(name="Sam Baker"), group)
    reflection = write_reflection(enrollment, date(2026, 11, 20), title="My secret worry")
    audit.record(None, "reflection.created", reflection, f"Reflection {reflection.id} written")
    db.session.commit()
    page = _audit_page(client)
    assert "a reflection by Sam Baker of November 20, 2026" in page
    assert "My secret worry" not in page


def test_naming_a_page_of_events_takes_the_same_queries_for_2_or_20_targets(client, auth):
    auth.login_as(make_user(Role.SPECIALIST))
    cohort = make_cohort()
    group = make_group(cohort, make_mentor(capacity=30))

    def statements_for_the_page() -> int:
        with counting_statements() as statements:
            assert client.get("/admin/audit").status_code == 200
        return len(statements)

    enroll(cohort, make_mentee(), group)
    log_meeting(group, date(2026, 11, 1))
    few = statements_for_the_page()
    for _ in range(10):
        enroll(cohort, make_mentee(), group)
    many = statements_for_the_page()
    assert many == few


def test_upgrade_entries_are_named_by_their_mentee(client, auth):
    mentee = make_mentee(name="Lily Chen")
    entry = ExperienceYear(
        mentee_id=mentee.id,
        start_year=2025,
        employer="Fulton 58",
        school_type=SchoolType.PUBLIC,
        is_contracted=True,
        is_at_least_half_time=True,
    )
    db.session.add(entry)
    db.session.flush()
    audit.record(mentee, "upgrade.experience_added", entry, f"Experience year (entry {entry.id})")
    db.session.commit()
    auth.login_as(make_user(Role.SPECIALIST))
    assert "<td>Lily Chen's school year 2025–26</td>" in _audit_page(client)
