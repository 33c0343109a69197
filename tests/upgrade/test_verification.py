"""The district's verification link: 256-bit token, 30 days, revocable, no account needed,
per-item findings the mentee sees, everything audited."""

import html
import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from mentoring.core.audit import AuditEvent
from mentoring.core.models import utcnow
from mentoring.extensions import db
from mentoring.upgrade import operations
from mentoring.upgrade.models import ItemVerification, VerificationLink
from tests.upgrade.helpers import add_year
from tests.upgrade.test_evidence import PDF


def _send_link(client, auth, people, outbox) -> str:
    auth.login_as(people.mentee)
    response = client.post(
        "/upgrade/verification",
        data={"contact_name": "Dana Reyes", "contact_email": "dana@district.example.org"},
    )
    assert response.status_code == 302
    (message,) = outbox
    assert message.to == ["dana@district.example.org"]
    match = re.search(r"https?://[^/\s]+/upgrade/district\?token=([A-Za-z0-9_-]+)", message.body)
    assert match, message.body
    auth.logout()
    return match.group(1)


def _actions() -> list[str]:
    return list(
        db.session.scalars(
            select(AuditEvent.action)
            .where(AuditEvent.action.like("upgrade.%"))
            .order_by(AuditEvent.id)
        )
    )


def test_the_district_verifies_an_item_without_an_account(client, auth, people, outbox):
    year = add_year(people.mentee, "2025–26")
    other_year = add_year(people.other_mentee, "2025–26")
    token = _send_link(client, auth, people, outbox)
    assert len(token) == 43  # 32 random bytes in base64url: 256 bits
    (link,) = db.session.scalars(select(VerificationLink))
    assert link.token_hash == operations.token_hash(token) and token not in link.token_hash
    assert link.expires_at - link.created_at >= timedelta(days=30) - timedelta(seconds=5)

    packet = client.get(f"/upgrade/district?token={token}")  # signed out
    assert packet.status_code == 200
    assert packet.headers["Cache-Control"] == "no-store"
    assert packet.headers["Referrer-Policy"] == "same-origin"  # the token stays on the site
    assert "Certificate upgrade checklist of Noor Mentee" in packet.get_data(as_text=True)
    # Another person's item is not reachable through this link.
    url = f"/upgrade/district/experience/{other_year.id}?token={token}"
    assert client.get(url).status_code == 404

    url = f"/upgrade/district/experience/{year.id}"
    refused = client.post(
        url,
        data={
            "token": token,
            "status": "needs_correction",
            "verifier_name": "Dana Reyes",
            "verifier_title": "Certification specialist",
        },
    )
    assert refused.status_code == 400
    assert "Say what needs correcting." in refused.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(ItemVerification)) == 0

    response = client.post(
        url,
        data={
            "token": token,
            "status": "verified",
            "verifier_name": "Dana Reyes",
            "verifier_title": "Certification specialist",
            "note": "Contract on file.",
        },
    )
    assert response.status_code == 302
    (verification,) = db.session.scalars(select(ItemVerification))
    assert (verification.item_kind, verification.item_id, verification.status.value) == (
        "experience",
        year.id,
        "verified",
    )
    assert _actions() == [
        "upgrade.experience_added",
        "upgrade.experience_added",
        "upgrade.verification_link_created",
        "upgrade.item_verified",
    ]
    # The mentee sees it on their checklist.
    auth.login_as(people.mentee)
    page = html.unescape(client.get("/upgrade").get_data(as_text=True))
    assert "District: Verified</strong> by Dana Reyes, Certification specialist" in page
    assert "Contract on file." in page


def test_an_expired_or_revoked_or_unknown_link_opens_nothing(client, auth, people, outbox):
    token = _send_link(client, auth, people, outbox)
    link = db.session.scalar(select(VerificationLink))

    link.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    page = client.get(f"/upgrade/district?token={token}")
    assert page.status_code == 404
    assert operations.LINK_EXPIRED in page.get_data(as_text=True)

    link.expires_at = utcnow() + timedelta(days=1)
    db.session.commit()
    assert client.get(f"/upgrade/district?token={token}").status_code == 200
    auth.login_as(people.mentee)
    assert client.post(f"/upgrade/verification/{link.id}/revoke").status_code == 302
    auth.logout()
    page = client.get(f"/upgrade/district?token={token}")
    assert page.status_code == 404
    assert "withdrawn by the counselor" in page.get_data(as_text=True)
    assert "upgrade.verification_link_revoked" in _actions()

    page = client.get(f"/upgrade/district?token={token[:-1]}x")
    assert page.status_code == 404
    assert "not valid" in page.get_data(as_text=True)
    assert client.get("/upgrade/district").status_code == 404


def test_a_bad_contact_email_is_refused_beside_the_field(client, auth, people, outbox):
    auth.login_as(people.mentee)
    response = client.post(
        "/upgrade/verification", data={"contact_name": "Dana Reyes", "contact_email": "dana"}
    )
    assert response.status_code == 400
    assert "Give an email address such as name@district.k12.mo.us." in response.get_data(
        as_text=True
    )
    assert outbox == []
    assert db.session.scalar(select(func.count()).select_from(VerificationLink)) == 0


