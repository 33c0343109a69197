"""Write side of progress: the mentor's yearly sign-off, and a specialist's correction of it.

Audit summaries say only which year, met or not met, and who signed: the comment is for the
mentee and specialists on the sign-off itself, and the audit log is read more widely.
"""

from datetime import date, timedelta

from sqlalchemy import ColumnElement, select
from sqlalchemy.exc import IntegrityError

from mentoring.cohorts.matching import at_risk_asked
from mentoring.cohorts.models import (
    Cohort,
    Enrollment,
    EnrollmentStatus,
    PlcGroup,
    program_year_bounds,
)
from mentoring.cohorts.operations import year1_carry_asked
from mentoring.core import audit
from mentoring.core.errors import AlreadyDone, MentoringError, NotAllowed
from mentoring.core.localtime import format_date
from mentoring.core.policy import can_sign_off, is_specialist
from mentoring.core.signals import year_met_asked, year_work_changed
from mentoring.core.text import clean_text, paragraphs_problem
from mentoring.core.urls import public_url
from mentoring.extensions import db
from mentoring.notifications.models import Kind
from mentoring.notifications.operations import notify
from mentoring.progress import tallies
from mentoring.progress.models import YearSignOff
from mentoring.progress.queries import Status, at_risk_now, progress_for, year_shortfall
from mentoring.users.models import User

SIGN_OFF_WINDOW_DAYS = 60  # a year can be signed off in its last 60 days, or once it has ended
MAX_TEXT = 1000


def text_problem(text: str, what: str) -> str | None:
    """Why a comment or reason cannot be saved as it is."""
    return paragraphs_problem(text, f"the {what}", MAX_TEXT)


# Who may sign off, and when ------------------------------------------------------------------


def current_group(enrollment: Enrollment) -> PlcGroup | None:
    """The PLC group the mentee is in now; its mentor is the one who signs off."""
    if enrollment.plc_group_id is None:
        return None
    return db.session.get(PlcGroup, enrollment.plc_group_id)


def sign_off_opens_on(cohort: Cohort, year: int) -> date:
    """The first day a program year can be signed off: the start of its last 60 days."""
    _, ends_on = program_year_bounds(cohort, year)
    return ends_on - timedelta(days=SIGN_OFF_WINDOW_DAYS - 1)


def timing_problem(cohort: Cohort, year: int, today: date) -> str | None:
    """Why the year cannot be signed off yet."""
    opens_on = sign_off_opens_on(cohort, year)
    if today >= opens_on:
        return None
    _, ends_on = program_year_bounds(cohort, year)
    return (
        f"Program year {year} can be signed off from {format_date(opens_on)}, in its last "
        f"{SIGN_OFF_WINDOW_DAYS} days, or after it ends on {format_date(ends_on)}."
    )


def _check_year(year: int) -> None:
    if year not in (1, 2):
        raise MentoringError("The program has two years: 1 and 2.")


def _check_texts(comment: str, reason: str) -> None:
    if not comment:
        raise MentoringError("Write a comment for the mentee.", field="comment")
    for field, text, what in (
        ("comment", comment, "comment"),
        ("on_behalf_reason", reason, "reason"),
    ):
        problem = text_problem(text, what)
        if problem:
            raise MentoringError(problem, field=field)


def _who(on_behalf: bool) -> str:
    return "by a specialist in the mentor's place" if on_behalf else "by the mentor"


# Changes -------------------------------------------------------------------------------------


def _check_may_sign_off(enrollment: Enrollment, year: int, actor, today: date) -> Cohort:
    """Refuse a sign-off of this year by this actor today (NotAllowed); return the cohort."""
    _check_year(year)
    if not can_sign_off(actor, current_group(enrollment)):
        raise NotAllowed("Only the mentee's mentor or a program specialist can sign off a year.")
    if year == 1 and enrollment.year1_carried_from_id is not None:
        raise NotAllowed("Year 1 was carried from an earlier cohort, where it was signed off.")
    if enrollment.status == EnrollmentStatus.WITHDRAWN:
        raise NotAllowed(
            "This mentee has withdrawn from the program; their years stay as they are."
        )
    cohort = db.session.get(Cohort, enrollment.cohort_id)
    problem = timing_problem(cohort, year, today)
    if problem:
        raise NotAllowed(problem)
    return cohort


