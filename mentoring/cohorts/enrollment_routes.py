"""Enrolling mentees, assigning and withdrawing them, correcting a person, and matching
(routes of the cohorts blueprint, registered by cohorts/routes.py)."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from mentoring.cohorts import matching, operations, queries
from mentoring.cohorts.blueprint import bp
from mentoring.cohorts.forms import AssignForm, EnrollForm, PersonForm, WithdrawForm
from mentoring.cohorts.models import (
    Cohort,
    Enrollment,
    EnrollmentStatus,
    MenteeProfile,
    PlcGroup,
)
from mentoring.core import localtime
from mentoring.core.changes import change
from mentoring.core.errors import MentoringError
from mentoring.core.forms import ButtonForm
from mentoring.core.policy import fresh_sign_in, get_or_404, role_required
from mentoring.core.roles import Role
from mentoring.extensions import db
from mentoring.users.models import User


def _group_choices(cohort_id: int, blank: str | None = None) -> list[SelectChoice]:
    choices = [SelectChoice("", blank)] if blank is not None else []
    for group, mentor in queries.cohort_groups(cohort_id):
        free = group.capacity - group.active_count
        choices.append(
            SelectChoice(str(group.id), f"{mentor.name} ({free} of {group.capacity} free)")
        )
    return choices


# Enrollment and assignment -------------------------------------------------------------------


@bp.route("/admin/cohorts/<int:cohort_id>/enroll", methods=["GET", "POST"])
@role_required(Role.SPECIALIST)
def enroll_mentee(cohort_id: int):
    """Enroll a new or returning counselor, optionally with a mentor."""
    cohort = get_or_404(Cohort, cohort_id)
    form = EnrollForm()
    form.group.choices = _group_choices(cohort.id, "Assign later")
    if form.validate_on_submit():
        group = db.session.get(PlcGroup, int(form.group.data)) if form.group.data else None
        with change(form, "email") as outcome:
            enrollment = operations.enroll_person(
                cohort,
                current_user,
                localtime.today(),
                form.email.data,
                form.name.data,
                {
                    "district": form.district.data,
                    "school": form.school.data,
                    "grade_level": form.grade_level.data,
                    "kind": form.kind.data,
                    "region": form.region.data or None,
                    "iss_issued_on": form.iss_issued_on.data,
                },
                group,
                form.conflict_reason.data,
            )
            if form.carry_year1.data:
                operations.carry_year1(
                    enrollment, current_user, form.carry_reason.data, localtime.today()
                )
        if outcome.saved:
            flash(_enrolled_message(form.email.data, cohort, enrollment), "success")
        if outcome.finished:
            return redirect(url_for("cohorts.show_cohort", cohort_id=cohort.id))
    return render_template("cohorts/enroll.html", form=form, cohort=cohort), (
        400 if form.errors else 200
    )


def _enrolled_message(email: str, cohort: Cohort, enrollment: Enrollment) -> str:
    message = f"Enrolled {email} in {cohort.name}."
    if enrollment.year1_carried_from_id is not None:
        carried = db.session.get(Enrollment, enrollment.year1_carried_from_id)
        message += f" Year 1 is carried from {db.session.get(Cohort, carried.cohort_id).name}."
    return message


def _load_enrollment(enrollment_id: int) -> tuple[Enrollment, Cohort]:
    enrollment = get_or_404(Enrollment, enrollment_id)
    return enrollment, db.session.get(Cohort, enrollment.cohort_id)


@bp.route("/admin/enrollments/<int:enrollment_id>/assign", methods=["GET", "POST"])
@role_required(Role.SPECIALIST)
def assign_mentor(enrollment_id: int):
    """Assign or reassign a mentee's mentor; the history is kept."""
    enrollment, cohort = _load_enrollment(enrollment_id)
    form = AssignForm()
    form.group.choices = _group_choices(cohort.id)
    if form.validate_on_submit():
        group = db.session.get(PlcGroup, int(form.group.data))
        with change(form, "group") as outcome:
            operations.assign(enrollment, group, current_user, form.conflict_reason.data)
        if outcome.saved:
            flash("Mentor assigned.", "success")
            return redirect(url_for("cohorts.show_cohort", cohort_id=cohort.id))
    elif enrollment.plc_group_id and not form.is_submitted():
        form.group.data = str(enrollment.plc_group_id)
    return render_template(
        "cohorts/assign.html",
        form=form,
        cohort=cohort,
        enrollment=enrollment,
        mentee=db.session.get(User, enrollment.mentee_id),
        history=queries.assignment_history(enrollment.id),
    ), (400 if form.errors else 200)


