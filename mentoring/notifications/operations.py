"""Notifications: every event is recorded for the in-app list, and emailed by each person's
choice (each time, in a weekly digest, or not), through the mail queue in the same transaction.
Never any confidential text: names, dates and links only."""

from collections import defaultdict
from dataclasses import dataclass, field
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


# Sending -------------------------------------------------------------------------------------


def _path(link: str) -> str:
    """The site-relative part of a public URL, for the in-app list."""
    parts = urlsplit(link)
    return parts.path + (f"?{parts.query}" if parts.query else "")


@dataclass(frozen=True)
class Note:
    """One person's notification: the in-app line, the page it opens (from public_url), what
    their email's template needs besides, and, for an event announced once per person (a
    sign-off window), its key: a person who already has a notification with it gets nothing."""

    user: User | None
    text: str
    link: str
    context: dict = field(default_factory=dict)
    event_key: str | None = None


def notify(
    recipients: list[User | None],
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
    """Notify several people of one event with the same text and link (see notify_each)."""
    notes = [Note(user, text, link, event_key=event_key) for user in recipients]
    return notify_each(kind, subject, template, notes, attachment=attachment, **context)


def notify_each(
    kind: Kind,
    subject: str,
    template: str,
    notes: list[Note],
    *,
    attachment: tuple[str, bytes, str] | None = None,
    **context,
) -> int:
    """Record each note for its person (if active) and email those who want it now; return
    how many emails were queued. Two queries, whatever the number of notes."""
    wanted = {
        (note.user.id, note.event_key): note
        for note in notes
        if note.user is not None and note.user.is_active
    }
    if not wanted:
        return 0
    user_ids = {user_id for user_id, _key in wanted}
    saved = dict(
        db.session.execute(
            select(NotificationPreference.user_id, NotificationPreference.choice).where(
                NotificationPreference.user_id.in_(user_ids),
                NotificationPreference.kind == kind.value,
            )
        ).all()
    )
    keys = {key for _user_id, key in wanted if key is not None}
    if keys:
        for done in db.session.execute(
            select(Notification.user_id, Notification.event_key).where(
                Notification.user_id.in_(user_ids), Notification.event_key.in_(keys)
            )
        ):
            wanted.pop(tuple(done), None)
    sent = 0
    for (user_id, event_key), note in sorted(wanted.items(), key=lambda item: item[0][0]):
        delivery = saved.get(user_id, Choice.IMMEDIATE)
        db.session.add(
            Notification(
                user_id=user_id,
                kind=kind.value,
                text=note.text[:300],
                link=_path(note.link),
                delivery=delivery,
                event_key=event_key,
            )
        )
        if delivery != Choice.IMMEDIATE:
            continue
        _email(note, kind, subject, template, attachment, context)
        sent += 1
    return sent


def _email(
    note: Note,
    kind: Kind,
    subject: str,
    template: str,
    attachment: tuple[str, bytes, str] | None,
    context: dict,
) -> None:
    """Queue one note's email, with its one-click unsubscribe link for that kind."""
    unsubscribe = public_url(
        "notifications.unsubscribe", token=unsubscribe_token(note.user.id, kind)
    )
    mail.send(
        note.user.email,
        subject,
        template,
        attachment=attachment,
        # RFC 8058: a mail client shows an unsubscribe button that POSTs to the URL.
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
        recipient=note.user,
        url=note.link,
        kind=kind,
        preferences=public_url("notifications.preferences"),
        unsubscribe=unsubscribe,
        **context,
        **note.context,
    )


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
