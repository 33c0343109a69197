"""The district's verification: the mentee sends a secret link; its contact reads the
checklist and records a finding on each item, without an account."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from mentoring.core import localtime, mail
from mentoring.core.changes import change
from mentoring.core.errors import MentoringError
from mentoring.core.files import attachment
from mentoring.core.forms import ButtonForm
from mentoring.core.models import utcnow
from mentoring.core.policy import public, regions_of, role_required
from mentoring.core.roles import Role
from mentoring.core.urls import public_url
from mentoring.core.views import page_number
from mentoring.extensions import db
from mentoring.upgrade import operations, queries
from mentoring.upgrade.forms import ItemVerificationForm, VerificationLinkForm
from mentoring.upgrade.models import EvidenceFile, VerificationLink, format_amount
from mentoring.upgrade.routes import (
    EVIDENCE_KINDS,
    PER_PAGE,
    bp,
    item_words,
    own_entry,
)
from mentoring.users.models import User


@bp.route("/upgrade/verification", methods=["GET", "POST"])
@role_required(Role.MENTEE)
def verification_links():
    """Send the district a verification link; list, and withdraw, the links sent."""
    form = VerificationLinkForm()
    if form.validate_on_submit():
        with change(form, "contact_name") as outcome:
            link, token = operations.create_verification_link(
                current_user, form.contact_name.data, form.contact_email.data, utcnow()
            )
            mail.send(
                link.contact_email,
                f"Please verify {current_user.name}'s certificate upgrade checklist",
                "upgrade_verification",
                link=link,
                mentee=current_user,
                # From the configured public address, never the request's Host.
                address=public_url("upgrade.district_packet", token=token),
            )
        if outcome.saved:
            flash(f"The link is sent to {link.contact_email}. It works for 30 days.", "success")
            return redirect(url_for("upgrade.verification_links"))
    return (
        render_template(
            "upgrade/verification_links.html",
            form=form,
            links=queries.verification_links(current_user.id, page_number()),
            now=utcnow(),
            revoke=ButtonForm(prefix="revoke", formdata=None),
        ),
        400 if form.errors else 200,
    )


@bp.post("/upgrade/verification/<int:link_id>/revoke")
@role_required(Role.MENTEE)
def revoke_verification_link(link_id: int):
    """Withdraw a verification link at once."""
    link = own_entry(VerificationLink, link_id)
    if ButtonForm(prefix="revoke").validate_on_submit():
        with change():
            operations.revoke_verification_link(link, current_user, utcnow())
        flash("The link no longer works.", "success")
    return redirect(url_for("upgrade.verification_links"))


def _private(body, status: int = 200):
    """A page opened by a secret link: never cached (the site's Referrer-Policy, same-origin,
    keeps the link from other sites)."""
    response = current_app.make_response((body, status))
    response.headers["Cache-Control"] = "no-store"
    return response


def _link_or_page():
    """The link the request's token opens, or the page saying why it does not."""
    token = request.values.get("token")
    try:
        return operations.link_for_token(token, utcnow()), token, None
    except MentoringError as error:
        page = render_template("upgrade/district_refused.html", message=error.message)
        return None, None, _private(page, 404)


@bp.get("/upgrade/district")
@public
def district_packet():
    """Show the district's contact the counselor's checklist, to verify item by item."""
    link, token, refused = _link_or_page()
    if refused:
        return refused
    mentee = db.session.get(User, link.mentee_id)
    checklist = queries.checklist(
        mentee, localtime.today(), page_number(), PER_PAGE, with_evidence=True
    )
    return _private(
        render_template(
            "upgrade/district.html",
            checklist=checklist,
            link=link,
            token=token,
            format_amount=format_amount,
        )
    )


@bp.route(f"/upgrade/district/<{EVIDENCE_KINDS}:kind>/<int:item_id>", methods=["GET", "POST"])
@public
def district_verify_item(kind: str, item_id: int):
    """Record the district's finding on one item: verified or needs correction."""
    link, token, refused = _link_or_page()
    if refused:
        return refused
    model = operations.EVIDENCE_ITEMS[kind][0]
    item = db.session.get(model, item_id)
    if item is None or item.mentee_id != link.mentee_id:
        abort(404)
    form = ItemVerificationForm()
    if form.validate_on_submit():
        with change(form, "status") as outcome:
            operations.record_item_verification(
                link,
                kind,
                item.id,
                form.status.data,
                form.verifier_name.data,
                form.verifier_title.data,
                form.note.data,
                utcnow(),
            )
        if outcome.saved:
            flash("Your finding is recorded.", "success")
            return redirect(url_for("upgrade.district_packet", token=token))
    page = render_template(
        "upgrade/district_item.html", form=form, what=item_words(kind, item), token=token
    )
    return _private(page, 400 if form.errors else 200)


@bp.get("/upgrade/district/evidence/<int:file_id>")
@public
def district_evidence_file(file_id: int):
    """Download an evidence file of the link's mentee, for the district's contact."""
    link, _token, refused = _link_or_page()
    if refused:
        return refused
    evidence = db.session.get(EvidenceFile, file_id)
    if evidence is None or evidence.mentee_id != link.mentee_id:
        abort(404)
    return attachment(evidence)


@bp.get("/upgrade/verifications")
@role_required(Role.SPECIALIST, Role.CERTIFICATION_OFFICE)
def verification_results():
    """The districts' word on upgrade checklist items, newest first: for specialists (of their
    regions), and for the certification office (certificate holders only)."""
    office = current_user.role == Role.CERTIFICATION_OFFICE
    page = queries.verification_results_page(
        page_number(),
        current_app.config["ITEMS_PER_PAGE"],
        regions=regions_of(current_user),
        holders_only=office,
    )
    return render_template(
        "upgrade/verification_results.html",
        page=page,
        office=office,
        item_labels=queries.ITEM_KIND_LABELS,
    )
