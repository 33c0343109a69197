"""The evidence files that back the mentee's checklist items."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from mentoring.core.changes import change
from mentoring.core.files import attachment, size_words
from mentoring.core.limits import takes_upload
from mentoring.core.models import utcnow
from mentoring.core.policy import can_view_evidence, get_or_404, role_required
from mentoring.core.roles import Role
from mentoring.upgrade import operations, queries
from mentoring.upgrade.forms import EvidenceForm
from mentoring.upgrade.models import EvidenceFile
from mentoring.upgrade.routes import EVIDENCE_KINDS, bp, confirm_delete, item_words, own_entry


@bp.route(f"/upgrade/<{EVIDENCE_KINDS}:kind>/<int:item_id>/evidence", methods=["GET", "POST"])
@role_required(Role.MENTEE)
@takes_upload(max_file_bytes=operations.MAX_FILE_BYTES)
def evidence(kind: str, item_id: int):
    """List and attach the files that back one of the mentee's checklist items."""
    model, column = operations.EVIDENCE_ITEMS[kind]
    item = own_entry(model, item_id)
    form = EvidenceForm()
    if form.validate_on_submit():
        upload = form.file.data
        data, name = b"", None
        if upload:
            with upload.stream:
                data, name = upload.read(), upload.filename
        with change(form, "file") as outcome:
            operations.add_evidence(current_user, kind, item, name, data, utcnow())
        if outcome.saved:
            flash("The file is attached.", "success")
            return redirect(url_for("upgrade.evidence", kind=kind, item_id=item.id))
    files = queries.evidence_of(column, item.id)
    return (
        render_template(
            "upgrade/evidence.html",
            form=form,
            kind=kind,
            item=item,
            what=item_words(kind, item),
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
    evidence = own_entry(EvidenceFile, file_id)
    return confirm_delete(
        f"the file {evidence.file_name}",
        [f"{evidence.file_name} ({size_words(evidence.size_bytes)})"],
        lambda: operations.delete_evidence(evidence, current_user),
        "The file is removed.",
    )
