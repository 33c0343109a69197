"""Extensions and reactivations of the ISS: recorded, audited, and what they change in what
counts, the deadlines and the reminders. Dates counted by hand."""

from datetime import date

import pytest
from sqlalchemy import func, select

from mentoring.core.audit import AuditEvent
from mentoring.core.errors import MentoringError
from mentoring.extensions import db
from mentoring.upgrade import operations, queries
from mentoring.upgrade.models import ExpiryReminderOptOut, ValidityChange
from tests.upgrade.conftest import TODAY, add_activity, issued


def _record(mentee, kind, effective_on, expires_on, today=TODAY):
    change = operations.record_validity_change(mentee, today, kind, effective_on, expires_on)
    db.session.commit()
    return change


def test_a_reactivation_counts_pd_again_but_not_in_the_gap(people):
    issued(people.mentee, date(2022, 7, 18))  # expired July 18, 2026
    add_activity(people.mentee, contact_hours="20", completed_on=date(2026, 3, 14))
    add_activity(people.mentee, contact_hours="10", completed_on=date(2026, 8, 15))  # the gap
    add_activity(people.mentee, contact_hours="12", completed_on=date(2026, 10, 15))
    change = _record(people.mentee, "reactivation", date(2026, 10, 1), date(2030, 10, 1))

    checklist = queries.checklist(people.mentee, TODAY)
    # November 22, 2026 → October 1, 2030: 1,461 days to November 22, 2030, less 52.
    assert (checklist.iss.expires_on, checklist.iss.days_left) == (date(2030, 10, 1), 1409)
    assert checklist.by_key["development"].detail == "32 of 40 contact hours: 8 more needed"
    verdicts = {item.entry.completed_on: item.verdict.why for item in checklist.development_items}
    assert verdicts[date(2026, 8, 15)] == (
        "Does not count: completed while your ISS had expired (valid July 18, 2022 to July 18, "
        "2026, October 1, 2026 to October 1, 2030)."
    )
    assert verdicts[date(2026, 10, 15)].startswith("Counts: completed while your ISS was valid")
    (event,) = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "upgrade.reactivation_recorded")
    )
    assert event.summary == (
        f"Reactivation {change.id} of mentee {people.mentee.id}: effective 2026-10-01, "
        "expires 2030-10-01 (was 2026-07-18)"
    )


def test_an_extension_continues_the_validity(people):
    issued(people.mentee, date(2022, 11, 1))  # expires November 1, 2026
    add_activity(people.mentee, contact_hours="40", completed_on=date(2026, 11, 10))
    assert not queries.checklist(people.mentee, TODAY).by_key["development"].is_met
    _record(people.mentee, "extension", date(2026, 10, 15), date(2030, 11, 1))
    checklist = queries.checklist(people.mentee, TODAY)
    assert checklist.by_key["development"].is_met
    assert checklist.deadlines.apply_by == date(2030, 10, 2)  # 30 days before November 1


@pytest.mark.parametrize(
    ("kind", "effective_on", "expires_on", "field", "message"),
    [
        (
            "extension",
            date(2026, 11, 2),
            date(2030, 11, 1),
            "effective_on",
            "An extension is granted before the certificate expires (November 1, 2026); "
            "after that, record a reactivation.",
        ),
        (
            "reactivation",
            date(2026, 10, 15),
            date(2030, 10, 15),
            "effective_on",
            "The certificate was still valid then (until November 1, 2026): record an extension.",
        ),
        (
            "extension",
            date(2026, 10, 15),
            date(2026, 10, 1),
            "expires_on",
            "The new expiry date comes after the date it took effect.",
        ),
        (
            "extension",
            date(2026, 10, 15),
            date(2026, 10, 31),
            "expires_on",
            "The new expiry date comes after November 1, 2026.",
        ),
        (
            "reactivation",
            date(2026, 11, 23),
            date(2030, 11, 23),
            "effective_on",
            "The date it took effect cannot be in the future.",
        ),
        ("renewal", date(2026, 10, 15), date(2030, 11, 1), "kind", None),
    ],
)
def test_dates_out_of_order_are_refused(people, kind, effective_on, expires_on, field, message):
    issued(people.mentee, date(2022, 11, 1))
    with pytest.raises(MentoringError) as error:
        _record(people.mentee, kind, effective_on, expires_on)
    assert error.value.field == field
    if message:
        assert error.value.message == message
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(ValidityChange)) == 0


def test_the_mentee_records_a_reactivation_on_the_page(client, auth, people):
    issued(people.mentee, date(2022, 7, 18))
    auth.login_as(people.mentee)
    assert "Record an extension or a reactivation" in client.get("/upgrade").get_data(True)
    form = client.get("/upgrade/validity/new").get_data(as_text=True)
    assert "the department&#39;s rule for teachers; confirm with the certification office" in form
    response = client.post(
        "/upgrade/validity/new",
        data={"kind": "reactivation", "effective_on": "2026-07-01", "expires_on": "2030-07-01"},
    )
    assert response.status_code == 400  # July 1 is before the July 18 expiry
    assert "record an extension" in response.get_data(as_text=True)
    response = client.post(
        "/upgrade/validity/new",
        data={"kind": "reactivation", "effective_on": "2026-10-01", "expires_on": "2030-10-01"},
    )
    assert response.status_code == 302
    page = client.get("/upgrade").get_data(as_text=True)
    assert "Reactivation from October 1, 2026: valid until October 1, 2030" in page
    assert "(1,409 days left)" in page


def test_reminders_follow_the_latest_expiry(runner, outbox, people):
    outbox.clear()  # the mentors' assignments were notified
    db.session.add(ExpiryReminderOptOut(mentee_id=people.other_mentee.id))
    db.session.commit()
    # Issued August 1, 2025: expires August 1, 2029, extended on July 1, 2029 to 2033.
    _record(people.mentee, "extension", date(2029, 7, 1), date(2033, 8, 1), today=date(2029, 7, 1))
    result = runner.invoke(args=["upgrade", "remind", "--today", "2029-07-02"])
    assert "0 sent" in result.output  # 30 days before the old expiry: nothing
    result = runner.invoke(args=["upgrade", "remind", "--today", "2033-02-02"])
    assert "1 sent" in result.output  # 180 days before August 1, 2033
    assert outbox[0].subject == "Your ISS expires in 180 days"
