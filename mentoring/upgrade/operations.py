"""Write side of the upgrade checklist: a mentee records their own ISS date, years of experience
with their evaluations, and professional development.

Each change checks every rule again (the forms ask the same *_problem functions), raises
MentoringError with the field to show it beside, and changes nothing when it does. Audit
summaries carry ids, school years, dates and hours only: never an employer or a title.
"""

import contextlib
import hashlib
import json
import re
import secrets
import tomllib
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path

from sqlalchemy import exists, func, select

from mentoring.cohorts.models import MenteeProfile, school_year_label
from mentoring.core import audit, files, localtime
from mentoring.core.errors import MentoringError, NotAllowed
from mentoring.core.localtime import format_date, school_year_of
from mentoring.core.policy import can_edit_checklist
from mentoring.core.text import clean_text, line_problem, paragraphs_problem
from mentoring.extensions import db
from mentoring.upgrade.models import (
    AccreditingBody,
    CreditUnit,
    DevelopmentActivity,
    EvidenceFile,
    ExperienceYear,
    ExpiryReminderOptOut,
    ItemVerification,
    ReactivationRoute,
    RuleSetVersion,
    SchoolType,
    ValidityChange,
    ValidityChangeKind,
    VerificationLink,
    VerificationStatus,
    format_amount,
)
from mentoring.upgrade.queries import rules_in_effect
from mentoring.upgrade.rules import (
    IDENTITY,
    reactivation_course_problem,
    rule_set_problems,
    validity,
)
from mentoring.users.models import User

EARLIEST = date(1970, 1, 1)
MAX_EMPLOYER = 120
MAX_TITLE = 200
MAX_PROVIDER = 200
MAX_CONTACT_HOURS = 200
MAX_SEMESTER_HOURS = 12

SCHOOL_YEAR_FORMAT = (
    "Write the school year as 2025–26: the year it starts, a dash, and the last two digits "
    "of the next year."
)
NO_PROFILE = (
    "Your mentee profile is not set up yet, so the date cannot be saved. The program staff "
    "can set it up."
)
_SCHOOL_YEAR = re.compile(r"(\d{4})[–-](\d{2})")
_HOURS = re.compile(r"\d{1,4}(?:\.\d{1,2})?|\.\d{1,2}")


# Rules for each field ------------------------------------------------------------------------


def required_line_problem(text: str, what: str, limit: int) -> str | None:
    """A required line of plain text: present, short enough, one line, no control characters.
    `what` names the field with its article ("the title", "your name")."""
    return line_problem(text, what, limit, f"Give {what}.")


def date_problem(day: date, today: date, what: str) -> str | None:
    if day > today:
        return f"The {what} cannot be in the future."
    if day < EARLIEST:
        return f"The {what} cannot be before {format_date(EARLIEST)}."
    return None


def parse_school_year(text: str) -> int | None:
    """The start year of a school year written "2025–26" (or with a hyphen); None if malformed."""
    match = _SCHOOL_YEAR.fullmatch(clean_text(text))
    if match is None:
        return None
    start, end = int(match.group(1)), int(match.group(2))
    return start if (start + 1) % 100 == end else None


def school_year_problem(text: str, today: date) -> str | None:
    text = clean_text(text)
    if not text:
        return "Give the school year, for example 2025–26."
    start = parse_school_year(text)
    if start is None:
        return SCHOOL_YEAR_FORMAT
    if start > school_year_of(today):
        return f"The school year {school_year_label(start)} has not started yet."
    if start < EARLIEST.year:
        return f"Give a school year from {school_year_label(EARLIEST.year)} onwards."
    return None


def school_type_problem(school_type: str, accrediting_body: str | None) -> str | None:
    if school_type not in {member.value for member in SchoolType}:
        return "Choose the kind of school."
    return None


def accrediting_body_problem(school_type: str, accrediting_body: str | None) -> str | None:
    if school_type != SchoolType.ACCREDITED_NONPUBLIC:
        return None
    if not accrediting_body:
        return "Choose the body that accredits the school."
    if accrediting_body not in {member.value for member in AccreditingBody}:
        return "Choose one of the accrediting bodies in the list."
    return None


