"""The audit log: record() is the one way to write an audit event."""

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from datetime import datetime

from flask import has_request_context, request
from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentoring.core.models import UTCDateTime, utcnow
from mentoring.extensions import db

SUMMARY_LENGTH = 500


class AuditEvent(db.Model):
    __tablename__ = "audit_events"
    # A record's trail: the events about one user or enrollment (records/queries.py).
    __table_args__ = (Index("ix_audit_events_target", "target_type", "target_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, nullable=False, index=True
    )
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True, index=True
    )
    action: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    target_type: Mapped[str | None] = mapped_column(String(64), nullable=True)
    target_id: Mapped[int | None] = mapped_column(nullable=True)
    summary: Mapped[str] = mapped_column(String(SUMMARY_LENGTH), nullable=False)
    ip_address: Mapped[str | None] = mapped_column(String(45), nullable=True)

    actor = relationship("User", lazy="raise")

    def __repr__(self) -> str:
        return f"<AuditEvent {self.id} {self.action} by {self.actor_id}>"


def record(actor, action: str, target=None, summary: str = "") -> AuditEvent:
    """Add one audit event to the session; the caller's commit writes it with the change.

    The summary must never contain secrets or reflection text: it is shown to specialists.
    """
    if target is not None and target.id is None:
        db.session.flush()
    event = AuditEvent(
        actor_id=actor.id if actor is not None and actor.is_authenticated else None,
        action=action,
        target_type=type(target).__name__ if target is not None else None,
        target_id=target.id if target is not None else None,
        summary=summary[:SUMMARY_LENGTH],
        ip_address=request.remote_addr if has_request_context() else None,
    )
    db.session.add(event)
    return event


# Naming targets when the log is read ------------------------------------------------------------
# Summaries are written once; names change. Each feature registers how to name its own targets
# (by current name, never by confidential text), and the log page names a whole page of events
# with one query per kind of target, whatever the number of events.

Describer = Callable[[Collection[int]], dict[int, str]]
_DESCRIBERS: dict[str, Describer] = {}


def describes(target_type: str) -> Callable[[Describer], Describer]:
    """Register the function that names targets of this type: ids in, {id: name} out."""

    def register(function: Describer) -> Describer:
        _DESCRIBERS[target_type] = function
        return function

    return register


def names_by_id(query, say: Callable[..., str]) -> dict[int, str]:
    """Run a describer's query of (id, *parts) rows: {id: say(*parts)}."""
    return {row[0]: say(*row[1:]) for row in db.session.execute(query)}


def _targets(events: Iterable[AuditEvent]) -> dict[str, set[int]]:
    """The events' target ids, by target type."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for event in events:
        if event.target_type is not None and event.target_id is not None:
            wanted[event.target_type].add(event.target_id)
    return wanted


def target_names(events: Iterable[AuditEvent]) -> dict[tuple[str, int], str]:
    """Name each event's target by its current name: {(target_type, target_id): name}."""
    names = {}
    for target_type, ids in _targets(events).items():
        found = _DESCRIBERS[target_type](ids) if target_type in _DESCRIBERS else {}
        for target_id in ids:
            # A deleted target (a meeting, a reflection) keeps its kind and number.
            names[target_type, target_id] = found.get(target_id, f"{target_type} {target_id}")
    return names


# The mentee an event concerns -------------------------------------------------------------------
# The log links an event about a mentee (their account, an enrollment, a certificate…) to the
# mentee's record. A feature registers, for its own target types, which mentee each target is of.

MenteeFinder = Callable[[Collection[int]], dict[int, int]]
_MENTEE_FINDERS: dict[str, MenteeFinder] = {}


def concerns_mentee(target_type: str) -> Callable[[MenteeFinder], MenteeFinder]:
    """Register the function that finds the mentee of targets of this type: ids in,
    {target id: mentee's user id} out (targets that concern no mentee left out)."""

    def register(function: MenteeFinder) -> MenteeFinder:
        _MENTEE_FINDERS[target_type] = function
        return function

    return register


def target_mentees(events: Iterable[AuditEvent]) -> dict[tuple[str, int], int]:
    """The mentee each event's target concerns, where it concerns one: one query per kind of
    target. {(target_type, target_id): mentee's user id}."""
    mentees = {}
    for target_type, ids in _targets(events).items():
        if target_type in _MENTEE_FINDERS:
            for target_id, mentee_id in _MENTEE_FINDERS[target_type](ids).items():
                mentees[target_type, target_id] = mentee_id
    return mentees
