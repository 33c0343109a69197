"""Notifications: an email per event, sent through the mail layer when the change commits, to
those who have not turned that kind off. Never any confidential text: names, dates and links."""

from sqlalchemy import delete, select

from mentoring.core import audit, mail
from mentoring.extensions import db
from mentoring.notifications.models import Choice, Kind, NotificationPreference
from mentoring.users.models import User


def choices(user_id: int) -> dict[Kind, Choice]:
    """A person's choice for every kind (the default where they made none)."""
    saved = dict(
        db.session.execute(
            select(NotificationPreference.kind, NotificationPreference.choice).where(
                NotificationPreference.user_id == user_id
            )
        ).all()
    )
    return {kind: saved.get(kind.value, Choice.IMMEDIATE) for kind in Kind}


def save_choices(user: User, wanted: dict[Kind, Choice]) -> None:
    """Replace a person's choices."""
    db.session.execute(
        delete(NotificationPreference).where(NotificationPreference.user_id == user.id)
    )
    db.session.add_all(
        NotificationPreference(user_id=user.id, kind=kind.value, choice=Choice(choice))
        for kind, choice in wanted.items()
        if Choice(choice) != Choice.IMMEDIATE
    )
    audit.record(
        user,
        "notifications.changed",
        user,
        f"User {user.id}: "
        + ", ".join(f"{kind.value} {Choice(c).value}" for kind, c in wanted.items()),
    )


def notify(
    recipients: list[User],
    kind: Kind,
    subject: str,
    template: str,
    attachment: tuple[str, bytes, str] | None = None,
    **context,
) -> int:
    """Queue one email per active recipient who has not turned this kind off: one query."""
    wanted = {user.id: user for user in recipients if user.is_active}
    if not wanted:
        return 0
    off = set(
        db.session.scalars(
            select(NotificationPreference.user_id).where(
                NotificationPreference.user_id.in_(wanted),
                NotificationPreference.kind == kind.value,
                NotificationPreference.choice == Choice.OFF,
            )
        )
    )
    sent = 0
    for user_id, user in sorted(wanted.items()):
        if user_id in off:
            continue
        mail.send(user.email, subject, template, attachment=attachment, recipient=user, **context)
        sent += 1
    return sent