def parse_quarter_units(text: str | None) -> int | None:
    """Quarters in a number of hours ("2.25" → 9); None when it is not a multiple of 0.25."""
    text = clean_text(text)
    if not _HOURS.fullmatch(text):
        return None
    try:
        quarters = Decimal(text) * 4
    except InvalidOperation:  # the pattern lets only numbers through; belt and braces
        return None
    return int(quarters) if quarters == quarters.to_integral_value() else None


def credit_problem(contact_hours: str | None, semester_hours: str | None) -> str | None:
    """Exactly one of contact hours or semester hours, a positive multiple of 0.25, within
    limits."""
    contact_hours, semester_hours = clean_text(contact_hours), clean_text(semester_hours)
    if contact_hours and semester_hours:
        return "Give either contact hours or college semester hours, not both."
    if not contact_hours and not semester_hours:
        return "Give the contact hours, or the college semester hours."
    text, limit, unit = (
        (contact_hours, MAX_CONTACT_HOURS, "contact hours")
        if contact_hours
        else (semester_hours, MAX_SEMESTER_HOURS, "semester hours")
    )
    quarters = parse_quarter_units(text)
    if quarters is None:
        return (
            f"Give the {unit} as a number in quarter hours (a multiple of 0.25), for example 2.25."
        )
    if quarters == 0:
        return f"The {unit} must be more than 0."
    if quarters > limit * 4:
        return f"One activity can count at most {limit} {unit}."
    return None


def graduate_problem(is_graduate_credit: bool, semester_hours: str | None) -> str | None:
    """Graduate credit toward an advanced degree is college credit: given in semester hours."""
    if is_graduate_credit and not clean_text(semester_hours):
        return "Graduate credit toward an advanced degree is given in college semester hours."
    return None


def credit_of(contact_hours: str | None, semester_hours: str | None) -> tuple[CreditUnit, int]:
    """The unit and the minutes of contact-hour credit (1 semester hour = 15 contact hours)."""
    problem = credit_problem(contact_hours, semester_hours)
    if problem:
        raise MentoringError(problem, field="contact_hours")
    if clean_text(contact_hours):
        unit, quarters = CreditUnit.CONTACT_HOURS, parse_quarter_units(contact_hours)
    else:
        unit, quarters = CreditUnit.SEMESTER_HOURS, parse_quarter_units(semester_hours)
    return unit, quarters * unit.minutes // 4


def evaluation_problem(completed_on: date, entry: ExperienceYear, today: date) -> str | None:
    """The evaluation is the school year's own: inside it, and not in the future."""
    if completed_on > today:
        return "The date of the evaluation cannot be in the future."
    if not entry.first_day <= completed_on <= entry.last_day:
        return (
            f"The evaluation of {entry.school_year} is completed during that school year, "
            f"between {format_date(entry.first_day)} and {format_date(entry.last_day)}."
        )
    return None


def _raise_first(*checks: tuple[str, str | None]) -> None:
    for field, problem in checks:
        if problem:
            raise MentoringError(problem, field=field)


def _check_owner(user: User, entry) -> None:
    if not can_edit_checklist(user, entry.mentee_id):
        raise NotAllowed("Only the mentee changes their own checklist.")


# The ISS certificate -------------------------------------------------------------------------


def set_iss_issued_on(mentee: User, issued_on: date | None, today: date) -> MenteeProfile:
    """Record or correct the issue date of the mentee's Initial Student Services certificate."""
    if not can_edit_checklist(mentee, mentee.id):
        raise NotAllowed("Only the mentee changes their own checklist.")
    if issued_on is None:
        raise MentoringError("Give the date your ISS certificate was issued.", field="issued_on")
    _raise_first(("issued_on", date_problem(issued_on, today, "issue date")))
    profile = db.session.get(MenteeProfile, mentee.id)
    if profile is None:
        raise MentoringError(NO_PROFILE, field="issued_on")
    before = profile.iss_issued_on
    if before == issued_on:
        return profile
    profile.iss_issued_on = issued_on
    audit.record(
        mentee,
        "upgrade.iss_date_set",
        mentee,
        f"ISS issue date of mentee {mentee.id} set to {issued_on.isoformat()} "
        f"(valid until {rules_in_effect(today).first_expiry(issued_on).isoformat()}; "
        f"was {before.isoformat() if before else 'not recorded'})",
    )
    return profile


# Years of experience and their evaluations ---------------------------------------------------


