"""The permission layer: every view declares who may use it, and one hook enforces it.

Views are marked with @public, @signed_in or @role_required(...). A view without a mark is
refused, so a forgotten decorator closes a page instead of opening it. Object-level rules
(can_*) live here too, so routes refuse and templates hide buttons with the same function.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from flask import Flask, abort, current_app, request
from flask_login import current_user

from mentoring.extensions import db, login_manager
from mentoring.users.models import Role, User

M = TypeVar("M")


@dataclass(frozen=True)
class AccessRule:
    public: bool = False
    roles: frozenset[Role] = frozenset()  # empty: any signed-in user


def _mark(rule: AccessRule) -> Callable:
    def decorate(view: Callable) -> Callable:
        view.access_rule = rule
        return view

    return decorate


public = _mark(AccessRule(public=True))
signed_in = _mark(AccessRule())


def role_required(*roles: Role) -> Callable:
    """Allow only signed-in users with one of these roles; others get 403."""
    return _mark(AccessRule(roles=frozenset(roles)))


def access_rule_for(endpoint: str) -> AccessRule | None:
    """Return the access rule of an endpoint (static files are public)."""
    if endpoint == "static" or endpoint.endswith(".static"):
        return AccessRule(public=True)
    view = current_app.view_functions.get(endpoint)
    return getattr(view, "access_rule", None)


def _enforce_access():
    if request.endpoint is None:
        return None  # no such route: the 404 handler answers
    rule = access_rule_for(request.endpoint)
    if rule is None:
        raise LookupError(f"view {request.endpoint!r} declares no access rule")
    if rule.public:
        return None
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if rule.roles and current_user.role not in rule.roles:
        abort(403)
    return None


def init_app(app: Flask) -> None:
    app.before_request(_enforce_access)
    app.jinja_env.globals.update(Role=Role, can_manage_user=can_manage_user)


def is_specialist(user) -> bool:
    return user.is_authenticated and user.role == Role.SPECIALIST


def can_manage_user(actor: User, user: User) -> bool:
    """Specialists manage accounts, but not their own role or activation (no self lock-out)."""
    return is_specialist(actor) and actor.id != user.id


def can_view_group(user, group) -> bool:
    """Specialists see every PLC group; a mentor sees only the groups they lead."""
    return is_specialist(user) or (
        user.is_authenticated and user.role == Role.MENTOR and group.mentor_id == user.id
    )


def can_edit_meeting(user, meeting, group, today) -> bool:
    """Specialists correct any meeting; the group's mentor, for 30 days after logging it."""
    return is_specialist(user) or (can_view_group(user, group) and today <= meeting.editable_until)


def can_read_private_notes(user, meeting) -> bool:
    """Private notes are for the one who logged the meeting and for specialists."""
    return is_specialist(user) or (user.is_authenticated and meeting.logged_by_id == user.id)


def can_sign_off(user, group) -> bool:
    """Specialists sign off any mentee's year; a mentor, those of the group they lead now."""
    return is_specialist(user) or (group is not None and can_view_group(user, group))


def can_view_certificate(user, enrollment, group) -> bool:
    """A certificate is its holder's, their current mentor's and the program staff's."""
    return (
        is_specialist(user)
        or (user.is_authenticated and enrollment.mentee_id == user.id)
        or (group is not None and can_view_group(user, group))
    )


def is_reflection_author(user, reflection) -> bool:
    return user.is_authenticated and reflection.author_id == user.id


def is_reflection_mentor(user, reflection) -> bool:
    """The mentor assigned when it was written reads it while it is shared; nobody else does."""
    return (
        user.is_authenticated
        and user.role == Role.MENTOR
        and reflection.is_shared
        and reflection.mentor_id == user.id
    )


def can_read_reflection(user, reflection) -> bool:
    """Only the author and their mentor (if shared) ever read a reflection; never specialists."""
    return is_reflection_author(user, reflection) or is_reflection_mentor(user, reflection)


def get_or_404(model: type[M], object_id: int, can_see: Callable[[M], bool] | None = None) -> M:
    """Load an object by id; 404 if it does not exist or the current user may not see it."""
    obj = db.session.get(model, object_id)
    if obj is None or (can_see is not None and not can_see(obj)):
        abort(404)
    return obj
