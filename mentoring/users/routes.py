"""Specialists' administration pages: accounts and the audit log."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from mentoring.core import audit
from mentoring.core.changes import change
from mentoring.core.forms import ButtonForm
from mentoring.core.policy import (
    fresh_sign_in,
    get_or_404,
    regions_of,
    role_required,
    statewide,
)
from mentoring.core.roles import Role
from mentoring.core.views import page_number
from mentoring.users import operations, queries
from mentoring.users.forms import (
    AuditFilterForm,
    InviteUserForm,
    RegionsForm,
    RoleForm,
    UserFilterForm,
)
from mentoring.users.models import User

bp = Blueprint("users", __name__, url_prefix="/admin")


@bp.get("/users")
@role_required(Role.SPECIALIST)
def list_users():
    """List accounts with search, filters and paging."""
    filters = UserFilterForm(request.args)
    valid = filters.validate()
    page = queries.users_page(
        search=(filters.q.data or "") if valid else "",
        role=Role(filters.role.data) if valid and filters.role.data else None,
        status=filters.status.data if valid else "",
        page=page_number(),
        per_page=current_app.config["ITEMS_PER_PAGE"],
        regions=regions_of(current_user),
    )
    return render_template("users/list.html", page=page, filters=filters)


@bp.route("/users/invite", methods=["GET", "POST"])
@role_required(Role.SPECIALIST)
@statewide
def invite_user():
    """Create an account and email its invitation."""
    form = InviteUserForm()
    if form.validate_on_submit():
        with change(form, "email") as outcome:
            user = operations.invite_user(
                form.email.data, form.name.data, Role(form.role.data), current_user
            )
        if outcome.saved:
            flash(f"Invitation sent to {user.email}.", "success")
            return redirect(url_for("users.show_user", user_id=user.id))
    return render_template("users/invite.html", form=form), (400 if form.errors else 200)


@bp.get("/users/<int:user_id>")
@role_required(Role.SPECIALIST)
def show_user(user_id: int):
    """One account, with its role, status and actions."""
    user = get_or_404(User, user_id)
    return _render_show(user)


def _render_show(user: User, role_form=None, regions_form=None):
    regions = operations.regions_of_specialist(user) if user.role == Role.SPECIALIST else []
    return render_template(
        "users/show.html",
        user=user,
        role_form=role_form or RoleForm(role=user.role.value),
        regions=regions,
        regions_form=regions_form or RegionsForm(formdata=None, regions=regions),
        button=ButtonForm(),
    )


def _account_button(user_id: int, operation, done: str):
    """One account change from a POST button, inside change(); back to the account."""
    user = get_or_404(User, user_id)
    if not ButtonForm().validate_on_submit():
        flash("The form had expired. Try again.", "danger")
        return redirect(url_for("users.show_user", user_id=user.id))
    with change() as outcome:
        operation(user, current_user)
    if outcome.saved:
        flash(done.format(name=user.name), "success")
    return redirect(url_for("users.show_user", user_id=user.id))


@bp.post("/users/<int:user_id>/role")
@role_required(Role.SPECIALIST)
@statewide
@fresh_sign_in
def change_role(user_id: int):
    """Give an account another role."""
    user = get_or_404(User, user_id)
    form = RoleForm()
    if not form.validate_on_submit():
        return _render_show(user, role_form=form), 400
    with change() as outcome:
        operations.change_role(user, Role(form.role.data), current_user)
    if outcome.saved:
        flash(f"{user.name} is now a {user.role.label.lower()}.", "success")
    return redirect(url_for("users.show_user", user_id=user.id))


@bp.post("/users/<int:user_id>/regions")
@role_required(Role.SPECIALIST)
@statewide
@fresh_sign_in
def set_regions(user_id: int):
    """Scope a specialist to some regions, or make them statewide (none ticked)."""
    user = get_or_404(User, user_id)
    form = RegionsForm()
    if form.validate_on_submit():
        with change(form, "regions") as outcome:
            changed = operations.set_regions(user, form.regions.data or [], current_user)
        if outcome.saved:
            chosen = ", ".join(operations.regions_of_specialist(user)) or "statewide"
            flash(f"{user.name}: {chosen}." if changed else "Nothing changed.", "success")
            return redirect(url_for("users.show_user", user_id=user.id))
    return _render_show(user, regions_form=form), 400


@bp.post("/users/<int:user_id>/deactivate")
@role_required(Role.SPECIALIST)
def deactivate_user(user_id: int):
    """Stop an account from signing in."""
    return _account_button(user_id, operations.deactivate, "{name} is deactivated and signed out.")


@bp.post("/users/<int:user_id>/reactivate")
@role_required(Role.SPECIALIST)
def reactivate_user(user_id: int):
    """Let a deactivated account sign in again."""
    return _account_button(user_id, operations.reactivate, "{name} is active again.")


@bp.post("/users/<int:user_id>/invitation")
@role_required(Role.SPECIALIST)
def resend_invitation(user_id: int):
    """Email a new invitation link; the previous one stops working."""
    return _account_button(
        user_id, operations.resend_invitation, "A new invitation was sent to {name}."
    )


@bp.post("/users/<int:user_id>/second-factor/reset")
@role_required(Role.SPECIALIST)
def reset_second_factor(user_id: int):
    """Turn off someone's second factor (lost phone and codes); they set it up again."""
    return _account_button(
        user_id,
        operations.reset_second_factor,
        "The second factor of {name} is reset; they set it up again at their next sign-in.",
    )


@bp.get("/audit")
@role_required(Role.SPECIALIST)
@statewide
def audit_log():
    """Page through the audit log, filtered by actor and action."""
    filters = AuditFilterForm(request.args)
    filters.action.choices = [SelectChoice("", "All actions")] + [
        SelectChoice(action) for action in queries.audit_actions()
    ]
    valid = filters.validate()
    page = queries.audit_page(
        actor_email=(filters.actor.data or "") if valid else "",
        action=(filters.action.data or "") if valid else "",
        page=page_number(),
        per_page=50,
    )
    return render_template(
        "users/audit.html",
        page=page,
        filters=filters,
        targets=audit.target_names(page.items),
        mentees=audit.target_mentees(page.items),
    )