def _experience_fields(
    today: date,
    school_year: str,
    employer: str,
    school_type: str,
    accrediting_body: str | None,
) -> tuple[int, str, SchoolType, AccreditingBody | None]:
    employer = clean_text(employer)
    school_type = (school_type or "").strip()
    accrediting_body = (accrediting_body or "").strip() or None
    _raise_first(
        ("school_year", school_year_problem(school_year, today)),
        ("employer", required_line_problem(employer, "the school or district", MAX_EMPLOYER)),
        ("school_type", school_type_problem(school_type, accrediting_body)),
        ("accrediting_body", accrediting_body_problem(school_type, accrediting_body)),
    )
    kind = SchoolType(school_type)
    body = AccreditingBody(accrediting_body) if kind == SchoolType.ACCREDITED_NONPUBLIC else None
    return parse_school_year(school_year), employer, kind, body


def _check_year_free(mentee_id: int, start_year: int, entry_id: int | None = None) -> None:
    """One entry per school year per mentee (the unique constraint is the backstop)."""
    same_year = [ExperienceYear.mentee_id == mentee_id, ExperienceYear.start_year == start_year]
    if entry_id is not None:
        same_year.append(ExperienceYear.id != entry_id)
    query = select(exists().where(*same_year))
    if db.session.scalar(query):
        raise MentoringError(
            f"You have already recorded {school_year_label(start_year)}: "
            "change that entry instead.",
            field="school_year",
        )


def add_experience(
    mentee: User,
    today: date,
    *,
    school_year: str,
    employer: str,
    school_type: str,
    accrediting_body: str | None = None,
    is_contracted: bool,
    is_at_least_half_time: bool,
) -> ExperienceYear:
    """Record one school year of student-services employment (one per school year)."""
    if not can_edit_checklist(mentee, mentee.id):
        raise NotAllowed("Only a mentee records their own experience.")
    start_year, employer, kind, body = _experience_fields(
        today, school_year, employer, school_type, accrediting_body
    )
    _check_year_free(mentee.id, start_year)
    entry = ExperienceYear(
        mentee_id=mentee.id,
        start_year=start_year,
        employer=employer,
        school_type=kind,
        accrediting_body=body,
        is_contracted=bool(is_contracted),
        is_at_least_half_time=bool(is_at_least_half_time),
    )
    db.session.add(entry)
    db.session.flush()
    audit.record(
        mentee,
        "upgrade.experience_added",
        entry,
        f"Experience year {entry.school_year} (entry {entry.id}) added: "
        f"{'approved' if entry.is_approved else 'not approved'}",
    )
    return entry


def update_experience(
    entry: ExperienceYear,
    mentee: User,
    today: date,
    *,
    school_year: str,
    employer: str,
    school_type: str,
    accrediting_body: str | None = None,
    is_contracted: bool,
    is_at_least_half_time: bool,
) -> None:
    """Correct a year of experience; its evaluation stays if it still falls inside the year."""
    _check_owner(mentee, entry)
    start_year, employer, kind, body = _experience_fields(
        today, school_year, employer, school_type, accrediting_body
    )
    _check_year_free(mentee.id, start_year, entry.id)
    if (
        start_year != entry.start_year
        and entry.evaluation_completed_on is not None
        and not school_year_of(entry.evaluation_completed_on) == start_year
    ):
        raise MentoringError(
            "This entry's evaluation was completed on "
            f"{format_date(entry.evaluation_completed_on)}, "
            f"outside {school_year_label(start_year)}. Remove the evaluation first.",
            field="school_year",
        )
    before = entry.school_year
    entry.start_year = start_year
    entry.employer = employer
    entry.school_type = kind
    entry.accrediting_body = body
    entry.is_contracted = bool(is_contracted)
    entry.is_at_least_half_time = bool(is_at_least_half_time)
    audit.record(
        mentee,
        "upgrade.experience_updated",
        entry,
        f"Experience year {before} (entry {entry.id}) changed"
        f"{'' if before == entry.school_year else f' to {entry.school_year}'}: "
        f"{'approved' if entry.is_approved else 'not approved'}",
    )


