"""The mentee record and the specialists' search."""

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user

from mentoring.core import localtime
from mentoring.core.policy import (
    can_view_mentee_record,
    is_specialist,
    regions_of,
    role_required,
)
from mentoring.core.roles import Role
from mentoring.core.views import page_number
from mentoring.records import queries
from mentoring.upgrade.queries import current_mentor_ids, mentee_or_none

bp = Blueprint("records", __name__)

MAX_SEARCH = 120


@bp.get("/admin/mentees/<int:mentee_id>")
@role_required(Role.SPECIALIST, Role.MENTOR)
def mentee_record(mentee_id: int):
    """One mentee whole; their current mentor reads it without the audit trail."""
    mentee = mentee_or_none(mentee_id)
    specialist = is_specialist(current_user)
    # Only a mentor reads it as the mentee's current mentor: nobody else needs that query.
    mentor_ids = set() if specialist else current_mentor_ids(mentee_id)
    if mentee is None or not can_view_mentee_record(current_user, mentor_ids, mentee):
        abort(404)
    record = queries.mentee_record(
        mentee,
        localtime.today(),
        audit_page=page_number() if specialist else None,
        per_page=current_app.config["ITEMS_PER_PAGE"],
        regions=regions_of(current_user) if specialist else None,
    )
    return render_template("records/mentee.html", record=record, today=localtime.today())


@bp.get("/admin/search")
@role_required(Role.SPECIALIST)
def search():
    """Find mentees, mentors and other users by name, email, district or school."""
    text = " ".join(request.args.get("q", "").split())[:MAX_SEARCH]
    if not text:
        return render_template("records/search.html", text="", page=None)
    regions = regions_of(current_user)
    exact = queries.exact_email_match(text, regions)
    if exact is not None and page_number() == 1:
        if exact.role == Role.MENTEE:
            return redirect(url_for("records.mentee_record", mentee_id=exact.id))
        return redirect(url_for("users.show_user", user_id=exact.id))
    page = queries.search_page(text, page_number(), current_app.config["ITEMS_PER_PAGE"], regions)
    return render_template("records/search.html", text=text, page=page)
