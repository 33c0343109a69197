"""Read side of account administration: pages of users and of audit events."""

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from mentoring.core import audit, policy
from mentoring.core.audit import AuditEvent
from mentoring.core.paging import Page, paginate, paginate_open_ended
from mentoring.core.roles import Role
from mentoring.extensions import db
from mentoring.users.models import User, normalise_email


def users_page(
    search: str = "",
    role: Role | None = None,
    status: str = "",
    page: int = 1,
    per_page: int = 25,
    regions: frozenset[str] | None = None,
) -> Page:
    """One page of accounts, filtered by a name/email search, role and status, sorted by name;
    of the regions of a scoped specialist (None: all)."""
    query = select(User).where(policy.account_filter(regions)).order_by(User.name, User.id)
    if search:
        pattern = f"%{search.strip().lower()}%"
        query = query.where(or_(User.email.like(pattern), User.name.ilike(pattern)))
    if role:
        query = query.where(User.role == role)
    if status == "active":
        query = query.where(User.is_active.is_(True))
    elif status == "deactivated":
        query = query.where(User.is_active.is_(False))
    return paginate(query, page, per_page)


def audit_page(actor_email: str = "", action: str = "", page: int = 1, per_page: int = 50) -> Page:
    """One page of audit events, newest first, with their actors loaded in the same round
    (uncounted: the log holds millions of events after some years)."""
    query = (
        select(AuditEvent)
        .options(selectinload(AuditEvent.actor))
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
    )
    if actor_email:
        query = query.join(AuditEvent.actor).where(User.email == normalise_email(actor_email))
    if action:
        query = query.where(AuditEvent.action == action)
    return paginate_open_ended(query, page, per_page)


def audit_actions() -> list[str]:
    """The distinct actions recorded so far, for the filter's choice list.

    A plain SELECT DISTINCT reads every event; this walks the action index instead, one
    probe per distinct action (a recursive "loose index scan", on SQLite and PostgreSQL)."""
    walk = select(func.min(AuditEvent.action).label("action")).cte("actions", recursive=True)
    following = (
        select(func.min(AuditEvent.action))
        .where(AuditEvent.action > walk.c.action)
        .scalar_subquery()
    )
    walk = walk.union_all(select(following).where(walk.c.action.is_not(None)))
    return list(
        db.session.scalars(
            select(walk.c.action).where(walk.c.action.is_not(None)).order_by(walk.c.action)
        )
    )


@audit.describes("User")
def name_users(ids) -> dict[int, str]:
    """Name accounts in the audit log: "Dana Whitfield (specialist@example.org)"."""
    query = select(User.id, User.name, User.email).where(User.id.in_(ids))
    return audit.names_by_id(query, lambda name, email: f"{name} ({email})")


@audit.concerns_mentee("User")
def mentee_accounts(ids) -> dict[int, int]:
    """Of these accounts, the mentees' (each is its own mentee)."""
    query = select(User.id, User.id).where(User.id.in_(ids), User.role == Role.MENTEE)
    return dict(db.session.execute(query).all())