def experience_removes(entry: ExperienceYear) -> list[str]:
    """What deleting a year removes, in words for the confirmation page."""
    removes = [f"The school year {entry.school_year} at {entry.employer}"]
    if entry.evaluation_completed_on:
        removes.append(f"Its evaluation, completed on {format_date(entry.evaluation_completed_on)}")
    return removes


def delete_experience(entry: ExperienceYear, mentee: User) -> None:
    """Delete a year of experience, with its evaluation."""
    _check_owner(mentee, entry)
    audit.record(
        mentee,
        "upgrade.experience_deleted",
        entry,
        f"Experience year {entry.school_year} (entry {entry.id}) deleted",
    )
    db.session.delete(entry)
    db.session.flush()


def record_evaluation(
    entry: ExperienceYear, mentee: User, today: date, completed_on: date | None
) -> None:
    """Record the date the year's evaluation was completed, or remove it (None)."""
    _check_owner(mentee, entry)
    if completed_on is not None:
        _raise_first(("completed_on", evaluation_problem(completed_on, entry, today)))
    if entry.evaluation_completed_on == completed_on:
        return
    entry.evaluation_completed_on = completed_on
    audit.record(
        mentee,
        "upgrade.evaluation_recorded" if completed_on else "upgrade.evaluation_removed",
        entry,
        f"Evaluation of {entry.school_year} (entry {entry.id}) "
        + (f"completed on {completed_on.isoformat()}" if completed_on else "removed"),
    )


# Professional development --------------------------------------------------------------------


def _development_fields(
    today: date,
    completed_on: date | None,
    title: str,
    provider: str,
    contact_hours: str | None,
    semester_hours: str | None,
    is_graduate_credit: bool,
) -> tuple[date, str, str, CreditUnit, int]:
    title, provider = clean_text(title), clean_text(provider)
    if completed_on is None:
        raise MentoringError("Give the date of the activity.", field="completed_on")
    _raise_first(
        ("completed_on", date_problem(completed_on, today, "date of the activity")),
        ("title", required_line_problem(title, "the title", MAX_TITLE)),
        ("provider", required_line_problem(provider, "the provider", MAX_PROVIDER)),
    )
    unit, minutes = credit_of(contact_hours, semester_hours)
    _raise_first(("is_graduate_credit", graduate_problem(is_graduate_credit, semester_hours)))
    return completed_on, title, provider, unit, minutes


def _credit_words(entry: DevelopmentActivity) -> str:
    graduate = ", graduate credit" if entry.is_graduate_credit else ""
    return (
        f"{format_amount(entry.amount)} {entry.unit.label} ({entry.credit_minutes} minutes)"
        + graduate
    )


def add_development(
    mentee: User,
    today: date,
    *,
    completed_on: date | None,
    title: str,
    provider: str,
    contact_hours: str | None = None,
    semester_hours: str | None = None,
    is_graduate_credit: bool = False,
) -> DevelopmentActivity:
    """Record a professional-development activity in contact hours or college semester hours."""
    if not can_edit_checklist(mentee, mentee.id):
        raise NotAllowed("Only a mentee records their own professional development.")
    completed_on, title, provider, unit, minutes = _development_fields(
        today, completed_on, title, provider, contact_hours, semester_hours, is_graduate_credit
    )
    entry = DevelopmentActivity(
        mentee_id=mentee.id,
        completed_on=completed_on,
        title=title,
        provider=provider,
        unit=unit,
        credit_minutes=minutes,
        is_graduate_credit=bool(is_graduate_credit),
    )
    db.session.add(entry)
    db.session.flush()
    audit.record(
        mentee,
        "upgrade.development_added",
        entry,
        f"Professional development entry {entry.id} of {completed_on.isoformat()} added: "
        + _credit_words(entry),
    )
    return entry


def update_development(
    entry: DevelopmentActivity,
    mentee: User,
    today: date,
    *,
    completed_on: date | None,
    title: str,
    provider: str,
    contact_hours: str | None = None,
    semester_hours: str | None = None,
    is_graduate_credit: bool = False,
) -> None:
    """Correct a professional-development activity."""
    _check_owner(mentee, entry)
    completed_on, title, provider, unit, minutes = _development_fields(
        today, completed_on, title, provider, contact_hours, semester_hours, is_graduate_credit
    )
    entry.completed_on, entry.title, entry.provider = completed_on, title, provider
    entry.unit, entry.credit_minutes = unit, minutes
    entry.is_graduate_credit = bool(is_graduate_credit)
    audit.record(
        mentee,
        "upgrade.development_updated",
        entry,
        f"Professional development entry {entry.id} changed: {completed_on.isoformat()}, "
        + _credit_words(entry),
    )


