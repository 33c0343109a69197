"""The upgrade rules as data, and the pure functions that apply them to one person's record.

A RuleSet is one certificate path (initial certificate → career certificate) with its figures,
its effective date and its source; the checklist engine (queries.checklist) reads every figure
from the rule set it is given, so a second path of the same shape is data, not code.

Each verdict says in words why an entry counts or not, for the page and the PDF alike.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from mentoring.cohorts.models import school_year_label

TEACHERS_ONLY = "the department's rule for teachers; confirm with the certification office"


@dataclass(frozen=True)
class RuleSet:
    """One certificate path's requirements, as the department and the regulation state them."""

    key: str
    version: int
    name: str
    effective_on: date  # when this version took effect in the app (the sources carry their own)
    source: str
    initial: str  # "Initial Student Services certificate (ISS)"
    career: str
    valid_years: int
    years_needed: int
    pd_contact_hours: int
    semester_hour_contact_hours: int  # 1 college semester hour = this many contact hours
    graduate_semester_hours: int | None  # graduate credit that satisfies PD on its own
    mentoring_years: int
    mentoring_in_first_years: bool  # the mentoring falls within the first years of experience
    evaluation: str
    apply_from_days: int  # the department asks for the application 60 … 30 days before expiry
    apply_by_days: int
    reminder_days: tuple[int, ...]
    extension_years: int
    # None: the rule is the path's own; otherwise why it is borrowed (shown beside it).
    extension_note: str | None
    reactivation_note: str | None


ISS_CSS = RuleSet(
    key="iss-css",
    version=1,
    name="Student Services: ISS to CSS",
    effective_on=date(2026, 12, 6),
    source=(
        "Missouri DESE, “Initial Student Services” (seed 000); "
        "5 CSR 20-400.650, the Career Student Services certificate"
    ),
    initial="Initial Student Services certificate (ISS)",
    career="Career Student Services certificate (CSS)",
    valid_years=4,
    years_needed=4,
    pd_contact_hours=40,
    semester_hour_contact_hours=15,
    graduate_semester_hours=3,
    mentoring_years=2,
    mentoring_in_first_years=True,
    evaluation="Performance-Based Student Services Evaluation",
    apply_from_days=60,
    apply_by_days=30,
    reminder_days=(180, 60, 30),
    extension_years=4,
    extension_note=TEACHERS_ONLY,
    reactivation_note=TEACHERS_ONLY,
)

IPC_CCPC = RuleSet(
    key="ipc-ccpc",
    version=1,
    name="Teachers: IPC to CCPC",
    effective_on=date(2026, 12, 6),
    source=("Missouri DESE, “Upgrading, Extending, or Reactivating Your Certificate” (seed 002)"),
    initial="Initial Professional Certificate (IPC)",
    career="Career Continuous Professional Certificate (CCPC)",
    valid_years=4,
    years_needed=4,
    pd_contact_hours=30,
    semester_hour_contact_hours=15,
    graduate_semester_hours=None,
    mentoring_years=2,
    mentoring_in_first_years=False,
    evaluation="Performance-Based Teacher Evaluation (PBTE)",
    apply_from_days=60,
    apply_by_days=30,
    reminder_days=(180, 60, 30),
    extension_years=4,
    extension_note=None,
    reactivation_note=None,
)

RULE_SETS = (ISS_CSS, IPC_CCPC)


@dataclass(frozen=True)
class Verdict:
    counts: bool
    why: str


def _day(value: date) -> str:
    return f"{value:%B %-d, %Y}"


def years_later(day: date, years: int) -> date:
    """The same day `years` later; Feb 28 when that day does not exist (Feb 29 → a common
    year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 2, 28)


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
    last_day = date(start_year + 1, 6, 30)
    if reasons_not_approved:
        return Verdict(False, f"Does not count: {'; '.join(reasons_not_approved)}.")
    if today <= last_day:
        return Verdict(
            False,
            f"Does not count yet: {label} is still in progress; it counts once it ends on "
            f"{_day(last_day)}.",
        )
    return Verdict(True, f"Counts: approved experience, and {label} ended on {_day(last_day)}.")


def development_verdict(completed_on: date, validity: Validity | None, rules: RuleSet) -> Verdict:
    """Professional development counts when completed while the initial certificate was valid."""
    short = rules.initial.rsplit("(", 1)[-1].rstrip(")")
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
            f"{_day(validity.issued_on)}.",
        )
    if completed_on > validity.expires_on:
        return Verdict(
            False,
            f"Does not count: completed after your {short} expired on {_day(validity.expires_on)}.",
        )
    spans = ", ".join(f"{_day(start)} to {_day(end)}" for start, end in validity.periods)
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
        f"{school_year_label(first[-1])}), as 5 CSR 20-400.650 asks: confirm with the "
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
