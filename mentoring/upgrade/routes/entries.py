"""The mentee's own entries: the ISS date, school years of experience and their
evaluations, development activities, validity changes, and the expiry reminders."""

from flask import redirect, request, url_for
from flask_login import current_user

from mentoring.core import localtime
from mentoring.core.changes import change
from mentoring.core.forms import ButtonForm
from mentoring.core.localtime import format_date
from mentoring.core.policy import role_required
from mentoring.core.roles import Role
from mentoring.upgrade import operations, queries
from mentoring.upgrade.forms import (
    DevelopmentForm,
    EvaluationForm,
    ExperienceForm,
    IssForm,
    ValidityChangeForm,
)
from mentoring.upgrade.models import DevelopmentActivity, ExperienceYear, format_amount
from mentoring.upgrade.routes import (
    back_to_checklist,
    bp,
    confirm_delete,
    form_page,
    own_entry,
)


@bp.route("/upgrade/iss", methods=["GET", "POST"])
@role_required(Role.MENTEE)
def edit_iss():
    """Record or correct the issue date of the mentee's ISS certificate."""
    today = localtime.today()
    form = IssForm(today=today)
    if form.validate_on_submit():
        with change(form, "issued_on") as outcome:
            operations.set_iss_issued_on(current_user, form.issued_on.data, today)
        if outcome.saved:
            return back_to_checklist("The issue date of your ISS certificate is saved.")
    elif not form.is_submitted():
        profile = queries.mentee_profile(current_user.id)
        form.issued_on.data = profile.iss_issued_on if profile else None
    return form_page("iss.html", form)


@bp.route("/upgrade/experience/new", methods=["GET", "POST"])
@role_required(Role.MENTEE)
def new_experience():
    """Record a school year of student-services experience."""
    today = localtime.today()
    form = ExperienceForm(today=today)
    if form.validate_on_submit():
        with change(form, "school_year") as outcome:
            operations.add_experience(current_user, today, **form.entry())
        if outcome.saved:
            return back_to_checklist("The school year is saved.")
    return form_page("experience.html", form, entry=None)


@bp.route("/upgrade/experience/<int:experience_id>/edit", methods=["GET", "POST"])
@role_required(Role.MENTEE)
def edit_experience(experience_id: int):
    """Correct a school year of experience."""
    entry = own_entry(ExperienceYear, experience_id)
    today = localtime.today()
    form = ExperienceForm(today=today)
    if form.validate_on_submit():
        with change(form, "school_year") as outcome:
            operations.update_experience(entry, current_user, today, **form.entry())
        if outcome.saved:
            return back_to_checklist("Your changes are saved.")
    elif not form.is_submitted():
        form.process(data=ExperienceForm.data_of(entry))
    return form_page("experience.html", form, entry=entry)


@bp.route("/upgrade/experience/<int:experience_id>/delete", methods=["GET", "POST"])
@role_required(Role.MENTEE)
def delete_experience(experience_id: int):
    """Ask, then delete a school year of experience, with its evaluation."""
    entry = own_entry(ExperienceYear, experience_id)
    return confirm_delete(
        f"the school year {entry.school_year}",
        operations.experience_removes(entry),
        lambda: operations.delete_experience(entry, current_user),
        "The school year is deleted.",
    )


@bp.route("/upgrade/experience/<int:experience_id>/evaluation", methods=["GET", "POST"])
@role_required(Role.MENTEE)
def edit_evaluation(experience_id: int):
    """Record the date a year's Performance-Based Student Services Evaluation was completed."""
    entry = own_entry(ExperienceYear, experience_id)
    today = localtime.today()
    form = EvaluationForm(today=today, entry=entry)
    if form.validate_on_submit():
        with change(form, "completed_on") as outcome:
            operations.record_evaluation(entry, current_user, today, form.completed_on.data)
        if outcome.saved:
            return back_to_checklist(f"The evaluation of {entry.school_year} is saved.")
    elif not form.is_submitted():
        form.completed_on.data = entry.evaluation_completed_on
    return form_page("evaluation.html", form, entry=entry)


@bp.route("/upgrade/development/new", methods=["GET", "POST"])
@role_required(Role.MENTEE)
def new_development():
    """Record a professional-development activity."""
    today = localtime.today()
    form = DevelopmentForm(today=today)
    if form.validate_on_submit():
        with change(form, "title") as outcome:
            operations.add_development(current_user, today, **form.entry())
        if outcome.saved:
            return back_to_checklist("The activity is saved.")
    return form_page("development.html", form, entry=None, rules=queries.rules_in_effect(today))


@bp.route("/upgrade/development/<int:development_id>/edit", methods=["GET", "POST"])
@role_required(Role.MENTEE)
def edit_development(development_id: int):
    """Correct a professional-development activity."""
    entry = own_entry(DevelopmentActivity, development_id)
    today = localtime.today()
    form = DevelopmentForm(today=today)
    if form.validate_on_submit():
        with change(form, "title") as outcome:
            operations.update_development(entry, current_user, today, **form.entry())
        if outcome.saved:
            return back_to_checklist("Your changes are saved.")
    elif not form.is_submitted():
        form.completed_on.data, form.title.data = entry.completed_on, entry.title
        form.provider.data = entry.provider
        form.is_graduate_credit.data = entry.is_graduate_credit
        amount = format_amount(entry.amount).replace(",", "")
        if entry.unit.value == "contact_hours":
            form.contact_hours.data = amount
        else:
            form.semester_hours.data = amount
    return form_page("development.html", form, entry=entry, rules=queries.rules_in_effect(today))


@bp.route("/upgrade/development/<int:development_id>/delete", methods=["GET", "POST"])
@role_required(Role.MENTEE)
def delete_development(development_id: int):
    """Ask, then delete a professional-development activity."""
    entry = own_entry(DevelopmentActivity, development_id)
    return confirm_delete(
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
        with change():
            operations.set_expiry_reminders(current_user, wanted)
        return back_to_checklist(f"Expiry reminders are {'on' if wanted else 'off'}.")
    return redirect(url_for("upgrade.checklist"))


@bp.route("/upgrade/validity/new", methods=["GET", "POST"])
@role_required(Role.MENTEE)
def new_validity_change():
    """Record an extension or a reactivation of the mentee's ISS certificate."""
    today = localtime.today()
    form = ValidityChangeForm(today=today)
    if form.validate_on_submit():
        with change(form, "effective_on") as outcome:
            operations.record_validity_change(
                current_user,
                today,
                form.kind.data,
                form.effective_on.data,
                form.expires_on.data,
                **form.entry(),
            )
        if outcome.saved:
            return back_to_checklist("The new expiry date is saved.")
    return form_page("validity.html", form, rules=queries.rules_in_effect(today))