def development_removes(entry: DevelopmentActivity) -> list[str]:
    """What deleting an activity removes, in words for the confirmation page."""
    return [
        f"“{entry.title}” by {entry.provider}, completed on {format_date(entry.completed_on)}: "
        f"{format_amount(entry.amount)} {entry.unit.label}"
    ]


def delete_development(entry: DevelopmentActivity, mentee: User) -> None:
    """Delete a professional-development activity."""
    _check_owner(mentee, entry)
    audit.record(
        mentee,
        "upgrade.development_deleted",
        entry,
        f"Professional development entry {entry.id} of {entry.completed_on.isoformat()} deleted",
    )
    db.session.delete(entry)
    db.session.flush()


# Expiry reminders ------------------------------------------------------------------------------


def set_expiry_reminders(mentee: User, wanted: bool) -> None:
    """Turn the mentee's expiry reminders on (the default) or off."""
    if not can_edit_checklist(mentee, mentee.id):
        raise NotAllowed("Only the mentee chooses their own reminders.")
    opt_out = db.session.get(ExpiryReminderOptOut, mentee.id)
    if wanted == (opt_out is None):
        return
    if wanted:
        db.session.delete(opt_out)
    else:
        db.session.add(ExpiryReminderOptOut(mentee_id=mentee.id))
    db.session.flush()
    audit.record(
        mentee,
        "upgrade.expiry_reminders_on" if wanted else "upgrade.expiry_reminders_off",
        mentee,
        f"Expiry reminders of mentee {mentee.id} turned {'on' if wanted else 'off'}",
    )


# Extension and reactivation --------------------------------------------------------------------


def _current_validity(mentee: User, issued_on: date, today: date):
    changes = db.session.execute(
        select(ValidityChange.effective_on, ValidityChange.expires_on).where(
            ValidityChange.mentee_id == mentee.id
        )
    ).all()
    first_expiry = rules_in_effect(today).first_expiry(issued_on)
    return validity(issued_on, first_expiry, [tuple(row) for row in changes])


def validity_change_problem(
    kind: ValidityChangeKind, effective_on: date, expires_on: date, expired_on: date, today: date
) -> tuple[str, str] | None:
    """(field, message) when the dates do not fit the kind of change; expired_on is the
    certificate's latest expiry before it."""
    if effective_on > today:
        return "effective_on", "The date it took effect cannot be in the future."
    if expires_on <= effective_on:
        return "expires_on", "The new expiry date comes after the date it took effect."
    if kind == ValidityChangeKind.EXTENSION and effective_on > expired_on:
        return "effective_on", (
            f"An extension is granted before the certificate expires ({format_date(expired_on)}); "
            "after that, record a reactivation."
        )
    if kind == ValidityChangeKind.REACTIVATION and effective_on <= expired_on:
        return "effective_on", (
            f"The certificate was still valid then (until {format_date(expired_on)}): "
            "record an extension."
        )
    if expires_on <= expired_on:
        return "expires_on", f"The new expiry date comes after {format_date(expired_on)}."
    return None


