"""Expiry reminders: an email 180, 60 and 30 days before a mentee's ISS expires, listing what
the upgrade still needs.

`flask upgrade remind` runs daily. Each threshold goes out once per expiry date (an
ExpiryReminder row remembers it): on a given day only the nearest threshold already reached is
due, so a mentee who records their date 40 days before expiry gets the 60-day reminder, then the
30-day one, never the 180-day one late. Reminders are on by default; a mentee opts out on their
checklist. A run takes the same few queries whatever the number of mentees.
"""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import insert, select

from mentoring.certificates.models import Certificate, CertificateStatus
from mentoring.cohorts.models import Enrollment, MenteeProfile
from mentoring.core import mail
from mentoring.core.roles import Role
from mentoring.core.urls import public_url
from mentoring.extensions import db
from mentoring.upgrade.models import (
    DevelopmentActivity,
    ExperienceYear,
    ExpiryReminder,
    ExpiryReminderOptOut,
    ValidityChange,
)
from mentoring.upgrade.queries import Requirement, contact_minutes, requirements, rules_in_effect
from mentoring.upgrade.rules import (
    RuleSet,
    Validity,
    deadlines,
    experience_verdict,
    validity,
)
from mentoring.users.models import User


def due_threshold(days_left: int, rules: RuleSet) -> int | None:
    """The reminder due with this many days left: the nearest threshold reached, if any."""
    reached = [days for days in rules.reminder_days if 0 <= days_left <= days]
    return min(reached) if reached else None


@dataclass(frozen=True)
class Due:
    mentee: User
    validity: Validity
    days_before: int


def _due(today: date, rules: RuleSet) -> list[Due]:
    """Every active mentee, not opted out, with a reminder due and not sent yet: three queries.

    The expiry is the latest one, after any extension or reactivation, so every mentee with an
    issue date is read (two columns each) rather than a range of issue dates.
    """
    reachable = (
        select(User.id)
        .join(MenteeProfile, MenteeProfile.user_id == User.id)
        .outerjoin(ExpiryReminderOptOut, ExpiryReminderOptOut.mentee_id == User.id)
        .where(
            User.role == Role.MENTEE,
            User.is_active.is_(True),
            ExpiryReminderOptOut.mentee_id.is_(None),
            MenteeProfile.iss_issued_on.is_not(None),
        )
    )
    rows = db.session.execute(
        select(User, MenteeProfile.iss_issued_on)
        .join(MenteeProfile, MenteeProfile.user_id == User.id)
        .where(User.id.in_(reachable))
        .order_by(User.id)
    ).all()
    changes: dict[int, list[tuple[date, date]]] = {}
    for mentee_id, effective_on, expires_on in db.session.execute(
        select(
            ValidityChange.mentee_id, ValidityChange.effective_on, ValidityChange.expires_on
        ).where(ValidityChange.mentee_id.in_(reachable))
    ):
        changes.setdefault(mentee_id, []).append((effective_on, expires_on))
    candidates = []
    for mentee, issued_on in rows:
        valid = validity(issued_on, rules.first_expiry(issued_on), changes.get(mentee.id, []))
        threshold = due_threshold((valid.expires_on - today).days, rules)
        if threshold is not None:
            candidates.append(Due(mentee, valid, threshold))
    if not candidates:
        return []
    sent = set(
        db.session.execute(
            select(
                ExpiryReminder.mentee_id, ExpiryReminder.expires_on, ExpiryReminder.days_before
            ).where(ExpiryReminder.mentee_id.in_([due.mentee.id for due in candidates]))
        ).all()
    )
    return [
        due
        for due in candidates
        if (due.mentee.id, due.validity.expires_on, due.days_before) not in sent
    ]


def _missing(dues: list[Due], today: date, rules: RuleSet) -> dict[int, list[Requirement]]:
    """What each mentee still needs, from their years, activities and certificate: three
    queries for all of them."""
    ids = [due.mentee.id for due in dues]
    years: dict[int, list[ExperienceYear]] = {}
    for year in db.session.scalars(select(ExperienceYear).where(ExperienceYear.mentee_id.in_(ids))):
        years.setdefault(year.mentee_id, []).append(year)
    activities: dict[int, list] = {}
    for row in db.session.execute(
        select(
            DevelopmentActivity.mentee_id,
            DevelopmentActivity.completed_on,
            DevelopmentActivity.unit,
            DevelopmentActivity.credit_minutes,
            DevelopmentActivity.is_graduate_credit,
        ).where(DevelopmentActivity.mentee_id.in_(ids))
    ):
        activities.setdefault(row.mentee_id, []).append(row)
    certificates = dict(
        db.session.execute(
            select(Enrollment.mentee_id, Certificate)
            .join(Enrollment, Enrollment.id == Certificate.enrollment_id)
            .where(Enrollment.mentee_id.in_(ids), Certificate.status == CertificateStatus.VALID)
            .order_by(Certificate.issued_on)
        ).all()
    )
    missing = {}
    for due in dues:
        counted = [
            year
            for year in years.get(due.mentee.id, [])
            if experience_verdict(year.start_year, year.reasons_not_approved, today).counts
        ]
        valid = [
            row for row in activities.get(due.mentee.id, []) if due.validity.holds(row.completed_on)
        ]
        found = requirements(
            rules,
            len(counted),
            sum(1 for year in counted if year.evaluation_completed_on),
            sum(contact_minutes(row.unit, row.credit_minutes, rules) for row in valid),
            sum(row.credit_minutes for row in valid if row.is_graduate_credit),
            certificates.get(due.mentee.id),
        )
        missing[due.mentee.id] = [requirement for requirement in found if not requirement.is_met]
    return missing


def send_expiry_reminders(today: date, now: datetime, rules: RuleSet | None = None) -> int:
    """Queue today's expiry reminders and record them; the caller commits (the mail goes then).
    The rules are the version in effect today unless given. Returns how many were queued."""
    rules = rules or rules_in_effect(today)
    dues = _due(today, rules)
    if not dues:
        return 0
    missing = _missing(dues, today, rules)
    checklist_link = public_url("upgrade.checklist")
    for due in dues:
        mail.send(
            due.mentee.email,
            f"Your {rules.initial_short} expires in {(due.validity.expires_on - today).days} days",
            "upgrade_expiry",
            mentee=due.mentee,
            rules=rules,
            deadlines=deadlines(due.validity, today, rules),
            missing=missing[due.mentee.id],
            link=checklist_link,
        )
    db.session.execute(
        insert(ExpiryReminder),
        [
            {
                "mentee_id": due.mentee.id,
                "expires_on": due.validity.expires_on,
                "days_before": due.days_before,
                "sent_at": now,
            }
            for due in dues
        ],
    )
    return len(dues)
