"""The permission layer: every view declares who may use it, and one hook enforces it.

Views are marked with @public, @signed_in or @role_required(...). A view without a mark is
refused, so a forgotten decorator closes a page instead of opening it. Object-level rules
(can_*) live here too, so routes refuse and templates hide buttons with the same function.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import urlsplit

from flask import (
    Flask,
    abort,
    current_app,
    flash,
    g,
    has_app_context,
    jsonify,
    redirect,
    request,
    session,
    url_for,
)
from flask_login import current_user, logout_user
from sqlalchemy import false, or_, select, true
from wtforms.validators import ValidationError

from mentoring.core import drafts, sessions
from mentoring.core.roles import Role
from mentoring.core.scopes import SpecialistRegion
from mentoring.extensions import db, login_manager

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


def statewide(view: Callable) -> Callable:
    """Mark a view of the statewide program's settings (roles, scopes and invitations, the
    audit log, default requirements and essential experiences, the PLC topic list, surveys,
    service requirements and the stipend download): a specialist scoped to regions gets 403."""
    view.statewide_only = True
    return view


def fresh_sign_in(view: Callable) -> Callable:
    """Ask for the password (and second factor) again when the last proof is over 15 minutes
    old. Mark views that change roles, export personal data, change one's password or email,
    or revoke certificates."""
    view.needs_fresh_sign_in = True
    return view


# What a specialist who has not set up a second factor may still do: set it up, or leave.
_BEFORE_ENROLMENT = {"auth.second_factor_setup", "auth.logout"}


def _is_static(endpoint: str) -> bool:
    return endpoint == "static" or endpoint.endswith(".static")


def access_rule_for(endpoint: str) -> AccessRule | None:
    """The access rule of an endpoint (static files are public)."""
    if _is_static(endpoint):
        return AccessRule(public=True)
    view = current_app.view_functions.get(endpoint)
    return getattr(view, "access_rule", None)


def _enforce_access():
    if request.endpoint is None:
        return None  # no such route: the 404 handler answers
    rule = access_rule_for(request.endpoint)
    if rule is None:
        raise LookupError(f"view {request.endpoint!r} declares no access rule")
    if current_user.is_authenticated:
        ended = sessions.ended()
        if ended:
            return _end_session(ended, rule)
        sessions.touch()
        if (
            current_user.needs_second_factor_enrolment
            and request.endpoint not in _BEFORE_ENROLMENT
            and not _is_static(request.endpoint)
        ):
            return redirect(url_for("auth.second_factor_setup"))
    if rule.public:
        return None
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if rule.roles and current_user.role not in rule.roles:
        abort(403)
    view = current_app.view_functions[request.endpoint]
    if getattr(view, "statewide_only", False) and regions_of(current_user) is not None:
        abort(403)
    if getattr(view, "needs_fresh_sign_in", False) and not sessions.identity_is_fresh():
        return _confirm_identity_first()
    return None


def _end_session(why: str, rule: AccessRule):
    """Sign out a session that has ended. A long text form sent after the end keeps its text
    as the person's draft: they sign in again and find it in the form (core/drafts.py)."""
    kept = request.method == "POST" and drafts.keep_posted(current_user)
    if kept:
        db.session.commit()
    if drafts.is_draft_saver(current_app.view_functions.get(request.endpoint)):
        # The page's script, in the background: the session stays as it is (still ended), so
        # the form's own submit still carries a valid CSRF token and keeps its text too.
        return jsonify(error=drafts.SIGNED_OUT_WHILE_TYPING), 401
    logout_user()
    session.clear()
    flash(why, "info")
    if rule.public:
        return None
    if kept:
        flash(drafts.KEPT_AFTER_SIGN_OUT, "info")
        # Back to the form: the page it was sent from, or the address it was sent to.
        form_page = request.path if "GET" in request.url_rule.methods else None
        return redirect(url_for("auth.login", next=referring_page(form_page)))
    return login_manager.unauthorized()


def _confirm_identity_first():
    """Send the user to confirm their identity, then back: to this page for a GET; for a form
    that was sent, back to the page it came from (nothing was changed, and they are told)."""
    if request.method == "GET":
        back = request.full_path.rstrip("?")
    else:
        flash("Nothing was changed: confirm it is you, then send the form again.", "info")
        back = referring_page()
    return redirect(url_for("auth.reauthenticate", next=back))


def referring_page(default: str | None = None) -> str:
    """The page of this site that a form was sent from (its Referer), else default, else the
    home page."""
    referrer = urlsplit(request.referrer or "")
    same_site = referrer.netloc == request.host
    back = referrer.path + (f"?{referrer.query}" if referrer.query else "")
    return back if same_site and back.startswith("/") else default or url_for("home.index")