def record_validity_change(
    mentee: User,
    today: date,
    kind: str,
    effective_on: date | None,
    expires_on: date | None,
    *,
    route: str | None = None,
    applied_on: date | None = None,
    course_completed_on: date | None = None,
) -> ValidityChange:
    """Record an extension or a reactivation of the mentee's initial certificate; a
    reactivation says how, and a course when it was completed and when the mentee applied (it
    must be less than the rule set's months old then)."""
    if not can_edit_checklist(mentee, mentee.id):
        raise NotAllowed("Only the mentee changes their own checklist.")
    if kind not in {member.value for member in ValidityChangeKind}:
        raise MentoringError("Choose an extension or a reactivation.", field="kind")
    if effective_on is None:
        raise MentoringError("Give the date it took effect.", field="effective_on")
    if expires_on is None:
        raise MentoringError("Give the new expiry date.", field="expires_on")
    profile = db.session.get(MenteeProfile, mentee.id)
    if profile is None or profile.iss_issued_on is None:
        raise MentoringError(
            "Record the issue date of your ISS certificate first.", field="effective_on"
        )
    kind = ValidityChangeKind(kind)
    expired_on = _current_validity(mentee, profile.iss_issued_on, today).expires_on
    problem = validity_change_problem(kind, effective_on, expires_on, expired_on, today)
    if problem:
        raise MentoringError(problem[1], field=problem[0])
    if kind == ValidityChangeKind.REACTIVATION:
        route, applied_on, course_completed_on = _reactivation_fields(
            route, applied_on, course_completed_on, effective_on, today
        )
    else:
        route = applied_on = course_completed_on = None
    change = ValidityChange(
        mentee_id=mentee.id,
        kind=kind,
        effective_on=effective_on,
        expires_on=expires_on,
        reactivation_route=route,
        applied_on=applied_on,
        course_completed_on=course_completed_on,
    )
    db.session.add(change)
    db.session.flush()
    audit.record(
        mentee,
        f"upgrade.{kind.value}_recorded",
        change,
        f"{kind.label} {change.id} of mentee {mentee.id}: effective {effective_on.isoformat()}, "
        f"expires {expires_on.isoformat()} (was {expired_on.isoformat()})"
        + (f", by {route.value}" if route else "")
        + (f" completed {course_completed_on.isoformat()}" if course_completed_on else ""),
    )
    return change


def _reactivation_fields(
    route: str | None,
    applied_on: date | None,
    course_completed_on: date | None,
    effective_on: date,
    today: date,
) -> tuple[ReactivationRoute, date | None, date | None]:
    """A reactivation's way; for a course, its completion and application dates, checked
    against the rule set in effect on the application date."""
    if route not in {member.value for member in ReactivationRoute}:
        raise MentoringError("Choose how the certificate was reactivated.", field="route")
    route = ReactivationRoute(route)
    if route == ReactivationRoute.EMPLOYMENT:
        return route, None, None
    if course_completed_on is None:
        raise MentoringError("Give the date you completed the course.", field="course_completed_on")
    if applied_on is None:
        raise MentoringError("Give the date you applied for the reactivation.", field="applied_on")
    if applied_on > today:
        raise MentoringError("The date you applied cannot be in the future.", field="applied_on")
    if applied_on > effective_on:
        raise MentoringError(
            f"You apply before the reactivation takes effect: give a date on or before "
            f"{format_date(effective_on)}.",
            field="applied_on",
        )
    problem = reactivation_course_problem(
        course_completed_on, applied_on, today, rules_in_effect(applied_on)
    )
    if problem:
        raise MentoringError(problem[1], field=problem[0])
    return route, applied_on, course_completed_on


# Evidence files --------------------------------------------------------------------------------

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_PERSON_BYTES = 50 * 1024 * 1024
EVIDENCE_TYPES = (files.PDF, files.PNG, files.JPEG)


def evidence_problem(data: bytes, used_bytes: int) -> str | None:
    """Why a file cannot be kept: empty, over 10 MB, not a PDF/PNG/JPEG, or over 50 MB in all."""
    problem = files.file_problem(data, EVIDENCE_TYPES, MAX_FILE_BYTES)
    if problem is None and used_bytes + len(data) > MAX_PERSON_BYTES:
        return (
            f"Your files can take at most {files.size_words(MAX_PERSON_BYTES)} in all; you have "
            f"{files.size_words(used_bytes)}, and this file has {files.size_words(len(data))}. "
            "Remove a file first."
        )
    return problem


EVIDENCE_ITEMS = {
    "experience": (ExperienceYear, "experience_year_id"),
    "development": (DevelopmentActivity, "development_activity_id"),
    "validity": (ValidityChange, "validity_change_id"),
}


def add_evidence(
    mentee: User, kind: str, item, file_name: str | None, data: bytes, now: datetime
) -> EvidenceFile:
    """Keep a file for one of the mentee's checklist items, within the limits."""
    _check_owner(mentee, item)
    used = db.session.scalar(
        select(func.coalesce(func.sum(EvidenceFile.size_bytes), 0)).where(
            EvidenceFile.mentee_id == mentee.id
        )
    )
    _raise_first(("file", evidence_problem(data, int(used))))
    evidence = EvidenceFile(mentee_id=mentee.id, **{EVIDENCE_ITEMS[kind][1]: item.id})
    evidence.stored_fields(file_name, data, now, fallback="evidence")
    db.session.add(evidence)
    db.session.flush()
    audit.record(
        mentee,
        "upgrade.evidence_added",
        evidence,
        f"Evidence file {evidence.id} ({evidence.content_type}, {len(data):,} bytes) added to "
        f"{kind} entry {item.id}",
    )
    return evidence