def _tell_mentee(enrollment: Enrollment, cohort: Cohort, year: int, met: bool) -> None:
    """Tell the mentee their year is signed off (in the app and, if they chose, by email)."""
    notify(
        [db.session.get(User, enrollment.mentee_id)],
        Kind.SIGN_OFFS,
        f"Program year {year} is signed off",
        "signed_off",
        text=f"Program year {year} of {cohort.name} was signed off for you as "
        f"{'met' if met else 'not met'}.",
        link=public_url("home.index"),
        cohort=cohort,
        year=year,
        met=met,
    )


def sign_off_year(
    enrollment: Enrollment,
    year: int,
    actor: User,
    today: date,
    met: bool,
    comment: str,
    on_behalf_reason: str | None = None,
) -> YearSignOff:
    """Sign off one mentee's program year as met or not met, once.

    The mentor of the mentee's current group signs off; a specialist may do it in the mentor's
    place with a written reason. A second sign-off is refused: a specialist corrects the first.
    """
    comment, reason = clean_text(comment), clean_text(on_behalf_reason)
    on_behalf = is_specialist(actor)
    cohort = _check_may_sign_off(enrollment, year, actor, today)
    if on_behalf and not reason:
        raise MentoringError(
            "Give the reason you sign off in the mentor's place.", field="on_behalf_reason"
        )
    _check_texts(comment, reason)
    existing = db.session.scalar(
        select(YearSignOff).where(
            YearSignOff.enrollment_id == enrollment.id, YearSignOff.program_year == year
        )
    )
    if existing is not None:
        raise NotAllowed(already_signed_off(existing))
    sign_off = YearSignOff(
        enrollment_id=enrollment.id,
        program_year=year,
        met=met,
        comment=comment,
        signed_by_id=actor.id,
        on_behalf_reason=reason if on_behalf else None,
    )
    try:
        with db.session.begin_nested():
            db.session.add(sign_off)
    except IntegrityError:
        raise NotAllowed(
            f"Program year {year} was signed off a moment ago by someone else. Reload the page."
        ) from None
    tallies.keep_open_onsets(Enrollment.id == enrollment.id)  # met: the year may be complete
    audit.record(
        actor,
        "progress.signed_off",
        enrollment,
        f"Enrollment {enrollment.id}, program year {year}: signed off as "
        f"{'met' if met else 'not met'} {_who(on_behalf)}",
    )
    _tell_mentee(enrollment, cohort, year, met)
    return sign_off


def already_signed_off(sign_off: YearSignOff) -> str:
    return (
        f"Program year {sign_off.program_year} is already signed off (on "
        f"{format_date(sign_off.created_at)}). Only a program specialist can correct it."
    )


def correct_sign_off(
    sign_off: YearSignOff, actor: User, met: bool, comment: str, reason: str | None
) -> None:
    """Correct a year's sign-off: specialists only, with a written reason."""
    if not is_specialist(actor):
        raise NotAllowed("Only a program specialist can correct a sign-off.")
    comment, reason = clean_text(comment), clean_text(reason)
    if not reason:
        raise MentoringError("Give the reason for the correction.", field="on_behalf_reason")
    _check_texts(comment, reason)
    before = "met" if sign_off.met else "not met"
    sign_off.met, sign_off.comment = met, comment
    sign_off.signed_by_id, sign_off.on_behalf_reason = actor.id, reason
    tallies.keep_open_onsets(Enrollment.id == sign_off.enrollment_id)
    audit.record(
        actor,
        "progress.sign_off_corrected",
        db.session.get(Enrollment, sign_off.enrollment_id),
        f"Enrollment {sign_off.enrollment_id}, program year {sign_off.program_year}: sign-off "
        f"corrected from {before} to {'met' if met else 'not met'} by a specialist",
    )


# Carrying a completed year 1 into a later cohort ----------------------------------------------

