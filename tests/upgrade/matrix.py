"""Upgrade checklist routes. The world's visiting mentee owns a year of experience and a
professional-development activity, and is in the visiting mentor's PLC group: the mentor and
specialists read the checklist, only the mentee changes it (others' POSTs are refused, 403). The
mentee's own /mentees/<id>/upgrade redirects to /upgrade. Delete is a GET confirmation page
(200) whose POST deletes."""

from tests.matrix import SIGN_IN, row

MENTEE_ONLY = row("GET", SIGN_IN, 403, 403, 200)

ROUTES = {
    "upgrade.checklist": MENTEE_ONLY,
    "upgrade.mentee_checklist": row("GET", SIGN_IN, 200, 200, 302, regional=404),
    "upgrade.summary_pdf": row("GET", SIGN_IN, 200, 200, 200, office=403, regional=404),
    "upgrade.rule_sets": row("GET", SIGN_IN, 200, 403, 403),
    # The districts' results: specialists (the regional one's list is empty) and the office.
    "upgrade.verification_results": row("GET", SIGN_IN, 200, 403, 403, office=200),
    "upgrade.rule_set": row("GET", SIGN_IN, 200, 403, 403),
    "upgrade.expiry_reminders": row("POST", SIGN_IN, 403, 403, 302),
    "upgrade.new_validity_change": MENTEE_ONLY,
    "upgrade.evidence": MENTEE_ONLY,
    "upgrade.evidence_file": row("GET", SIGN_IN, 200, 403, 200, regional=404),
    "upgrade.delete_evidence": MENTEE_ONLY,
    "upgrade.verification_links": MENTEE_ONLY,
    "upgrade.revoke_verification_link": row("POST", SIGN_IN, 403, 403, 302),
    # Opened by a token, not an account: a made-up token is refused (404) for everyone.
    "upgrade.district_packet": row("GET", 404, 404, 404, 404),
    "upgrade.district_verify_item": row("GET", 404, 404, 404, 404),
    "upgrade.district_evidence_file": row("GET", 404, 404, 404, 404),
    "upgrade.edit_iss": MENTEE_ONLY,
    "upgrade.new_experience": MENTEE_ONLY,
    "upgrade.edit_experience": MENTEE_ONLY,
    "upgrade.delete_experience": MENTEE_ONLY,
    "upgrade.edit_evaluation": MENTEE_ONLY,
    "upgrade.new_development": MENTEE_ONLY,
    "upgrade.edit_development": MENTEE_ONLY,
    "upgrade.delete_development": MENTEE_ONLY,
}