def delete_evidence(evidence: EvidenceFile, mentee: User) -> None:
    """Remove an evidence file."""
    _check_owner(mentee, evidence)
    audit.record(
        mentee,
        "upgrade.evidence_deleted",
        evidence,
        f"Evidence file {evidence.id} ({evidence.content_type}, {evidence.size_bytes:,} bytes) "
        "deleted",
    )
    db.session.delete(evidence)
    db.session.flush()


# The district's verification -------------------------------------------------------------------

LINK_DAYS = 30
MAX_NOTE = 1000
VERIFIED_ITEMS = ("experience", "development", "validity")
LINK_EXPIRED = "This verification link has expired. Ask the counselor for a new one."
LINK_REVOKED = "This verification link was withdrawn by the counselor. Ask them for a new one."
LINK_UNKNOWN = "This verification link is not valid. Check that it was copied whole."


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_verification_link(
    mentee: User, contact_name: str, contact_email: str, now: datetime
) -> tuple[VerificationLink, str]:
    """A new link for the district's contact: (the link, its token, shown and emailed once)."""
    if not can_edit_checklist(mentee, mentee.id):
        raise NotAllowed("Only the mentee sends their own checklist.")
    contact_name, contact_email = clean_text(contact_name), clean_text(contact_email)
    _raise_first(
        ("contact_name", required_line_problem(contact_name, "the contact's name", MAX_EMPLOYER)),
        ("contact_email", email_problem(contact_email)),
    )
    token = secrets.token_urlsafe(32)  # 256 bits
    link = VerificationLink(
        mentee_id=mentee.id,
        token_hash=token_hash(token),
        contact_name=contact_name,
        contact_email=contact_email,
        expires_at=now + timedelta(days=LINK_DAYS),
    )
    db.session.add(link)
    db.session.flush()
    audit.record(
        mentee,
        "upgrade.verification_link_created",
        link,
        f"Verification link {link.id} of mentee {mentee.id} created, "
        f"expires {link.expires_at.astimezone(localtime.zone()).date().isoformat()}",
    )
    return link, token


def email_problem(email: str) -> str | None:
    if not email:
        return "Give the contact's email address."
    if len(email) > 254 or not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        return "Give an email address such as name@district.k12.mo.us."
    return None


def revoke_verification_link(link: VerificationLink, mentee: User, now: datetime) -> None:
    """Withdraw a link at once; a second withdrawal changes nothing."""
    _check_owner(mentee, link)
    if link.revoked_at is not None:
        return
    link.revoked_at = now
    audit.record(
        mentee,
        "upgrade.verification_link_revoked",
        link,
        f"Verification link {link.id} of mentee {mentee.id} revoked",
    )


def link_for_token(token: str | None, now: datetime) -> VerificationLink:
    """The usable link a token opens; MentoringError with why not."""
    link = (
        db.session.scalar(
            select(VerificationLink).where(VerificationLink.token_hash == token_hash(token))
        )
        if token
        else None
    )
    if link is None:
        raise MentoringError(LINK_UNKNOWN)
    if link.revoked_at is not None:
        raise MentoringError(LINK_REVOKED)
    if now >= link.expires_at:
        raise MentoringError(LINK_EXPIRED)
    return link


