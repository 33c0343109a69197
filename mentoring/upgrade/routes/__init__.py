"""The CSS certificate upgrade checklist: the blueprint and what its modules share.

checklist.py: the checklist pages, the rule sets and the PDF summary; entries.py: the mentee's
own entries; evidence.py: the files that back them; district.py: the district's verification
through a secret link.
"""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from mentoring.core.changes import change
from mentoring.core.forms import ButtonForm
from mentoring.core.localtime import format_date
from mentoring.core.policy import can_edit_checklist, get_or_404

bp = Blueprint("upgrade", __name__)

PER_PAGE = 10
PDF_ACTIVITIES = 8  # the summary stays on one page: the newest activities, then a count
PDF_YEARS = 6


def own_entry(model, entry_id: int):
    return get_or_404(
        model, entry_id, lambda entry: can_edit_checklist(current_user, entry.mentee_id)
    )


def form_page(template: str, form: FlaskForm, **context):
    """A form page: 400 when it shows what was wrong with the answers."""
    return render_template(f"upgrade/{template}", form=form, **context), 400 if form.errors else 200


def back_to_checklist(message: str):
    """Say what was saved, back on the checklist."""
    flash(message, "success")
    return redirect(url_for("upgrade.checklist"))


def confirm_delete(what: str, removes: list[str], delete, done: str):
    """Ask on a page what a delete removes; delete only on the page's own POST."""
    form = ButtonForm(prefix="delete")
    if form.validate_on_submit():
        with change():
            delete()
        return back_to_checklist(done)
    return render_template("upgrade/confirm_delete.html", form=form, what=what, removes=removes)


EVIDENCE_KINDS = "any(experience, development, validity)"


def item_words(kind: str, item) -> str:
    if kind == "experience":
        return f"the school year {item.school_year}"
    if kind == "development":
        return f"the activity of {format_date(item.completed_on)}"
    return f"the {item.kind.value} from {format_date(item.effective_on)}"


from mentoring.upgrade.routes import checklist, district, entries, evidence  # noqa: E402, F401  (the views)
