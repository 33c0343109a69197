"""The drafts of long text forms: static/js/drafts.js saves them as the person types, and
"Discard" forgets one. A draft is its owner's alone: the key names one of their own drafts, so
no request reaches anyone else's. The rules live in mentoring/core/drafts.py."""

import click
from flask import Blueprint, flash, jsonify, redirect, request
from flask.cli import AppGroup
from flask_login import current_user

from mentoring.core import drafts
from mentoring.core.changes import change
from mentoring.core.forms import ButtonForm
from mentoring.core.localtime import localtime
from mentoring.core.policy import referring_page, signed_in

bp = Blueprint("drafts", __name__)
drafts_cli = AppGroup("drafts", help="Drafts of long text forms.")


def _key() -> str:
    return (request.form.get("form_key") or "")[:200]


@bp.post("/drafts")
@signed_in
@drafts.saves_drafts
def save_draft():
    """Keep the person's draft of one form (JSON for the page's script; 404 for a form that
    keeps no drafts, 400 for a field over its limit)."""
    if drafts.limits_for(_key()) is None:
        return jsonify(error="This form keeps no drafts."), 404
    with change(quiet=True) as outcome:
        draft = drafts.save(current_user, _key(), request.form)
    if outcome.error:
        return jsonify(error=outcome.error.message), 400
    return jsonify(saved_at=localtime(draft.saved_at) if draft else None)


@bp.post("/drafts/discard")
@signed_in
def discard_draft():
    """Forget the person's draft of one form, then back to the form (its saved version)."""
    if ButtonForm().validate_on_submit() and drafts.limits_for(_key()) is not None:
        with change():
            drafts.forget(current_user, _key())
        flash("The draft is discarded.", "success")
    return redirect(referring_page())


@drafts_cli.command("expire")
def expire_command() -> None:
    """Delete the drafts older than 30 days (run daily; they are never restored anyway)."""
    with change():
        count = drafts.expire()
    click.echo(f"Deleted {count} expired draft(s).")