def init_app(app: Flask) -> None:
    app.before_request(_enforce_access)
    app.jinja_env.globals.update(
        Role=Role,
        can_manage_user=can_manage_user,
        can_change_roles=can_change_roles,
        is_statewide=is_statewide,
        idle_seconds_left=sessions.idle_seconds_left,
    )


def is_specialist(user) -> bool:
    return user.is_authenticated and user.role == Role.SPECIALIST


def can_manage_user(actor, user) -> bool:
    """Specialists manage accounts, but not their own role or activation (no self lock-out)."""
    return is_specialist(actor) and actor.id != user.id


# --- Regions -------------------------------------------------------------------------------
# A specialist is statewide (no SpecialistRegion rows) or scoped to some regions. A scoped
# specialist sees and acts only on the program of their regions: an object of another region is
# a 404 (get_or_404 asks in_regions), a list shows only their regions (region_filter), and the
# statewide settings answer 403 (@statewide). Each feature tells which regions its objects
# belong to with @regions_by(Model) in its queries.py, so this module imports no feature.

_REGION_RESOLVERS: dict[type, list[Callable[[object], Iterable[str]]]] = {}


def regions_by(model: type) -> Callable:
    """Register a function naming the regions an object of `model` belongs to. Several
    features may register for one model (an account: the mentor's, the mentee's): the object
    belongs to every region any of them names, and to none when they name none."""

    def register(resolver: Callable[[object], Iterable[str]]) -> Callable:
        _REGION_RESOLVERS.setdefault(model, []).append(resolver)
        return resolver

    return register


_ACCOUNT_CLAUSES: list[Callable[[frozenset[str]], object]] = []


def accounts_by_region(clause: Callable[[frozenset[str]], object]) -> Callable:
    """Register a WHERE clause on User that keeps the accounts belonging to some regions (the
    mentors' feature: by their profile; the cohorts': mentees by profile and enrollment)."""
    _ACCOUNT_CLAUSES.append(clause)
    return clause


def account_filter(regions: Iterable[str] | None):
    """A WHERE clause on User keeping the accounts of the regions (None: all accounts)."""
    if regions is None:
        return true()
    regions = frozenset(regions)
    return or_(false(), *(clause(regions) for clause in _ACCOUNT_CLAUSES))


def regions_of(user) -> frozenset[str] | None:
    """The regions a specialist is scoped to; None for a statewide specialist (and for anyone
    who is not a specialist: their own rules apply)."""
    if not is_specialist(user):
        return None
    # Read once per request; a change of scope raises session_version (users/operations.py),
    # so a cached answer never outlives the scope it read.
    cache = _regions_cache()
    key = (user.id, user.session_version)
    if key not in cache:
        return remember_regions(
            user,
            db.session.scalars(
                select(SpecialistRegion.region).where(SpecialistRegion.user_id == user.id)
            ),
        )
    return cache[key]


def _regions_cache() -> dict:
    return g.setdefault("specialist_regions", {}) if has_app_context() else {}


def remember_regions(user, regions) -> frozenset[str] | None:
    """Keep for this request the regions read for a specialist, and return them as regions_of()
    does. The session's user loader reads them with the account, by an outer join of
    SpecialistRegion ([None] when there are none), so that regions_of() needs no statement."""
    scope = frozenset(region for region in regions if region) or None
    _regions_cache()[(user.id, user.session_version)] = scope
    return scope


def is_statewide(user) -> bool:
    """A specialist who is scoped to no region."""
    return is_specialist(user) and regions_of(user) is None


def can_change_roles(user) -> bool:
    """Roles and scopes are a statewide specialist's to give."""
    return is_statewide(user)


def regions_of_object(obj) -> frozenset[str] | None:
    """The regions an object belongs to; None for an object without regions (a survey, a
    rule set: statewide things)."""
    resolvers = _REGION_RESOLVERS.get(type(obj))
    if not resolvers:
        return None
    return frozenset(region for resolver in resolvers for region in resolver(obj) if region)


def in_regions(user, obj) -> bool:
    """Whether the object is in the user's regions: always for anyone but a scoped
    specialist; for them, an object of at least one of their regions."""
    regions = regions_of(user)
    if regions is None:
        return True
    of_object = regions_of_object(obj)
    return of_object is None or bool(of_object & regions)


def limit_region_choices(field, user) -> None:
    """Offer a scoped specialist only their regions in a form's region field (a blank "All"
    choice stays); a region outside them is then refused like an unknown one."""
    regions = regions_of(user)
    if regions is None:
        return
    if not hasattr(field, "choices"):  # a typed region
        field.validators = [*field.validators, _one_of(regions)]
        return

    def value(choice) -> str:
        return choice[0] if isinstance(choice, tuple) else choice.value

    field.choices = [c for c in field.choices if not value(c) or value(c) in regions]


def _one_of(regions: frozenset[str]) -> Callable:
    def check(_form, field) -> None:
        if field.data and field.data not in regions:
            raise ValidationError(f"Choose one of your regions: {', '.join(sorted(regions))}.")

    return check


