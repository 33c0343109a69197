"""Notifications: every event is recorded for the in-app list, and emailed by each person's
choice (each time, in a weekly digest, or not), through the mail queue in the same transaction.
Never any confidential text: names, dates and links only."""

from collections import defaultdict
from datetime import datetime
from urllib.parse import urlsplit

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import delete, func, select, update

from mentoring.core import audit, mail
from mentoring.core.urls import public_url
from mentoring.extensions import db
from mentoring.notifications.models import Choice, Kind, Notification, NotificationPreference
from mentoring.users.models import User

_UNSUBSCRIBE_SALT = "notifications.unsubscribe"


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
    """Replace a person's choices for the kinds given."""
    db.session.execute(
        delete(NotificationPreference).where(
            NotificationPreference.user_id == user.id,
            NotificationPreference.kind.in_([kind.value for kind in wanted]),
        )
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


# One-click unsubscribe -----------------------------------------------------------------------


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_UNSUBSCRIBE_SALT)


def unsubscribe_token(user_id: int, kind: Kind) -> str:
    """A signed token that turns off one kind for one person, and nothing else."""
    return _serializer().dumps([user_id, kind.value])


def read_unsubscribe_token(token: str) -> tuple[User, Kind] | None:
    """The person and kind a token names, or None for a forged, altered or stale one."""
    try:
        user_id, kind = _serializer().loads(token)
        kind = Kind(kind)
    except (BadSignature, ValueError, TypeError):
        return None
    user = db.session.get(User, user_id)
    return (user, kind) if user is not None else None


def unsubscribe(user: User, kind: Kind) -> None:
    """Turn one kind off for one person (from an email's one-click link)."""
    save_choices(user, {kind: Choice.OFF})


def _unsubscribe_headers(user_id: int, kind: Kind) -> dict[str, str]:
    """RFC 8058: mail clients show an unsubscribe button that POSTs to the URL."""
    url = public_url("notifications.unsubscribe", token=unsubscribe_token(user_id, kind))
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


# Sending -------------------------------------------------------------------------------------


def _path(link: str) -> str:
    """The site-relative part of a public URL, for the in-app list."""
    parts = urlsplit(link)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def notify(
    recipients: list[User],
    kind: Kind,
    subject: str,
    template: str,
    *,
    text: str,
    link: str,
    attachment: tuple[str, bytes, str] | None = None,
    event_key: str | None = None,
    **context,
) -> int:
    """Record the notification for each active recipient and email those who want it now;
    return how many emails were queued. Two queries, whatever the number of recipients.

    text is the in-app list's line and link (from public_url) the page it opens. With an
    event_key, a person who already has a notification with that key gets nothing again.
    """
    wanted = {user.id: user for user in recipients if user is not None and user.is_active}
    if not wanted:
        return 0
    saved = dict(
        db.session.execute(
            select(NotificationPreference.user_id, NotificationPreference.choice).where(
                NotificationPreference.user_id.in_(wanted),
                NotificationPreference.kind == kind.value,
            )
        ).all()
    )
    if event_key is not None:
        for user_id in db.session.scalars(
            select(Notification.user_id).where(
                Notification.user_id.in_(wanted), Notification.event_key == event_key
            )
        ):
            del wanted[user_id]
    sent = 0
    for user_id, user in sorted(wanted.items()):
        delivery = saved.get(user_id, Choice.IMMEDIATE)
        db.session.add(
            Notification(
                user_id=user_id,
                kind=kind.value,
                text=text[:300],
                link=_path(link),
                delivery=delivery,
                event_key=event_key,
            )
        )
        if delivery != Choice.IMMEDIATE:
            continue
        mail.send(
            user.email,
            subject,
            template,
            attachment=attachment,
            headers=_unsubscribe_headers(user_id, kind),
            recipient=user,
            url=link,
            kind=kind,
            preferences=public_url("notifications.preferences"),
            unsubscribe=public_url(
                "notifications.unsubscribe", token=unsubscribe_token(user_id, kind)
            ),
            **context,
        )
        sent += 1
    return sent


def send_digests(now: datetime) -> int:
    """Email each person one digest of their notifications that wait for it, and mark them,
    in this transaction; a second run finds none. Return how many digests were queued."""
    claimed = db.session.execute(
        update(Notification)
        .where(Notification.delivery == Choice.DIGEST, Notification.digested_at.is_(None))
        .values(digested_at=now)
        .returning(
            Notification.user_id,
            Notification.kind,
            Notification.text,
            Notification.link,
            Notification.created_at,
        )
        .execution_options(synchronize_session=False)
    ).all()
    waiting = defaultdict(list)
    for row in sorted(claimed, key=lambda row: row.created_at):
        waiting[row.user_id].append(row)
    people = db.session.scalars(
        select(User).where(User.id.in_(waiting), User.is_active.is_(True)).order_by(User.id)
    ).all()
    root = current_app.config["PUBLIC_URL"].rstrip("/")
    for user in people:
        rows = waiting[user.id]
        mail.send(
            user.email,
            f"Your week in the mentoring program: {len(rows)} "
            + ("notification" if len(rows) == 1 else "notifications"),
            "digest",
            recipient=user,
            rows=[(row, Kind(row.kind), root + row.link) for row in rows],
            preferences=public_url("notifications.preferences"),
            listing=public_url("notifications.list_notifications"),
        )
    return len(people)


# The in-app list -----------------------------------------------------------------------------


def unread_count(user_id: int) -> int:
    """The navigation bar's count: one indexed query."""
    return db.session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
    )


def mark_read(user: User, now: datetime, notification_id: int | None = None) -> int:
    """Mark one of the person's notifications read, or all of them; return how many changed."""
    query = update(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None)
    )
    if notification_id is not None:
        query = query.where(Notification.id == notification_id)
    return db.session.execute(
        query.values(read_at=now).execution_options(synchronize_session=False)
    ).rowcount


def recent(user_id: int):
    """The person's notifications, newest first (a select to page)."""
    return (
        select(Notification)
        .where(Notification.user_id == user_id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    )