CARRY_REASON_LENGTH = Enrollment.__table__.c.year1_carry_reason.type.length


def year1_to_carry(mentee: User, cohort: Cohort, today: date) -> Enrollment:
    """The earlier enrollment whose year 1 this mentee may carry into the cohort: the latest
    that ended without completing (withdrawn, or not completed at the close), in a cohort that
    started before this one, whose year 1 is complete (met and signed off as met). Raises a
    MentoringError (on the carry_year1 field) saying why when there is none."""
    earlier = progress_for(
        (Enrollment.mentee_id == mentee.id)
        & Enrollment.status.in_([EnrollmentStatus.WITHDRAWN, EnrollmentStatus.NOT_COMPLETED])
        & (Cohort.start_year < cohort.start_year),
        today,
    )
    if not earlier:
        raise MentoringError(
            f"{mentee.name} has no earlier cohort that ended without completing, so there is "
            "no year 1 to carry.",
            field="carry_year1",
        )
    earlier.sort(key=lambda p: (p.cohort.start_year, p.enrollment.id), reverse=True)
    for progress in earlier:
        if progress.years[0].status == Status.COMPLETE:
            return progress.enrollment
    latest = earlier[0]
    raise MentoringError(
        f"Year 1 in {latest.cohort.name} is not complete ({year_shortfall(latest.years[0])}), "
        "so there is nothing to carry.",
        field="carry_year1",
    )


def carry_year1(enrollment: Enrollment, actor: User, reason: str, today: date) -> Enrollment:
    """Credit the enrollment with the completed year 1 of the mentee's earlier enrollment that
    year1_to_carry() finds, for the specialist's reason (audited, naming that enrollment).
    Returns the enrollment whose year 1 is carried (the first one, when that one carried its
    own year 1 from another)."""
    if not is_specialist(actor):
        raise NotAllowed("Only program specialists carry a year 1 into a new cohort.")
    reason = clean_text(reason)
    if problem := paragraphs_problem(
        reason, "the reason", CARRY_REASON_LENGTH, "Give the reason for carrying year 1."
    ):
        raise MentoringError(problem, field="carry_reason")
    cohort = db.session.get(Cohort, enrollment.cohort_id)
    if enrollment.year1_carried_from_id is not None:
        raise AlreadyDone(
            f"This enrollment in {cohort.name} already carries year 1; nothing changed.",
            field="carry_year1",
        )
    source = year1_to_carry(db.session.get(User, enrollment.mentee_id), cohort, today)
    origin = db.session.get(Enrollment, source.year1_carried_from_id or source.id)
    origin_cohort = db.session.get(Cohort, origin.cohort_id)
    enrollment.year1_carried_from_id, enrollment.year1_carry_reason = origin.id, reason
    tallies.refresh([enrollment.id])  # a carried year 1 is complete: never at risk
    audit.record(
        actor,
        "enrollment.year1_carried",
        enrollment,
        f"Year 1 of enrollment {origin.id} in {origin_cohort.name} carried into enrollment "
        f"{enrollment.id} in {cohort.name}. Reason: {reason}",
    )
    return origin


# Receivers: features below progress/ ask or tell it through signals, without importing it ----


@year1_carry_asked.connect
def _carry_year1_on_enrolment(enrollment: Enrollment, *, actor: User, reason: str, today: date):
    carry_year1(enrollment, actor, reason, today)


@at_risk_asked.connect
def _at_risk_for_matching(where: ColumnElement[bool], *, today: date) -> set[int]:
    return at_risk_now(where, today)


@year_work_changed.connect
def _recount_tallies(_sender, *, enrollment_ids: list[int]) -> None:
    tallies.refresh(enrollment_ids)


@year_met_asked.connect
def _year_met(_sender, *, enrollment_id: int, program_year: int) -> bool:
    return bool(
        db.session.scalar(
            select(YearSignOff.id).where(
                YearSignOff.enrollment_id == enrollment_id,
                YearSignOff.program_year == program_year,
                YearSignOff.met.is_(True),
            )
        )
    )
