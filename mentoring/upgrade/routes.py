"""The ISS → CSS upgrade checklist: the mentee keeps it; their mentor and specialists read it.

A mentee reaches their own at /upgrade and changes only their own entries (anyone else's entry
does not exist for them: 404). At /mentees/<id>/upgrade a mentor reads the checklist of a mentee
their PLC group holds now (an active or completed enrollment, not a withdrawn one), and a
specialist any mentee's; for anyone else it does not exist (404). The change routes are
mentees' only, so a mentor's or specialist's POST is refused (403) before anything is read.
"""

import re
import unicodedata
from datetime import date

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from flask_wtf import FlaskForm

from mentoring.core import localtime, mail
from mentoring.core.changes import show_error
from mentoring.core.errors import MentoringError
from mentoring.core.files import attachment, size_words
from mentoring.core.forms import ButtonForm
from mentoring.core.limits import takes_upload
from mentoring.core.localtime import format_date
from mentoring.core.models import utcnow
from mentoring.core.pdf import render_pdf
from mentoring.core.policy import (
    can_edit_checklist,
    can_view_checklist,
    can_view_evidence,
    get_or_404,
    public,
    regions_of,
    role_required,
)
from mentoring.core.roles import Role
from mentoring.core.urls import public_url
from mentoring.core.views import page_number
from mentoring.extensions import db
from mentoring.upgrade import operations, queries
from mentoring.upgrade.forms import (
    DevelopmentForm,
    EvaluationForm,
    EvidenceForm,
    ExperienceForm,
    IssForm,
    ItemVerificationForm,
    ValidityChangeForm,
    VerificationLinkForm,
)
from mentoring.upgrade.models import (
    DevelopmentActivity,
    EvidenceFile,
    ExperienceYear,
    RuleSetVersion,
    VerificationLink,
    format_amount,
)
from mentoring.users.models import User

bp = Blueprint("upgrade", __name__)

PER_PAGE = 10
PDF_ACTIVITIES = 8  # the summary stays on one page: the newest activities, then a count
PDF_YEARS = 6


def _today() -> date:
    return localtime.today()


def _own(model, entry_id: int):
    return get_or_404(
        model, entry_id, lambda entry: can_edit_checklist(current_user, entry.mentee_id)
    )


def _viewable_mentee(mentee_id: int) -> User:
    """The mentee whose checklist the current user may read; 404 for everyone else."""
    mentee = queries.mentee_or_none(mentee_id)
    if mentee is None:
        abort(404)
    mentor_ids = set() if current_user.id == mentee.id else queries.current_mentor_ids(mentee.id)
    if not can_view_checklist(current_user, mentee.id, mentor_ids):
        abort(404)
    return mentee


def verify_url(code: str) -> str:
    """The public verification page of a certificate (its route may not be registered yet)."""
    if "certificates.verify" in current_app.view_functions:
        return url_for("certificates.verify", code=code)
    return f"/verify/{code}"


