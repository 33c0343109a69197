"""The upgrade rules as data, and the pure functions that apply them to one person's record.

A RuleSet is one certificate path (initial certificate → career certificate) with its figures,
its effective date and its source; the checklist engine (queries.checklist) reads every figure
from the rule set it is given, so a second path of the same shape is data, not code.

Each verdict says in words why an entry counts or not, for the page and the PDF alike.
"""

import re
from calendar import monthrange
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from types import NoneType, UnionType
from typing import get_args

from mentoring.cohorts.models import school_year_label
from mentoring.core.localtime import format_date, school_year_bounds

# The path this program's mentees, school counselors, follow.
PROGRAM_PATH = "iss-css"
TEACHERS_ONLY = "the department's rule for teachers; confirm with the certification office"


@dataclass(frozen=True)
class RuleSet:
    """One version of one certificate path's requirements, as the department and the regulation
    state them. The versions are rows of `upgrade_rule_sets` (models.RuleSetVersion); the
    figures below its identity are its `parameters`, every one read by the functions here."""

    # Identity: which path, which version, from when, from where.
    path: str  # "iss-css"
    version: int
    name: str
    effective_on: date  # in effect from this date until a later version's
    source_document: str
    source_section: str
    # Parameters.
    initial: str  # "Initial Student Services certificate (ISS)"
    career: str
    valid_years: int
    years_needed: int
    pd_contact_hours: int
    semester_hour_contact_hours: int  # 1 college semester hour = this many contact hours
    mentoring_years: int
    mentoring_in_first_years: bool  # the mentoring falls within the first years of experience
    evaluation: str
    apply_from_days: int  # the department asks for the application 60 … 30 days before expiry
    apply_by_days: int
    reminder_days: tuple[int, ...]
    extension_years: int
    # False: the rule is borrowed from another path's source and is shown as unconfirmed.
    extension_confirmed: bool
    reactivation_confirmed: bool
    reactivation_course_min_semester_hours: int
    reactivation_course_max_semester_hours: int
    reactivation_course_months: int  # the course is less than this many months old
    reactivation_pd_contact_hours: int
    reactivation_pd_months: int  # … completed within this many months before or after
    background_check_months: int  # an older background check is redone
    graduate_semester_hours: int | None = None  # graduate credit that satisfies PD on its own
    # The regulation behind the graduate-credit and first-years rules, named beside them.
    regulation: str | None = None

    @property
    def source(self) -> str:
        return f"{self.source_document}, {self.source_section}"

    @property
    def initial_short(self) -> str:
        """The initial certificate's abbreviation: "ISS"."""
        return self.initial.rsplit("(", 1)[-1].rstrip(")")

    @property
    def extension_note(self) -> str | None:
        return None if self.extension_confirmed else TEACHERS_ONLY

    @property
    def reactivation_note(self) -> str | None:
        return None if self.reactivation_confirmed else TEACHERS_ONLY

    def first_expiry(self, issued_on: date) -> date:
        """The initial certificate's expiry: valid_years after its issue date."""
        return years_later(issued_on, self.valid_years)


IDENTITY = ("path", "version", "name", "effective_on", "source_document", "source_section")


def _given_type(kind):
    """An optional parameter's type when given: `int | None` → int."""
    if isinstance(kind, UnionType):
        return next(arg for arg in get_args(kind) if arg is not NoneType)
    return kind


PARAMETERS = {
    field.name: _given_type(field.type) for field in fields(RuleSet) if field.name not in IDENTITY
}
OPTIONAL = {"graduate_semester_hours", "regulation"}
_PATH = re.compile(r"[a-z][a-z0-9-]{1,38}[a-z0-9]")


def _parameter_problem(name: str, value, kind) -> str | None:
    if value is None:
        return None if name in OPTIONAL else f"{name}: give a value."
    if kind is bool:
        return None if isinstance(value, bool) else f"{name}: give true or false."
    if kind is str:
        if not isinstance(value, str) or not value.strip() or len(value) > 300:
            return f"{name}: give a text of 1 to 300 characters."
        return None
    if kind == tuple[int, ...]:
        if (
            not isinstance(value, list | tuple)
            or not value
            or any(
                isinstance(item, bool) or not isinstance(item, int) or item <= 0 for item in value
            )
        ):
            return f"{name}: give a list of whole numbers of days, each more than 0."
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= 1000:
        return f"{name}: give a whole number from 1 to 1000."
    return None


