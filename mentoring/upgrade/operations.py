"""Write side of the upgrade checklist: a mentee records their own ISS date, years of experience
with their evaluations, and professional development.

Each change checks every rule again (the forms ask the same *_problem functions), raises
MentoringError with the field to show it beside, and changes nothing when it does. Audit
summaries carry ids, school years, dates and hours only: never an employer or a title.
"""

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from sqlalchemy import exists, select

from mentoring.cohorts.models import MenteeProfile, school_year_label
from mentoring.core import audit
from mentoring.core.errors import MentoringError, NotAllowed
from mentoring.core.policy import can_edit_checklist
from mentoring.core.text import characters_problem, clean_text
from mentoring.extensions import db
from mentoring.upgrade.models import (
    AccreditingBody,
    CreditUnit,
    DevelopmentActivity,
    ExperienceYear,
    SchoolType,
    format_amount,
    iss_expires_on,
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


def current_school_year(today: date) -> int:
    """The start year of the school year (July 1 – June 30) holding today."""
    return today.year if today.month >= 7 else today.year - 1


# Rules for each field ------------------------------------------------------------------------


def line_problem(text: str, what: str, limit: int) -> str | None:
    """A required line of plain text: present, short enough, one line, no control characters."""
    if not text:
        return f"Give the {what}."
    if len(text) > limit:
        return f"Keep the {what} to {limit} characters or fewer (it has {len(text):,})."
    return characters_problem(text)


def date_problem(day: date, today: date, what: str) -> str | None:
    if day > today:
        return f"The {what} cannot be in the future."
    if day < EARLIEST:
        return f"The {what} cannot be before {EARLIEST:%B %-d, %Y}."
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
    if start > current_school_year(today):
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


def parse_half_units(text: str | None) -> int | None:
    """Halves in a number of hours ("1.5" → 3); None when it is not a whole or half number."""
    text = clean_text(text)
    if not _HOURS.fullmatch(text):
        return None
    try:
        halves = Decimal(text) * 2
    except InvalidOperation:  # the pattern lets only numbers through; belt and braces
        return None
    return int(halves) if halves == halves.to_integral_value() else None


def credit_problem(contact_hours: str | None, semester_hours: str | None) -> str | None:
    """Exactly one of contact hours or semester hours, in whole or half hours, within limits."""
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
    halves = parse_half_units(text)
    if halves is None:
        return f"Give the {unit} as a number in whole or half hours, for example 1.5."
    if halves == 0:
        return f"The {unit} must be more than 0."
    if halves > limit * 2:
        return f"One activity can count at most {limit} {unit}."
    return None


def credit_of(contact_hours: str | None, semester_hours: str | None) -> tuple[CreditUnit, int]:
    """The unit and the minutes of contact-hour credit (1 semester hour = 15 contact hours)."""
    problem = credit_problem(contact_hours, semester_hours)
    if problem:
        raise MentoringError(problem, field="contact_hours")
    if clean_text(contact_hours):
        unit, halves = CreditUnit.CONTACT_HOURS, parse_half_units(contact_hours)
    else:
        unit, halves = CreditUnit.SEMESTER_HOURS, parse_half_units(semester_hours)
    return unit, halves * unit.minutes // 2


def evaluation_problem(completed_on: date, entry: ExperienceYear, today: date) -> str | None:
    """The evaluation is the school year's own: inside it, and not in the future."""
    if completed_on > today:
        return "The date of the evaluation cannot be in the future."
    if not entry.first_day <= completed_on <= entry.last_day:
        return (
            f"The evaluation of {entry.school_year} is completed during that school year, "
            f"between {entry.first_day:%B %-d, %Y} and {entry.last_day:%B %-d, %Y}."
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
        f"(valid until {iss_expires_on(issued_on).isoformat()}; "
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
        ("employer", line_problem(employer, "school or district", MAX_EMPLOYER)),
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
        and not date(start_year, 7, 1)
        <= entry.evaluation_completed_on
        <= date(start_year + 1, 6, 30)
    ):
        raise MentoringError(
            f"This entry's evaluation was completed on {entry.evaluation_completed_on:%B %-d, %Y}, "
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
) -> tuple[date, str, str, CreditUnit, int]:
    title, provider = clean_text(title), clean_text(provider)
    if completed_on is None:
        raise MentoringError("Give the date of the activity.", field="completed_on")
    _raise_first(
        ("completed_on", date_problem(completed_on, today, "date of the activity")),
        ("title", line_problem(title, "title", MAX_TITLE)),
        ("provider", line_problem(provider, "provider", MAX_PROVIDER)),
    )
    unit, minutes = credit_of(contact_hours, semester_hours)
    return completed_on, title, provider, unit, minutes


def _credit_words(entry: DevelopmentActivity) -> str:
    return f"{format_amount(entry.amount)} {entry.unit.label} ({entry.credit_minutes} minutes)"


def add_development(
    mentee: User,
    today: date,
    *,
    completed_on: date | None,
    title: str,
    provider: str,
    contact_hours: str | None = None,
    semester_hours: str | None = None,
) -> DevelopmentActivity:
    """Record a professional-development activity in contact hours or college semester hours."""
    if not can_edit_checklist(mentee, mentee.id):
        raise NotAllowed("Only a mentee records their own professional development.")
    completed_on, title, provider, unit, minutes = _development_fields(
        today, completed_on, title, provider, contact_hours, semester_hours
    )
    entry = DevelopmentActivity(
        mentee_id=mentee.id,
        completed_on=completed_on,
        title=title,
        provider=provider,
        unit=unit,
        credit_minutes=minutes,
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
) -> None:
    """Correct a professional-development activity."""
    _check_owner(mentee, entry)
    completed_on, title, provider, unit, minutes = _development_fields(
        today, completed_on, title, provider, contact_hours, semester_hours
    )
    entry.completed_on, entry.title, entry.provider = completed_on, title, provider
    entry.unit, entry.credit_minutes = unit, minutes
    audit.record(
        mentee,
        "upgrade.development_updated",
        entry,
        f"Professional development entry {entry.id} changed: {completed_on.isoformat()}, "
        + _credit_words(entry),
    )


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
