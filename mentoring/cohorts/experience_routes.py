"""Essential experiences: the program's default list and each cohort's own (routes of the
cohorts blueprint, registered by cohorts/routes.py)."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from mentoring.cohorts import experiences
from mentoring.cohorts.blueprint import bp
from mentoring.cohorts.forms import ExperienceForm, RenameExperienceForm
from mentoring.cohorts.models import Cohort, EssentialExperience
from mentoring.core.changes import change
from mentoring.core.forms import ButtonForm
from mentoring.core.policy import get_or_404, role_required, statewide
from mentoring.core.roles import Role
from mentoring.extensions import db


def _experiences_page(cohort: Cohort | None, add_form=None, renamed=None):
    """The program's default list (cohort None) or a cohort's, each with its forms."""
    lists = experiences.experiences_of(cohort.id if cohort else None)
    rename_forms = {
        item.id: RenameExperienceForm(formdata=None, prefix=f"item{item.id}", title=item.title)
        for items in lists.values()
        for item in items
    }
    if renamed is not None:
        rename_forms[renamed[0]] = renamed[1]
    failed = (add_form and add_form.errors) or (renamed and renamed[1].errors)
    return render_template(
        "cohorts/experiences.html",
        cohort=cohort,
        lists=lists,
        add_form=add_form or ExperienceForm(formdata=None),
        rename_forms=rename_forms,
        button=ButtonForm(formdata=None),
    ), (400 if failed else 200)


def _add_experience(cohort: Cohort | None, done_url: str):
    form = ExperienceForm()
    if request.method == "POST" and form.validate_on_submit():
        with change(form, "title") as outcome:
            experiences.add_experience(
                cohort, form.program_year.data, form.title.data, current_user
            )
        if outcome.saved:
            flash("Experience added.", "success")
            return redirect(done_url)
    return _experiences_page(cohort, add_form=form if request.method == "POST" else None)


@bp.route("/admin/experiences", methods=["GET", "POST"])
@role_required(Role.SPECIALIST)
@statewide
def default_experiences():
    """The program's default essential experiences, which new cohorts copy; POST adds one."""
    return _add_experience(None, url_for("cohorts.default_experiences"))


@bp.route("/admin/cohorts/<int:cohort_id>/experiences", methods=["GET", "POST"])
@role_required(Role.SPECIALIST)
def cohort_experiences(cohort_id: int):
    """A cohort's own essential experiences; POST adds one."""
    cohort = get_or_404(Cohort, cohort_id)
    return _add_experience(cohort, url_for("cohorts.cohort_experiences", cohort_id=cohort.id))


def _experience(essential_id: int) -> tuple[EssentialExperience, Cohort | None, str]:
    item = get_or_404(EssentialExperience, essential_id)
    cohort = db.session.get(Cohort, item.cohort_id) if item.cohort_id else None
    back = (
        url_for("cohorts.cohort_experiences", cohort_id=cohort.id)
        if cohort
        else url_for("cohorts.default_experiences")
    )
    return item, cohort, back


@bp.post("/admin/experiences/<int:essential_id>/rename")
@role_required(Role.SPECIALIST)
def rename_experience(essential_id: int):
    """Reword an essential experience (audited)."""
    item, cohort, back = _experience(essential_id)
    form = RenameExperienceForm(prefix=f"item{item.id}")
    if form.validate_on_submit():
        with change(form, "title") as outcome:
            changed = experiences.rename_experience(item, form.title.data, current_user)
        if outcome.saved:
            flash("Experience reworded." if changed else "Nothing changed.", "success")
            return redirect(back)
    return _experiences_page(cohort, renamed=(item.id, form))


@bp.post("/admin/experiences/<int:essential_id>/remove")
@role_required(Role.SPECIALIST)
def remove_experience(essential_id: int):
    """Take an essential experience off its list, unless a mentee has it ticked off."""
    item, _cohort, back = _experience(essential_id)
    if ButtonForm().validate_on_submit():
        with change() as outcome:
            experiences.remove_experience(item, current_user)
        if outcome.saved:
            flash("Experience removed.", "success")
    return redirect(back)