def rule_set_problems(data: dict) -> list[str]:
    """What is wrong with a rule set given as data (a TOML or JSON file's contents): every
    identity field and parameter present, of its type, and the figures consistent."""
    problems = []
    path, version = data.get("path"), data.get("version")
    if not isinstance(path, str) or not _PATH.fullmatch(path):
        problems.append("path: give 3 to 40 lower-case letters, digits and dashes, as iss-css.")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        problems.append("version: give a whole number from 1.")
    for name in ("name", "source_document", "source_section"):
        problems.append(_parameter_problem(name, data.get(name), str))
    if not isinstance(data.get("effective_on"), date) or isinstance(
        data.get("effective_on"), datetime
    ):
        problems.append("effective_on: give a date as 2027-07-01.")
    parameters = data.get("parameters")
    if not isinstance(parameters, dict):
        return [*filter(None, problems), "parameters: give the rule set's parameters."]
    unknown = sorted(set(parameters) - set(PARAMETERS))
    if unknown:
        problems.append(f"parameters: unknown {', '.join(unknown)}.")
    for name, kind in PARAMETERS.items():
        problems.append(_parameter_problem(name, parameters.get(name), kind))
    problems = [problem for problem in problems if problem]
    if not problems:
        if parameters["apply_from_days"] <= parameters["apply_by_days"]:
            problems.append("apply_from_days: give more days than apply_by_days.")
        if (
            parameters["reactivation_course_min_semester_hours"]
            > parameters["reactivation_course_max_semester_hours"]
        ):
            problems.append(
                "reactivation_course_min_semester_hours: give at most "
                "reactivation_course_max_semester_hours."
            )
    return problems


def rule_set(
    *,
    path: str,
    version: int,
    name: str,
    effective_on: date,
    source_document: str,
    source_section: str,
    parameters: dict,
) -> RuleSet:
    """The RuleSet of one stored version (a row's columns, its parameters as stored)."""
    values = {key: parameters.get(key) for key in PARAMETERS}
    values["reminder_days"] = tuple(values["reminder_days"])
    return RuleSet(
        path=path,
        version=version,
        name=name,
        effective_on=effective_on,
        source_document=source_document,
        source_section=source_section,
        **values,
    )


def in_effect(versions: list[RuleSet], day: date) -> RuleSet | None:
    """The version in effect on a day: the latest one whose effective date is on or before it
    (the highest version number when two share a date). A day before the first version falls
    under the first version: the application knows no older rules. (Anything with an
    effective_on and a version will do: the rule-set list passes bare rows.)"""
    if not versions:
        return None
    ordered = sorted(versions, key=lambda rules: (rules.effective_on, rules.version))
    started = [rules for rules in ordered if rules.effective_on <= day]
    return started[-1] if started else ordered[0]


@dataclass(frozen=True)
class Verdict:
    counts: bool
    why: str


def years_later(day: date, years: int) -> date:
    """The same day `years` later; Feb 28 when that day does not exist (Feb 29 → a common
    year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 2, 28)


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier; the month's last day when that day does not exist
    (August 31 − 6 months → February 28, or 29 in a leap year)."""
    years, month = divmod(day.month - 1 - months, 12)
    year = day.year + years
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


def reactivation_course_problem(
    completed_on: date, applied_on: date, today: date, rules: RuleSet
) -> tuple[str, str] | None:
    """(field, message) when a course cannot reactivate the certificate: it is completed, and
    less than `reactivation_course_months` old on the day of the application."""
    if completed_on > today:
        return "course_completed_on", "The course's completion date cannot be in the future."
    if applied_on > today:
        return "applied_on", "The date you applied cannot be in the future."
    if completed_on > applied_on:
        return "course_completed_on", (
            f"The course counts once completed: give a date on or before the application "
            f"({format_date(applied_on)})."
        )
    oldest = months_before(applied_on, rules.reactivation_course_months)
    if completed_on <= oldest:
        return "course_completed_on", (
            f"The course must be less than {rules.reactivation_course_months} months old when "
            f"you apply: completed after {format_date(oldest)} for an application on "
            f"{format_date(applied_on)}."
        )
    return None


@dataclass(frozen=True)
class Validity:
    """The periods the initial certificate is (or was) valid: from its issue date to its first
    expiry, then one period per extension or reactivation, each inclusive. `expires_on` is the
    latest expiry."""

    issued_on: date
    expires_on: date
    periods: tuple[tuple[date, date], ...]

    def holds(self, day: date) -> bool:
        return any(start <= day <= end for start, end in self.periods)