@bp.route("/admin/enrollments/<int:enrollment_id>/withdraw", methods=["GET", "POST"])
@role_required(Role.SPECIALIST)
def withdraw_mentee(enrollment_id: int):
    """Withdraw a mentee with a reason and a date; their records stay."""
    enrollment, cohort = _load_enrollment(enrollment_id)
    form = WithdrawForm(enrollment.enrolled_on, withdrawn_on=localtime.today())
    if enrollment.status != EnrollmentStatus.ACTIVE:
        flash("This enrollment is not active.", "info")
        return redirect(url_for("cohorts.show_cohort", cohort_id=cohort.id))
    if form.validate_on_submit():
        with change(form, "reason") as outcome:
            operations.withdraw(enrollment, current_user, form.reason.data, form.withdrawn_on.data)
        if outcome.saved:
            flash("The mentee is withdrawn; their records are kept.", "success")
            return redirect(url_for("cohorts.show_cohort", cohort_id=cohort.id))
    mentee = db.session.get(User, enrollment.mentee_id)
    return render_template(
        "cohorts/withdraw.html", form=form, cohort=cohort, enrollment=enrollment, mentee=mentee
    ), (400 if form.errors else 200)


# Corrections -------------------------------------------------------------------------------


@bp.route("/admin/users/<int:user_id>/edit", methods=["GET", "POST"])
@role_required(Role.SPECIALIST)
@fresh_sign_in
def correct_person(user_id: int):
    """Correct a person's name and email, and a mentee's workplace (audited, the person told)."""
    user = get_or_404(User, user_id)
    profile = db.session.get(MenteeProfile, user.id)
    form = PersonForm(obj=profile, name=user.name, email=user.email)
    if profile is None:
        for field in operations.PROFILE_FIELDS:
            delattr(form, field)
    elif not form.is_submitted():
        form.grade_level.data, form.kind.data = profile.grade_level.value, profile.kind.value
        form.region.data = profile.region or ""
    if form.validate_on_submit():
        fields = None
        if profile is not None:
            fields = {field: form[field].data for field in operations.PROFILE_FIELDS}
            fields["region"] = fields["region"] or None
        with change(form, "name") as outcome:
            changes = operations.correct_person(
                user, current_user, form.name.data, form.email.data, fields
            )
        if outcome.saved:
            flash("Saved: " + "; ".join(changes) if changes else "Nothing changed.", "success")
            return redirect(url_for("users.show_user", user_id=user.id))
    return render_template("cohorts/person.html", form=form, user=user), (
        400 if form.errors else 200
    )


# Matching ------------------------------------------------------------------------------------


def _accepted_pairs() -> list[tuple[int, int]] | None:
    """The proposed (enrollment, group) pairs ticked on the matching page; None if garbled."""
    try:
        return [
            (int(enrollment_id), int(group_id))
            for enrollment_id, _, group_id in (
                value.partition(":") for value in request.form.getlist("pair")
            )
        ]
    except ValueError:
        return None


@bp.route("/admin/cohorts/<int:cohort_id>/matching", methods=["GET", "POST"])
@role_required(Role.SPECIALIST)
def suggest_matches(cohort_id: int):
    """Propose mentors for unassigned mentees; the specialist accepts all or some."""
    cohort = get_or_404(Cohort, cohort_id)
    form = ButtonForm()
    if form.validate_on_submit():
        pairs = _accepted_pairs()
        if not pairs:
            flash("Select at least one proposed pair to accept.", "danger")
        else:
            with change() as outcome:
                try:
                    accepted = operations.accept_matches(cohort, pairs, current_user)
                except MentoringError as error:  # all or nothing: say so
                    raise MentoringError(f"{error.message} Nothing was assigned.") from error
            if outcome.saved:
                flash(f"{accepted} mentee{'s' if accepted != 1 else ''} assigned.", "success")
                return redirect(url_for("cohorts.show_cohort", cohort_id=cohort.id))
    unassigned = (
        (Enrollment.cohort_id == cohort.id)
        & (Enrollment.status == EnrollmentStatus.ACTIVE)
        & Enrollment.plc_group_id.is_(None)
    )
    at_risk = matching.at_risk_among(unassigned, localtime.today())
    return render_template(
        "cohorts/matching.html",
        cohort=cohort,
        result=matching.propose_for_cohort(cohort, at_risk),
        form=form,
    )