def record_item_verification(
    link: VerificationLink,
    item_kind: str,
    item_id: int,
    status: str,
    verifier_name: str,
    verifier_title: str,
    note: str,
    now: datetime,
) -> ItemVerification:
    """The district's verdict on one item of the link's mentee: verified or needs correction."""
    verifier_name, verifier_title = clean_text(verifier_name), clean_text(verifier_title)
    note = (note or "").strip()
    model = EVIDENCE_ITEMS.get(item_kind, (None,))[0]
    item = db.session.get(model, item_id) if model else None
    if item is None or item.mentee_id != link.mentee_id:
        raise MentoringError("That item is not on this checklist.", field="item")
    if status not in {member.value for member in VerificationStatus}:
        raise MentoringError("Choose verified or needs correction.", field="status")
    _raise_first(
        ("verifier_name", required_line_problem(verifier_name, "your name", MAX_EMPLOYER)),
        ("verifier_title", required_line_problem(verifier_title, "your title", MAX_EMPLOYER)),
    )
    if status == VerificationStatus.NEEDS_CORRECTION and not note:
        raise MentoringError("Say what needs correcting.", field="note")
    _raise_first(("note", paragraphs_problem(note, "the note", MAX_NOTE)))
    verification = ItemVerification(
        link_id=link.id,
        mentee_id=link.mentee_id,
        item_kind=item_kind,
        item_id=item.id,
        status=VerificationStatus(status),
        verifier_name=verifier_name,
        verifier_title=verifier_title,
        note=note,
        recorded_at=now,
    )
    db.session.add(verification)
    db.session.flush()
    audit.record(
        None,
        "upgrade.item_verified"
        if status == VerificationStatus.VERIFIED
        else "upgrade.item_needs_correction",
        verification,
        f"Through verification link {link.id}: {item_kind} entry {item.id} of mentee "
        f"{link.mentee_id} marked {VerificationStatus(status).label.lower()}",
    )
    return verification


# Rule sets -------------------------------------------------------------------------------------

# The versions the application ships, one file each; the migrations load them, and demo data
# and tests (whose databases are not built by migrations) load them with seed_rule_sets().
RULE_SET_FILES = Path(__file__).parent / "rule_sets"


def read_rule_set_file(path: Path) -> dict:
    """A rule set as data, from a .toml or .json file (its effective_on a date: 2027-07-01)."""
    try:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".toml":
            return tomllib.loads(text)
        if path.suffix != ".json":
            raise MentoringError(f"{path.name}: give a .toml or a .json file.")
        data = json.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, ValueError) as error:
        raise MentoringError(f"{path.name} cannot be read: {error}") from None
    if not isinstance(data, dict):
        raise MentoringError(f"{path.name}: give an object with the rule set's fields.")
    if isinstance(data.get("effective_on"), str):
        with contextlib.suppress(ValueError):  # rule_set_problems names it
            data["effective_on"] = date.fromisoformat(data["effective_on"])
    return data


def _rule_set_row(data: dict) -> RuleSetVersion:
    return RuleSetVersion(**{name: data[name] for name in IDENTITY}, parameters=data["parameters"])


def add_rule_set(data: dict, actor: User | None) -> RuleSetVersion:
    """Store a new version of a path's rule set, audited: the next version number, in effect
    from a date no earlier than the latest version's. A stored version never changes."""
    problems = rule_set_problems(data)
    if problems:
        raise MentoringError(" ".join(problems))
    latest = db.session.scalar(
        select(RuleSetVersion)
        .where(RuleSetVersion.path == data["path"])
        .order_by(RuleSetVersion.version.desc())
        .limit(1)
    )
    expected = latest.version + 1 if latest else 1
    if data["version"] != expected:
        raise MentoringError(
            f"version: the next version of {data['path']} is {expected}, not {data['version']}."
        )
    if latest and data["effective_on"] < latest.effective_on:
        raise MentoringError(
            f"effective_on: version {latest.version} is in effect from "
            f"{latest.effective_on.isoformat()}; a new version cannot take effect before it."
        )
    row = _rule_set_row(data)
    db.session.add(row)
    db.session.flush()
    audit.record(
        actor,
        "upgrade.rule_set_added",
        row,
        f"Rule set {row.path} version {row.version} added, in effect from "
        f"{row.effective_on.isoformat()} ({row.name})",
    )
    return row


def seed_rule_sets() -> int:
    """Store the shipped versions not stored yet, as the migrations do (no audit event: they
    are the application's own). Returns how many were added."""
    stored = set(db.session.execute(select(RuleSetVersion.path, RuleSetVersion.version)).all())
    added = 0
    for path in sorted(RULE_SET_FILES.glob("*.toml")):
        data = read_rule_set_file(path)
        if (data["path"], data["version"]) not in stored:
            db.session.add(_rule_set_row(data))
            added += 1
    db.session.flush()
    return added