def validity(
    issued_on: date, first_expiry: date, changes: list[tuple[date, date]] = ()
) -> Validity:
    """The validity from the issue date, the first expiry and (start, expiry) of each change."""
    periods = ((issued_on, first_expiry), *sorted(changes))
    return Validity(issued_on, max(end for _, end in periods), periods)


def experience_verdict(start_year: int, reasons_not_approved: list[str], today: date) -> Verdict:
    """A school year counts once it has ended (after June 30), if it is approved experience."""
    label = school_year_label(start_year)
    last_day = school_year_bounds(start_year)[1]
    if reasons_not_approved:
        return Verdict(False, f"Does not count: {'; '.join(reasons_not_approved)}.")
    if today <= last_day:
        return Verdict(
            False,
            f"Does not count yet: {label} is still in progress; it counts once it ends on "
            f"{format_date(last_day)}.",
        )
    return Verdict(
        True, f"Counts: approved experience, and {label} ended on {format_date(last_day)}."
    )


def development_verdict(completed_on: date, validity: Validity | None, rules: RuleSet) -> Verdict:
    """Professional development counts when completed while the initial certificate was valid."""
    short = rules.initial_short
    if validity is None:
        return Verdict(
            False,
            f"Not counted yet: record the issue date of your {short}; activities count only "
            "when completed while it is valid.",
        )
    if completed_on < validity.issued_on:
        return Verdict(
            False,
            f"Does not count: completed before your {short} was issued on "
            f"{format_date(validity.issued_on)}.",
        )
    if completed_on > validity.expires_on:
        return Verdict(
            False,
            f"Does not count: completed after your {short} expired on "
            f"{format_date(validity.expires_on)}.",
        )
    spans = ", ".join(
        f"{format_date(start)} to {format_date(end)}" for start, end in validity.periods
    )
    if not validity.holds(completed_on):
        return Verdict(
            False, f"Does not count: completed while your {short} had expired (valid {spans})."
        )
    return Verdict(True, f"Counts: completed while your {short} was valid ({spans}).")


def mentoring_warning(
    cohort_start_year: int | None, experience_start_years: list[int], rules: RuleSet
) -> str | None:
    """Why the mentoring may not count: it must fall within the first years of experience.

    The first years are the earliest approved school years recorded; with fewer recorded than
    the mentoring lasts, the years after the earliest one stand in for them.
    """
    if not rules.mentoring_in_first_years or cohort_start_year is None:
        return None
    mentoring = [cohort_start_year + offset for offset in range(rules.mentoring_years)]
    span = f"{school_year_label(mentoring[0])} to {school_year_label(mentoring[-1])}"
    if not experience_start_years:
        return (
            f"Record your years of experience: the regulation asks for the mentoring ({span}) "
            f"during your first {rules.mentoring_years} years of student-services experience."
        )
    first = sorted(set(experience_start_years))[: rules.mentoring_years]
    first += [first[-1] + offset for offset in range(1, rules.mentoring_years - len(first) + 1)]
    if set(mentoring) <= set(first):
        return None
    return (
        f"The mentoring ({span}) did not fall within your first {rules.mentoring_years} years "
        f"of student-services experience ({school_year_label(first[0])} to "
        f"{school_year_label(first[-1])}), as {rules.regulation or rules.source_document} asks: "
        "confirm with the "
        "certification office that it counts."
    )


@dataclass(frozen=True)
class Deadlines:
    expires_on: date
    apply_from: date
    apply_by: date
    days_left: int  # negative once expired
    days_to_apply_by: int  # negative once the last date to apply has passed

    @property
    def is_expired(self) -> bool:
        return self.days_left < 0

    @property
    def time_left(self) -> str:
        """The time left before the last date to apply, in words."""
        days = self.days_to_apply_by
        if days > 0:
            return f"{days:,} day{'' if days == 1 else 's'} left to apply"
        if days == 0:
            return "today is the last date to apply"
        return f"the last date to apply passed {-days:,} day{'' if days == -1 else 's'} ago"


def deadlines(validity: Validity, today: date, rules: RuleSet) -> Deadlines:
    """The expiry date and the window to apply: 60 to 30 days before expiry."""
    apply_by = validity.expires_on - timedelta(days=rules.apply_by_days)
    return Deadlines(
        expires_on=validity.expires_on,
        apply_from=validity.expires_on - timedelta(days=rules.apply_from_days),
        apply_by=apply_by,
        days_left=(validity.expires_on - today).days,
        days_to_apply_by=(apply_by - today).days,
    )