def region_filter(column, regions: Iterable[str] | None):
    """A WHERE clause keeping the rows whose `column` is one of the regions (None: all)."""
    return true() if regions is None else column.in_(sorted(regions))


def is_specialist_of(user, obj) -> bool:
    """A specialist whose regions hold the object (a statewide specialist: any object)."""
    return is_specialist(user) and in_regions(user, obj)


def can_view_group(user, group) -> bool:
    """Specialists see every PLC group (of their regions); a mentor, only the groups they lead."""
    return is_specialist_of(user, group) or (
        user.is_authenticated and user.role == Role.MENTOR and group.mentor_id == user.id
    )


def can_view_scheduled_meeting(user, group, invited: bool) -> bool:
    """A scheduled meeting: the group's mentor, specialists, and the mentees it invites."""
    return can_view_group(user, group) or (
        user.is_authenticated and user.role == Role.MENTEE and invited
    )


def can_edit_meeting(user, meeting, group, today) -> bool:
    """Specialists correct any meeting; the group's mentor, for 30 days after logging it."""
    return is_specialist_of(user, group) or (
        can_view_group(user, group) and today <= meeting.editable_until
    )


def can_read_private_notes(user, meeting) -> bool:
    """Private notes are for the one who logged the meeting and for specialists."""
    return is_specialist(user) or (user.is_authenticated and meeting.logged_by_id == user.id)


def can_sign_off(user, group) -> bool:
    """Specialists sign off any mentee's year; a mentor, those of the group they lead now."""
    return (is_specialist(user) and (group is None or in_regions(user, group))) or (
        group is not None and can_view_group(user, group)
    )


def can_view_certificate(user, enrollment, group) -> bool:
    """A certificate is its holder's, their current mentor's and the program staff's."""
    return (
        is_specialist_of(user, enrollment)
        or (user.is_authenticated and enrollment.mentee_id == user.id)
        or (group is not None and can_view_group(user, group))
    )


def can_edit_checklist(user, mentee_id: int) -> bool:
    """A mentee changes only their own ISS → CSS upgrade checklist."""
    return user.is_authenticated and user.role == Role.MENTEE and user.id == mentee_id


def can_view_evidence(user, mentee_id: int) -> bool:
    """Evidence files of the upgrade checklist: the mentee and specialists (not the mentor);
    the file's or checklist's region is checked where it is loaded (get_or_404,
    can_view_checklist)."""
    return is_specialist(user) or can_edit_checklist(user, mentee_id)


def can_read_curriculum(user, is_cohort_member: bool) -> bool:
    """A cohort's PLC curriculum and its files: specialists, and the cohort's mentors and
    mentees (curriculum/queries.is_cohort_member)."""
    return is_specialist(user) or is_cohort_member


def can_view_checklist(user, mentee, current_mentor_ids: set[int]) -> bool:
    """The mentee, the mentor whose PLC group holds them now, and specialists (of the
    mentee's regions)."""
    return (
        is_specialist_of(user, mentee)
        or can_edit_checklist(user, mentee.id)
        or (user.is_authenticated and user.role == Role.MENTOR and user.id in current_mentor_ids)
    )


def can_view_mentee_record(user, current_mentor_ids: set[int], mentee=None) -> bool:
    """Specialists (of the mentee's regions); and the mentor whose PLC group holds the mentee
    now, read-only."""
    return (is_specialist(user) and (mentee is None or in_regions(user, mentee))) or (
        user.is_authenticated and user.role == Role.MENTOR and user.id in current_mentor_ids
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


def is_plan_mentee(user, enrollment) -> bool:
    return user.is_authenticated and user.role == Role.MENTEE and enrollment.mentee_id == user.id


def is_plan_mentor(user, group) -> bool:
    """The mentor whose PLC group holds the mentee now."""
    return (
        user.is_authenticated
        and user.role == Role.MENTOR
        and group is not None
        and group.mentor_id == user.id
    )


def can_read_plan(user, enrollment, group) -> bool:
    """A mentoring plan's text: the mentee and their current mentor only; never specialists."""
    return is_plan_mentee(user, enrollment) or is_plan_mentor(user, group)


def get_or_404(model: type[M], object_id: int, can_see: Callable[[M], bool] | None = None) -> M:
    """Load an object by id; 404 if it does not exist, the current user may not see it, or it
    lies outside the regions of a scoped specialist."""
    obj = db.session.get(model, object_id)
    if obj is None or (can_see is not None and not can_see(obj)):
        abort(404)
    if not in_regions(current_user, obj):
        abort(404)
    return obj


def in_regions_or_404(*objects) -> None:
    """404 unless every object (None is skipped) lies in the current user's regions: for
    objects a route loads itself."""
    if not all(obj is None or in_regions(current_user, obj) for obj in objects):
        abort(404)
