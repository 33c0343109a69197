"""The checklist, the mentee's own or read-only for their mentor or a specialist; the rule
sets; the one-page PDF summary for the district."""

import re
import unicodedata
from datetime import date

from flask import abort, current_app, redirect, render_template, url_for
from flask_login import current_user

from mentoring.core import localtime
from mentoring.core.pdf import render_pdf
from mentoring.core.policy import (
    can_edit_checklist,
    can_view_checklist,
    can_view_evidence,
    get_or_404,
    role_required,
)
from mentoring.core.roles import Role
from mentoring.core.views import page_number
from mentoring.upgrade import queries
from mentoring.upgrade.models import RuleSetVersion, format_amount
from mentoring.upgrade.routes import PDF_ACTIVITIES, PDF_YEARS, PER_PAGE, bp
from mentoring.users.models import User


def _viewable_mentee(mentee_id: int) -> User:
    """The mentee whose checklist the current user may read; 404 for everyone else."""
    mentee = queries.mentee_or_none(mentee_id)
    if mentee is None:
        abort(404)
    mentor_ids = set() if current_user.id == mentee.id else queries.current_mentor_ids(mentee.id)
    if not can_view_checklist(current_user, mentee, mentor_ids):
        abort(404)
    return mentee


def _render_checklist(mentee: User, can_edit: bool):
    today = localtime.today()
    show_evidence = can_view_evidence(current_user, mentee.id)
    checklist = queries.checklist(
        mentee, today, page_number(), PER_PAGE, with_evidence=show_evidence
    )
    return render_template(
        "upgrade/checklist.html",
        show_evidence=show_evidence,
        checklist=checklist,
        can_edit=can_edit,
        verify_url=url_for("certificates.verify", code=checklist.certificate.code)
        if checklist.certificate
        else None,
        format_amount=format_amount,
        wants_reminders=queries.wants_expiry_reminders(mentee.id) if can_edit else None,
    )


@bp.get("/upgrade")
@role_required(Role.MENTEE)
def checklist():
    """Show the mentee their own CSS upgrade checklist, with what is met and what is missing."""
    return _render_checklist(current_user, can_edit=True)


@bp.get("/mentees/<int:mentee_id>/upgrade")
@role_required(Role.SPECIALIST, Role.MENTOR, Role.MENTEE)
def mentee_checklist(mentee_id: int):
    """Show a mentee's checklist, read-only, to their current mentor or a specialist."""
    mentee = _viewable_mentee(mentee_id)
    if can_edit_checklist(current_user, mentee.id):
        return redirect(url_for("upgrade.checklist"))
    return _render_checklist(mentee, can_edit=False)


@bp.get("/upgrade/rule-sets")
@role_required(Role.SPECIALIST)
def rule_sets():
    """List the certificate paths' rule sets, every version, read-only, with their sources."""
    return render_template(
        "upgrade/rule_sets.html",
        versions=queries.rule_set_versions(page_number()),
        in_effect=queries.ids_in_effect(localtime.today()),
        today=localtime.today(),
    )


@bp.get("/upgrade/rule-sets/<int:rule_set_id>")
@role_required(Role.SPECIALIST)
def rule_set(rule_set_id: int):
    """Show one version of a rule set, every figure, read-only."""
    row = get_or_404(RuleSetVersion, rule_set_id)
    return render_template(
        "upgrade/rule_set.html",
        row=row,
        rules=row.rules,
        is_in_effect=row.id in queries.ids_in_effect(localtime.today()),
        today=localtime.today(),
    )


def _download_name(mentee: User, today: date) -> str:
    """A readable ASCII file name: css-upgrade-checklist-mei-chen-2026-11-23.pdf."""
    ascii_name = unicodedata.normalize("NFKD", mentee.name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower())[:60].strip("-") or f"mentee-{mentee.id}"
    return f"css-upgrade-checklist-{slug}-{today.isoformat()}.pdf"


@bp.get("/mentees/<int:mentee_id>/upgrade/summary.pdf")
@role_required(Role.SPECIALIST, Role.MENTOR, Role.MENTEE)
def summary_pdf(mentee_id: int):
    """Download a one-page PDF summary of a mentee's checklist, to hand to the district."""
    mentee = _viewable_mentee(mentee_id)
    today = localtime.today()
    # with_evidence also loads the district's findings, which the summary marks.
    checklist = queries.checklist(mentee, today, 1, PDF_ACTIVITIES, with_evidence=True)
    pdf = render_pdf(
        "pdf/upgrade_summary.html",
        "upgrade_summary.css",
        checklist=checklist,
        years=checklist.years[:PDF_YEARS],
        more_years=max(len(checklist.years) - PDF_YEARS, 0),
        format_amount=format_amount,
        bodies=sorted(
            {
                year.entry.accrediting_body
                for year in checklist.years[:PDF_YEARS]
                if year.entry.accrediting_body
            }
        ),
    )
    return current_app.response_class(
        pdf,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{_download_name(mentee, today)}"',
            "Cache-Control": "no-store",
        },
    )