def _render_checklist(mentee: User, can_edit: bool):
    today = _today()
    show_evidence = can_view_evidence(current_user, mentee.id)
    checklist = queries.checklist(
        mentee, today, page_number(), PER_PAGE, with_evidence=show_evidence
    )
    return render_template(
        "upgrade/checklist.html",
        show_evidence=show_evidence,
        checklist=checklist,
        can_edit=can_edit,
        verify_url=verify_url(checklist.certificate.code) if checklist.certificate else None,
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


@bp.get("/upgrade/rule-sets")
@role_required(Role.SPECIALIST)
def rule_sets():
    """List the certificate paths' rule sets, every version, read-only, with their sources."""
    return render_template(
        "upgrade/rule_sets.html",
        versions=queries.rule_set_versions(page_number()),
        in_effect=queries.ids_in_effect(_today()),
        today=_today(),
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
        is_in_effect=row.id in queries.ids_in_effect(_today()),
        today=_today(),
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
    today = _today()
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


# The mentee's changes ------------------------------------------------------------------------


def _form_page(template: str, form: FlaskForm, **context):
    """A form page: 400 when it shows what was wrong with the answers."""
    return render_template(f"upgrade/{template}", form=form, **context), 400 if form.errors else 200


def _saved(message: str):
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("upgrade.checklist"))


@bp.route("/upgrade/iss", methods=["GET", "POST"])
@role_required(Role.MENTEE)
def edit_iss():
    """Record or correct the issue date of the mentee's ISS certificate."""
    today = _today()
    form = IssForm(today=today)
    if form.validate_on_submit():
        try:
            operations.set_iss_issued_on(current_user, form.issued_on.data, today)
        except MentoringError as error:
            db.session.rollback()
            show_error(form, error, "issued_on")
        else:
            return _saved("The issue date of your ISS certificate is saved.")
    elif not form.is_submitted():
        profile = queries.mentee_profile(current_user.id)
        form.issued_on.data = profile.iss_issued_on if profile else None
    return _form_page("iss.html", form)


@bp.route("/upgrade/experience/new", methods=["GET", "POST"])
@role_required(Role.MENTEE)
def new_experience():
    """Record a school year of student-services experience."""
    today = _today()
    form = ExperienceForm(today=today)
    if form.validate_on_submit():
        try:
            operations.add_experience(current_user, today, **form.entry())
        except MentoringError as error:
            db.session.rollback()
            show_error(form, error, "school_year")
        else:
            return _saved("The school year is saved.")
    return _form_page("experience.html", form, entry=None)


@bp.route("/upgrade/experience/<int:experience_id>/edit", methods=["GET", "POST"])
@role_required(Role.MENTEE)
def edit_experience(experience_id: int):
    """Correct a school year of experience."""
    entry = _own(ExperienceYear, experience_id)
    today = _today()
    form = ExperienceForm(today=today)
    if form.validate_on_submit():
        try:
            operations.update_experience(entry, current_user, today, **form.entry())
        except MentoringError as error:
            db.session.rollback()
            show_error(form, error, "school_year")
        else:
            return _saved("Your changes are saved.")
    elif not form.is_submitted():
        form.fill(entry)
    return _form_page("experience.html", form, entry=entry)


def _confirm_delete(what: str, removes: list[str], delete, done: str):
    """Ask on a page what a delete removes; delete only on the page's own POST."""
    form = ButtonForm(prefix="delete")
    if form.validate_on_submit():
        delete()
        return _saved(done)
    return render_template("upgrade/confirm_delete.html", form=form, what=what, removes=removes)


@bp.route("/upgrade/experience/<int:experience_id>/delete", methods=["GET", "POST"])
@role_required(Role.MENTEE)
def delete_experience(experience_id: int):
    """Ask, then delete a school year of experience, with its evaluation."""
    entry = _own(ExperienceYear, experience_id)
    return _confirm_delete(
        f"the school year {entry.school_year}",
        operations.experience_removes(entry),
        lambda: operations.delete_experience(entry, current_user),
        "The school year is deleted.",
    )


@bp.route("/upgrade/experience/<int:experience_id>/evaluation", methods=["GET", "POST"])
@role_required(Role.MENTEE)
def edit_evaluation(experience_id: int):
    """Record the date a year's Performance-Based Student Services Evaluation was completed."""
    entry = _own(ExperienceYear, experience_id)
    today = _today()
    form = EvaluationForm(today=today, entry=entry)
    if form.validate_on_submit():
        try:
            operations.record_evaluation(entry, current_user, today, form.completed_on.data)
        except MentoringError as error:
            db.session.rollback()
            show_error(form, error, "completed_on")
        else:
            return _saved(f"The evaluation of {entry.school_year} is saved.")
    elif not form.is_submitted():
        form.completed_on.data = entry.evaluation_completed_on
    return _form_page("evaluation.html", form, entry=entry)


@bp.route("/upgrade/development/new", methods=["GET", "POST"])
@role_required(Role.MENTEE)
def new_development():
    """Record a professional-development activity."""
    today = _today()
    form = DevelopmentForm(today=today)
    if form.validate_on_submit():
        try:
            operations.add_development(current_user, today, **form.entry())
        except MentoringError as error:
            db.session.rollback()
            show_error(form, error, "title")
        else:
            return _saved("The activity is saved.")
    return _form_page("development.html", form, entry=None, rules=queries.rules_in_effect(today))


@bp.route("/upgrade/development/<int:development_id>/edit", methods=["GET", "POST"])
@role_required(Role.MENTEE)
def edit_development(development_id: int):
    """Correct a professional-development activity."""
    entry = _own(DevelopmentActivity, development_id)
    today = _today()
    form = DevelopmentForm(today=today)
    if form.validate_on_submit():
        try:
            operations.update_development(entry, current_user, today, **form.entry())
        except MentoringError as error:
            db.session.rollback()
            show_error(form, error, "title")
        else:
            return _saved("Your changes are saved.")
    elif not form.is_submitted():
        form.completed_on.data, form.title.data = entry.completed_on, entry.title
        form.provider.data = entry.provider
        form.is_graduate_credit.data = entry.is_graduate_credit
        amount = format_amount(entry.amount).replace(",", "")
        if entry.unit.value == "contact_hours":
            form.contact_hours.data = amount
        else:
            form.semester_hours.data = amount
    return _form_page("development.html", form, entry=entry, rules=queries.rules_in_effect(today))


@bp.route("/upgrade/development/<int:development_id>/delete", methods=["GET", "POST"])
@role_required(Role.MENTEE)
def delete_development(development_id: int):
    """Ask, then delete a professional-development activity."""
    entry = _own(DevelopmentActivity, development_id)
    return _confirm_delete(
        f"the activity of {format_date(entry.completed_on)}",
        operations.development_removes(entry),
        lambda: operations.delete_development(entry, current_user),
        "The activity is deleted.",
    )


@bp.post("/upgrade/reminders")
@role_required(Role.MENTEE)
def expiry_reminders():
    """Turn the mentee's expiry reminders on or off."""
    if ButtonForm(prefix="reminders").validate_on_submit():
        wanted = request.form.get("wanted") == "yes"
        operations.set_expiry_reminders(current_user, wanted)
        return _saved(f"Expiry reminders are {'on' if wanted else 'off'}.")
    return redirect(url_for("upgrade.checklist"))


@bp.route("/upgrade/validity/new", methods=["GET", "POST"])
@role_required(Role.MENTEE)
def new_validity_change():
    """Record an extension or a reactivation of the mentee's ISS certificate."""
    today = _today()
    form = ValidityChangeForm(today=today)
    if form.validate_on_submit():
        try:
            operations.record_validity_change(
                current_user,
                today,
                form.kind.data,
                form.effective_on.data,
                form.expires_on.data,
                **form.entry(),
            )
        except MentoringError as error:
            db.session.rollback()
            show_error(form, error, "effective_on")
        else:
            return _saved("The new expiry date is saved.")
    return _form_page("validity.html", form, rules=queries.rules_in_effect(today))


# Evidence files ------------------------------------------------------------------------------

EVIDENCE_KINDS = "any(experience, development, validity)"


def _item_words(kind: str, item) -> str:
    if kind == "experience":
        return f"the school year {item.school_year}"
    if kind == "development":
        return f"the activity of {format_date(item.completed_on)}"
    return f"the {item.kind.value} from {format_date(item.effective_on)}"


@bp.route(f"/upgrade/<{EVIDENCE_KINDS}:kind>/<int:item_id>/evidence", methods=["GET", "POST"])
@role_required(Role.MENTEE)
@takes_upload(max_file_bytes=operations.MAX_FILE_BYTES)
def evidence(kind: str, item_id: int):
    """List and attach the files that back one of the mentee's checklist items."""
    model, column = operations.EVIDENCE_ITEMS[kind]
    item = _own(model, item_id)
    form = EvidenceForm()
    if form.validate_on_submit():
        upload = form.file.data
        data, name = b"", None
        if upload:
            with upload.stream:
                data, name = upload.read(), upload.filename
        try:
            operations.add_evidence(current_user, kind, item, name, data, utcnow())
        except MentoringError as error:
            db.session.rollback()
            show_error(form, error, "file")
        else:
            db.session.commit()
            flash("The file is attached.", "success")
            return redirect(url_for("upgrade.evidence", kind=kind, item_id=item.id))
    files = queries.evidence_of(column, item.id)
    return (
        render_template(
            "upgrade/evidence.html",
            form=form,
            kind=kind,
            item=item,
            what=_item_words(kind, item),
            files=files,
        ),
        400 if form.errors else 200,
    )


@bp.get("/upgrade/evidence/<int:file_id>")
@role_required(Role.SPECIALIST, Role.MENTEE)
def evidence_file(file_id: int):
    """Download an evidence file (the mentee's own, or any for a specialist)."""
    return attachment(
        get_or_404(
            EvidenceFile, file_id, lambda found: can_view_evidence(current_user, found.mentee_id)
        )
    )


@bp.route("/upgrade/evidence/<int:file_id>/delete", methods=["GET", "POST"])
@role_required(Role.MENTEE)
def delete_evidence(file_id: int):
    """Ask, then remove an evidence file."""
    evidence = _own(EvidenceFile, file_id)
    return _confirm_delete(
        f"the file {evidence.file_name}",
        [f"{evidence.file_name} ({size_words(evidence.size_bytes)})"],
        lambda: operations.delete_evidence(evidence, current_user),
        "The file is removed.",
    )


# The district's verification -------------------------------------------------------------------


@bp.route("/upgrade/verification", methods=["GET", "POST"])
@role_required(Role.MENTEE)
def verification_links():
    """Send the district a verification link; list, and withdraw, the links sent."""
    form = VerificationLinkForm()
    if form.validate_on_submit():
        try:
            link, token = operations.create_verification_link(
                current_user, form.contact_name.data, form.contact_email.data, utcnow()
            )
        except MentoringError as error:
            db.session.rollback()
            show_error(form, error, "contact_name")
        else:
            # From the configured public address, never the request's Host.
            address = public_url("upgrade.district_packet", token=token)
            mail.send(
                link.contact_email,
                f"Please verify {current_user.name}'s certificate upgrade checklist",
                "upgrade_verification",
                link=link,
                mentee=current_user,
                address=address,
            )
            db.session.commit()
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
    link = _own(VerificationLink, link_id)
    if ButtonForm(prefix="revoke").validate_on_submit():
        operations.revoke_verification_link(link, current_user, utcnow())
        db.session.commit()
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
    checklist = queries.checklist(mentee, _today(), page_number(), PER_PAGE, with_evidence=True)
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
        try:
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
        except MentoringError as error:
            db.session.rollback()
            show_error(form, error, "status")
        else:
            db.session.commit()
            flash("Your finding is recorded.", "success")
            return redirect(url_for("upgrade.district_packet", token=token))
    page = render_template(
        "upgrade/district_item.html", form=form, what=_item_words(kind, item), token=token
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
