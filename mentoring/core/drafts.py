"""Server-side drafts of long text forms: nothing typed is lost to a closed tab or an ended
session.

A view that takes long text declares its fields with @keeps_drafts({field name: its limit}).
Its form then carries the draft's key (the path the form posts to) and static/js/drafts.js
saves those fields as the person types; without JavaScript the form works as before. On the
page's next GET the view restores the draft into the form (prepare), and the save that succeeds
forgets it in the same transaction (forget). A POST that meets an ended session keeps its text
as the draft of the person it was signed in as (keep_posted, called by the permission hook),
so after signing in again they find it in the form.

Drafts are confidential: only their owner reads them, no log line or audit event carries their
text, and each field is limited to its form field's own limit. They expire after
DRAFT_MAX_AGE (30 days): an expired draft is never restored, and `flask drafts expire` (or the
owner's next save) deletes it.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, request
from flask_wtf import FlaskForm
from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint, delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, deferred, mapped_column
from werkzeug.exceptions import HTTPException

from mentoring.core.errors import MentoringError
from mentoring.core.models import UTCDateTime, utcnow
from mentoring.extensions import db

DRAFT_MAX_AGE = timedelta(days=30)
MAX_DRAFTS_PER_PERSON = 20
SIGNED_OUT_WHILE_TYPING = (
    "You were signed out after a time without activity; your text is kept as a draft. "
    "Send the form, sign in again, and it is back in the form."
)
KEPT_AFTER_SIGN_OUT = (
    "Nothing was saved, but your text is kept: sign in again and it is back in the form, "
    "ready to send."
)


class Draft(db.Model):
    __tablename__ = "drafts"
    __table_args__ = (UniqueConstraint("user_id", "form_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    # The path the form posts to (never any text): /reflections/new, /meetings/7/edit…
    form_key: Mapped[str] = mapped_column(String(200), nullable=False)
    # {field name: text}; deferred with raiseload, like a reflection's text.
    fields: Mapped[dict] = deferred(mapped_column(JSON, nullable=False), raiseload=True)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, index=True)

    def __repr__(self) -> str:  # never the text
        return f"<Draft {self.id} user={self.user_id} {self.form_key}>"


class DraftRefused(MentoringError):
    """A draft that cannot be kept (too long, or too many drafts)."""


def keeps_drafts(limits: Mapping[str, int]) -> Callable:
    """Mark a view whose form keeps drafts of these fields (HTML names), each up to its limit
    (the form field's own)."""

    def decorate(view: Callable) -> Callable:
        view.draft_fields = dict(limits)
        return view

    return decorate


def saves_drafts(view: Callable) -> Callable:
    """Mark the view that static/js/drafts.js posts drafts to (the form's key in "form_key")."""
    view.draft_key_field = "form_key"
    return view


def is_draft_saver(view: Callable | None) -> bool:
    return getattr(view, "draft_key_field", None) is not None


def limits_for(path: str) -> dict[str, int] | None:
    """The draft fields of the form that posts to this path, or None if it keeps no drafts."""
    adapter = current_app.create_url_adapter(request)
    try:
        endpoint, _ = adapter.match(path, method="POST")
    except HTTPException:
        return None
    return getattr(current_app.view_functions.get(endpoint), "draft_fields", None)


def _fresh_after(now: datetime) -> datetime:
    return now - DRAFT_MAX_AGE


def _clean(limits: Mapping[str, int], values: Mapping[str, str], cut: bool) -> dict[str, str]:
    """The declared fields only; a field over its limit is refused (or cut, when keeping what
    an ended session posted). NUL is dropped: no database keeps it in text."""
    kept = {}
    for name, limit in limits.items():
        text = (values.get(name) or "").replace("\x00", "")
        if len(text) > limit:
            if not cut:
                raise DraftRefused(f"A draft keeps at most {limit:,} characters in a field.")
            text = text[:limit]
        kept[name] = text
    return kept


def save(user, key: str, values: Mapping[str, str], now: datetime | None = None) -> Draft | None:
    """Keep the person's draft of one form (replacing the one before); an all-empty draft is
    forgotten instead. Raises DraftRefused for a form that keeps no drafts or for a field
    over its limit, and when the person already keeps MAX_DRAFTS_PER_PERSON other drafts."""
    return _save(user, key, values, now or utcnow(), cut=False)


def _save(user, key: str, values: Mapping[str, str], now: datetime, cut: bool) -> Draft | None:
    limits = limits_for(key)
    if not limits:
        raise DraftRefused("This form keeps no drafts.")
    fields = _clean(limits, values, cut)
    db.session.execute(
        delete(Draft).where(Draft.user_id == user.id, Draft.saved_at < _fresh_after(now))
    )
    draft = db.session.scalar(select(Draft).where(Draft.user_id == user.id, Draft.form_key == key))
    if not any(text.strip() for text in fields.values()):
        if draft is not None:
            db.session.delete(draft)
        return None
    if draft is None:
        count = db.session.scalar(select(func.count(Draft.id)).where(Draft.user_id == user.id))
        if count >= MAX_DRAFTS_PER_PERSON:
            raise DraftRefused(
                f"You keep {MAX_DRAFTS_PER_PERSON} unsaved drafts already: save or discard one."
            )
        draft = Draft(user_id=user.id, form_key=key, fields=fields, saved_at=now)
        try:
            with db.session.begin_nested():
                db.session.add(draft)
        except IntegrityError:  # another tab's save of the same form came first: replace it
            draft = db.session.scalar(
                select(Draft).where(Draft.user_id == user.id, Draft.form_key == key)
            )
    draft.fields, draft.saved_at = fields, now
    db.session.flush()
    return draft


def forget(user, key: str | None = None) -> None:
    """Delete the person's draft of a form (by default, the one this request posts): called
    in the transaction that saves the form, and by "Discard"."""
    db.session.execute(
        delete(Draft).where(Draft.user_id == user.id, Draft.form_key == (key or request.path))
    )


def keep_posted(user) -> bool:
    """Keep the long text of a form (or of a draft the page's script sends) posted after the
    person's session ended, as their draft, cut at each field's limit. Returns whether there
    was text to keep."""
    field = getattr(current_app.view_functions.get(request.endpoint), "draft_key_field", None)
    key = (request.form.get(field) or "")[:200] if field else request.path
    limits = limits_for(key)
    if not limits or not any((request.form.get(name) or "").strip() for name in limits):
        return False
    try:
        return _save(user, key, request.form, utcnow(), cut=True) is not None
    except DraftRefused:
        return False


@dataclass(frozen=True)
class DraftState:
    """What a page needs to save and restore a form's draft."""

    key: str
    fields: tuple[str, ...]
    restored_at: datetime | None = None


def prepare(user, form: FlaskForm, action: str | None = None) -> DraftState | None:
    """On a page's GET, put the person's draft (if any, and not expired) into the form; on
    any request, say which fields its script saves. action is the path the form posts to
    (by default, this page's)."""
    key = action or request.path
    limits = limits_for(key)
    if not limits:
        return None
    present = tuple(name for name in limits if _field(form, name) is not None)
    if form.is_submitted():
        return DraftState(key, present)
    draft = db.session.execute(
        select(Draft.fields, Draft.saved_at).where(
            Draft.user_id == user.id,
            Draft.form_key == key,
            Draft.saved_at >= _fresh_after(utcnow()),
        )
    ).first()
    if draft is None:
        return DraftState(key, present)
    for name in present:
        if name in draft.fields:
            _field(form, name).data = draft.fields[name]
    return DraftState(key, present, draft.saved_at)


def _field(form: FlaskForm, name: str):
    return next((field for field in form if field.name == name), None)


def expire(now: datetime | None = None) -> int:
    """Delete every draft older than DRAFT_MAX_AGE; returns how many."""
    result = db.session.execute(delete(Draft).where(Draft.saved_at < _fresh_after(now or utcnow())))
    return result.rowcount