def test_the_district_opens_the_evidence_of_this_checklist_only(client, auth, people, outbox):
    year = add_year(people.mentee, "2025–26")
    other_year = add_year(people.other_mentee, "2025–26")
    mine = operations.add_evidence(people.mentee, "experience", year, "a.pdf", PDF, utcnow())
    theirs = operations.add_evidence(
        people.other_mentee, "experience", other_year, "b.pdf", PDF, utcnow()
    )
    db.session.commit()
    token = _send_link(client, auth, people, outbox)
    packet = client.get(f"/upgrade/district?token={token}").get_data(as_text=True)
    assert f"/upgrade/district/evidence/{mine.id}?token={token}" in packet
    download = client.get(f"/upgrade/district/evidence/{mine.id}?token={token}")
    assert download.status_code == 200 and download.data == PDF
    assert download.headers["Content-Disposition"] == 'attachment; filename="a.pdf"'
    assert download.headers["Cache-Control"] == "no-store"
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert client.get(f"/upgrade/district/evidence/{theirs.id}?token={token}").status_code == 404
    assert client.get(f"/upgrade/district/evidence/{mine.id}").status_code == 404


def test_the_summary_pdf_marks_verified_items_and_who_verified_them(
    client, auth, people, outbox, tmp_path
):
    from tests.upgrade.test_views import _pdf_text

    year = add_year(people.mentee, "2025–26")
    add_year(people.mentee, "2024–25")  # not verified: not listed
    token = _send_link(client, auth, people, outbox)
    link = operations.link_for_token(token, utcnow())
    operations.record_item_verification(
        link,
        "experience",
        year.id,
        "verified",
        "Dana Reyes",
        "Certification specialist",
        "",
        # 03:30 UTC on December 7 is 9:30 PM on December 6 in Missouri (UTC−6 in winter).
        datetime(2026, 12, 7, 3, 30, tzinfo=UTC),
    )
    db.session.commit()
    auth.login_as(people.mentee)
    pdf = client.get(f"/mentees/{people.mentee.id}/upgrade/summary.pdf").data
    text = _pdf_text(pdf, tmp_path)
    assert "Verified 2025–26: by Dana Reyes, Certification specialist, Dec 6, 2026" in text
    assert "2024–25: by" not in text


def test_the_audit_log_names_the_new_targets(client, auth, people, outbox):
    from datetime import date

    from mentoring.core.audit import target_names

    year = add_year(people.mentee, "2025–26")
    evidence = operations.add_evidence(people.mentee, "experience", year, "a.pdf", PDF, utcnow())
    change = operations.record_validity_change(
        people.mentee, date(2026, 11, 22), "extension", date(2026, 10, 1), date(2030, 8, 1)
    )
    db.session.commit()
    token = _send_link(client, auth, people, outbox)
    link = operations.link_for_token(token, utcnow())
    finding = operations.record_item_verification(
        link, "experience", year.id, "verified", "Dana Reyes", "Specialist", "", utcnow()
    )
    db.session.commit()
    events = list(db.session.scalars(select(AuditEvent)))
    names = target_names(events)
    assert names[("EvidenceFile", evidence.id)] == "Noor Mentee's file a.pdf"
    assert names[("ValidityChange", change.id)] == "Noor Mentee's extension of October 1, 2026"
    assert names[("VerificationLink", link.id)] == "Noor Mentee's link for Dana Reyes"
    assert names[("ItemVerification", finding.id)] == (
        "Dana Reyes's finding on Noor Mentee's checklist"
    )


def test_findings_show_the_programs_local_date(client, auth, people, tmp_path):
    """A finding recorded at 03:30 UTC on December 7, 2026 is December 6 in Missouri (UTC−6 in
    winter): the checklist and the district's packet say December 6."""
    from datetime import date

    from mentoring.upgrade import queries
    from tests.upgrade.helpers import TODAY, add_activity

    year = add_year(people.mentee, "2025–26")
    activity = add_activity(people.mentee, contact_hours="2.25", completed_on=date(2026, 3, 14))
    late_evening = datetime(2026, 12, 7, 3, 30, tzinfo=UTC)
    link, token = operations.create_verification_link(
        people.mentee, "Dana Reyes", "dana@district.example.org", utcnow()
    )
    for kind, item_id in (("experience", year.id), ("development", activity.id)):
        operations.record_item_verification(
            link, kind, item_id, "verified", "Dana Reyes", "Registrar", "", late_evening
        )
    db.session.commit()

    findings = queries.checklist(people.mentee, TODAY, with_evidence=True).findings()
    assert [label for label, _finding in findings] == [
        "2025–26",
        "Activity of March 14, 2026",
    ]
    auth.login_as(people.mentee)
    page = html.unescape(client.get("/upgrade").get_data(as_text=True))
    assert "by Dana Reyes, Registrar, December 6, 2026" in page
    assert "December 7, 2026" not in page
    auth.logout()
    packet = html.unescape(client.get(f"/upgrade/district?token={token}").get_data(as_text=True))
    assert "by Dana Reyes, Registrar, December 6, 2026" in packet
    assert "December 7, 2026" not in packet
