"""Account administration: create, invite, change role, deactivate, reactivate."""

from sqlalchemy import select

from mentoring.auth import second_factor
from mentoring.auth.operations import send_invitation, set_password
from mentoring.core import audit
from mentoring.core.choices import REGIONS
from mentoring.core.errors import MentoringError, NotAllowed
from mentoring.core.roles import Role
from mentoring.core.scopes import SpecialistRegion
from mentoring.core.text import characters_problem
from mentoring.extensions import db
from mentoring.users.models import User, normalise_email, normalise_name


class DuplicateEmail(MentoringError):
    def __init__(self, email: str):
        super().__init__(f"An account with the email {email} already exists.", field="email")


def find_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def create_user(
    email: str, name: str, role: Role, actor: User | None = None, password: str | None = None
) -> User:
    """Create an account; without a password it waits for its invitation to be accepted."""
    if problem := characters_problem(name):
        raise MentoringError(problem, field="name")
    if find_by_email(email) is not None:
        raise DuplicateEmail(normalise_email(email))
    user = User(email=email, name=name.strip(), role=Role(role), is_active=True, session_version=1)
    if password is not None:
        set_password(user, password)
    db.session.add(user)
    db.session.flush()
    audit.record(actor, "user.created", user, f"Account {user.email} created as {user.role.label}")
    return user


def invite_user(email: str, name: str, role: Role, actor: User) -> User:
    """Create an account and email its invitation link."""
    user = create_user(email, name, role, actor=actor)
    send_invitation(user, actor)
    return user


def resend_invitation(user: User, actor: User) -> None:
    if user.has_password:
        raise MentoringError(f"{user.name} has already set a password; they can reset it instead.")
    if not user.is_active:
        raise MentoringError(f"{user.name}'s account is deactivated; reactivate it first.")
    send_invitation(user, actor)


def _refuse_self(user: User, actor: User | None, what: str) -> None:
    if actor is not None and actor.id == user.id:
        raise NotAllowed(f"You cannot {what} your own account; ask another program specialist.")


def change_role(user: User, role: Role, actor: User) -> None:
    """Give an account another role; its open sessions end so the new rights apply at once."""
    _refuse_self(user, actor, "change the role of")
    role = Role(role)
    if user.role == role:
        return
    previous = user.role
    user.role = role
    if role != Role.SPECIALIST:  # regions scope specialists only
        db.session.execute(db.delete(SpecialistRegion).where(SpecialistRegion.user_id == user.id))
    user.session_version += 1
    audit.record(actor, "user.role_changed", user, f"{user.email}: {previous.label} → {role.label}")


def regions_of_specialist(user: User) -> list[str]:
    """The regions a specialist is scoped to, in the program's order (none: statewide)."""
    chosen = set(
        db.session.scalars(
            select(SpecialistRegion.region).where(SpecialistRegion.user_id == user.id)
        )
    )
    return [region for region in REGIONS if region in chosen]


def set_regions(user: User, regions, actor: User | None) -> bool:
    """Scope a specialist to some regions (none: statewide); audited. Their sessions end, so
    the new scope applies at once. Returns whether anything changed."""
    _refuse_self(user, actor, "change the regions of")
    if user.role != Role.SPECIALIST:
        raise MentoringError("Only a program specialist can be given regions.", field="regions")
    unknown = sorted(set(regions) - set(REGIONS))
    if unknown:
        raise MentoringError(f"There is no region {unknown[0]}.", field="regions")
    before = regions_of_specialist(user)
    after = [region for region in REGIONS if region in set(regions)]
    if before == after:
        return False
    db.session.execute(db.delete(SpecialistRegion).where(SpecialistRegion.user_id == user.id))
    db.session.add_all(SpecialistRegion(user_id=user.id, region=region) for region in after)
    user.session_version += 1
    audit.record(
        actor,
        "user.regions_changed",
        user,
        f"{user.email}: {', '.join(before) or 'statewide'} → {', '.join(after) or 'statewide'}",
    )
    return True


def deactivate(user: User, actor: User) -> None:
    """Stop an account from signing in; its data stays and its sessions end."""
    _refuse_self(user, actor, "deactivate")
    if not user.is_active:
        return
    user.is_active = False
    user.session_version += 1
    audit.record(actor, "user.deactivated", user, f"{user.email} deactivated")


def reactivate(user: User, actor: User) -> None:
    if user.is_active:
        return
    user.is_active = True
    audit.record(actor, "user.reactivated", user, f"{user.email} reactivated")


def reset_second_factor(user: User, actor: User) -> None:
    """A specialist turns off someone else's second factor (audited); their sessions end."""
    _refuse_self(user, actor, "reset the second factor of")
    if not user.has_second_factor:
        raise MentoringError(f"{user.name} has no second factor to reset.")
    second_factor.remove(user, actor, f"reset by {actor.email}")


def change_display_name(user: User, preferred: str | None) -> bool:
    """The person chooses how the app shows their name (blank, or their full name: as is).

    The full legal name on certificates stays the program staff's to correct. Audited with the
    old and new names; returns whether anything changed."""
    preferred = normalise_name(preferred)
    if problem := characters_problem(preferred):
        raise MentoringError(problem, field="display_name")
    chosen = preferred if preferred and preferred != user.name else None
    if chosen == user.preferred_name:
        return False
    before = user.display_name
    user.preferred_name = chosen
    audit.record(
        user,
        "user.display_name_changed",
        user,
        f"{user.email}: shown as {before} → {user.display_name}",
    )
    return True
