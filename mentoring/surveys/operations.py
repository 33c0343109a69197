"""Surveys: defining them, giving them to cohorts, answering them, and the emails about them.

Nothing here writes who gave which answer: a response is stored with its run only, and the
person's participation is a separate row with neither the response's id nor a time. No audit
event or log line is written when someone answers.
"""

import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError

from mentoring.cohorts.models import Cohort, Enrollment, program_year_bounds
from mentoring.cohorts.operations import enrollment_withdrawn
from mentoring.core import audit, mail
from mentoring.core.errors import AlreadyDone, MentoringError
from mentoring.core.localtime import school_year_of
from mentoring.core.text import clean_text
from mentoring.core.urls import public_url
from mentoring.extensions import db
from mentoring.progress.operations import sign_off_opens_on
from mentoring.surveys import counts, queries
from mentoring.surveys.models import (
    QuestionKind,
    Survey,
    SurveyAnswer,
    SurveyAudience,
    SurveyParticipation,
    SurveyQuestion,
    SurveyResponse,
    SurveyRun,
)
from mentoring.users.models import User

REMIND_EVERY_DAYS = 7
# An exit survey stays open this long after its cohort ends, for the last withdrawals.
EXIT_GRACE_DAYS = 90
MAX_OPTIONS = 12
LOCKED = (
    "People have answered this survey, so its questions, their kinds, choices and order are "
    "fixed; only the wording can be corrected."
)


# Rules shared by the forms and the operations ------------------------------------------------


def options_from_text(text: str | None) -> list[str]:
    """The choices typed one per line, blank lines dropped."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def options_problem(kind: QuestionKind, options: list[str]) -> str | None:
    """Why these choices do not fit the question's kind."""
    if not kind.has_options:
        return None
    if len(options) < 2:
        return "Give at least two choices, one per line."
    if len(options) > MAX_OPTIONS:
        return f"Give at most {MAX_OPTIONS} choices."
    if len({option.casefold() for option in options}) < len(options):
        return "Give each choice once."
    if any(len(option) > 200 for option in options):
        return "Each choice must be 200 characters or fewer."
    return None


def dates_problem(opens_on: date | None, closes_on: date | None) -> str | None:
    """Why a run cannot have these dates."""
    if opens_on and closes_on and closes_on < opens_on:
        return "The closing date cannot be before the opening date."
    return None


def default_dates(survey: Survey, cohort: Cohort) -> tuple[date, date]:
    """When a survey opens and closes in a cohort unless the specialist says otherwise.

    A program year's survey opens with that year's sign-off window (its last 60 days) and
    closes when the year ends; the exit survey is open for the whole cohort, and a while after.
    """
    if survey.program_year is None:
        return cohort.starts_on, cohort.ends_on + timedelta(days=EXIT_GRACE_DAYS)
    _, year_ends = program_year_bounds(cohort, survey.program_year)
    return sign_off_opens_on(cohort, survey.program_year), year_ends


# Defining a survey ---------------------------------------------------------------------------


def _check_unlocked(survey: Survey) -> None:
    if queries.has_answers(survey.id):
        raise MentoringError(LOCKED)


def create_survey(
    title: str, audience: SurveyAudience, program_year: int | None, actor: User
) -> Survey:
    """Create a survey with no questions yet."""
    survey = Survey(
        title=clean_text(title),
        audience=audience,
        program_year=program_year if audience.has_program_year else None,
    )
    db.session.add(survey)
    db.session.flush()
    audit.record(actor, "survey.created", survey, f"Survey {survey.id} created")
    return survey


def update_survey(
    survey: Survey, actor: User, title: str, audience: SurveyAudience, program_year: int | None
) -> None:
    """Change a survey's title; its audience and program year only before anyone answered."""
    program_year = program_year if audience.has_program_year else None
    if (audience, program_year) != (survey.audience, survey.program_year):
        _check_unlocked(survey)
        if queries.run_count(survey.id):
            raise MentoringError(
                "This survey is given in cohorts already, so its audience and program year stay.",
                field="audience",
            )
    survey.title = clean_text(title)
    survey.audience, survey.program_year = audience, program_year
    audit.record(actor, "survey.updated", survey, f"Survey {survey.id} changed")


def add_question(
    survey: Survey,
    actor: User,
    kind: QuestionKind,
    text: str,
    options: list[str],
    is_required: bool,
) -> SurveyQuestion:
    """Add a question at the end of the survey (before anyone answered)."""
    _check_unlocked(survey)
    problem = options_problem(kind, options)
    if problem:
        raise MentoringError(problem, field="options")
    last = db.session.scalar(
        select(func.max(SurveyQuestion.position)).where(SurveyQuestion.survey_id == survey.id)
    )
    question = SurveyQuestion(
        survey_id=survey.id,
        position=(last or 0) + 1,
        kind=kind,
        text=clean_text(text),
        options=options if kind.has_options else [],
        is_required=is_required,
    )
    db.session.add(question)
    db.session.flush()
    audit.record(actor, "survey.question_added", survey, f"Question {question.id} added")
    return question


def update_question(
    question: SurveyQuestion,
    survey: Survey,
    actor: User,
    kind: QuestionKind,
    text: str,
    options: list[str],
    is_required: bool,
) -> None:
    """Change a question; once answers came in, only its wording and its choices' wording."""
    options = options if kind.has_options else []
    problem = options_problem(kind, options)
    if problem:
        raise MentoringError(problem, field="options")
    structural = (
        kind != question.kind
        or is_required != question.is_required
        or len(options) != len(question.options)
    )
    if structural and queries.has_answers(survey.id):
        raise MentoringError(LOCKED)
    question.kind, question.text = kind, clean_text(text)
    question.options, question.is_required = options, is_required
    audit.record(actor, "survey.question_changed", survey, f"Question {question.id} changed")


def delete_question(question: SurveyQuestion, survey: Survey, actor: User) -> None:
    """Remove a question (before anyone answered) and close the gap in the order."""
    _check_unlocked(survey)
    db.session.delete(question)
    db.session.flush()
    later = db.session.scalars(
        select(SurveyQuestion)
        .where(SurveyQuestion.survey_id == survey.id, SurveyQuestion.position > question.position)
        .order_by(SurveyQuestion.position)
    ).all()
    for following in later:
        following.position -= 1
        db.session.flush()  # one at a time: the (survey, position) pair stays unique
    audit.record(actor, "survey.question_deleted", survey, f"Question {question.id} deleted")


def move_question(question: SurveyQuestion, survey: Survey, actor: User, step: int) -> None:
    """Swap a question with the one above (step -1) or below (+1), before anyone answered."""
    _check_unlocked(survey)
    other = db.session.scalar(
        select(SurveyQuestion).where(
            SurveyQuestion.survey_id == survey.id,
            SurveyQuestion.position == question.position + step,
        )
    )
    if other is None:
        raise AlreadyDone("That question is at the " + ("top." if step < 0 else "bottom."))
    here, there = question.position, other.position
    question.position = 0  # out of the way while the other takes its place
    db.session.flush()
    other.position = here
    db.session.flush()
    question.position = there
    audit.record(actor, "survey.question_moved", survey, f"Question {question.id} moved")


# Giving a survey to cohorts ------------------------------------------------------------------


def give_to_cohorts(
    survey: Survey,
    cohorts: list[Cohort],
    actor: User,
    opens_on: date | None = None,
    closes_on: date | None = None,
) -> list[SurveyRun]:
    """Give the survey to each cohort (a run each). Dates left out are each cohort's defaults."""
    if not queries.question_count(survey.id):
        raise MentoringError("Add a question before giving the survey to cohorts.")
    if not cohorts:
        raise MentoringError("Choose at least one cohort.", field="cohorts")
    runs = []
    for cohort in cohorts:
        default_opens, default_closes = default_dates(survey, cohort)
        run_opens, run_closes = opens_on or default_opens, closes_on or default_closes
        problem = dates_problem(run_opens, run_closes)
        if problem:
            raise MentoringError(f"{cohort.name}: {problem}", field="closes_on")
        runs.append(
            SurveyRun(
                survey_id=survey.id,
                cohort_id=cohort.id,
                opens_on=run_opens,
                closes_on=run_closes,
                school_year=school_year_of(run_opens),
                admin_token=(
                    secrets.token_urlsafe(24)
                    if survey.audience == SurveyAudience.ADMINISTRATORS
                    else None
                ),
            )
        )
    db.session.add_all(runs)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        raise MentoringError(
            "One of these cohorts has this survey already.", field="cohorts"
        ) from None
    audit.record(
        actor,
        "survey.given",
        survey,
        f"Survey {survey.id} given to {len(runs)} cohort(s): "
        + ", ".join(str(cohort.id) for cohort in cohorts),
    )
    return runs


def change_dates(run: SurveyRun, actor: User, opens_on: date, closes_on: date) -> None:
    """Move a run's opening and closing dates."""
    problem = dates_problem(opens_on, closes_on)
    if problem:
        raise MentoringError(problem, field="closes_on")
    run.opens_on, run.closes_on = opens_on, closes_on
    run.school_year = school_year_of(opens_on)
    audit.record(
        actor,
        "survey.dates_changed",
        run,
        f"Survey run {run.id}: open {opens_on.isoformat()} to {closes_on.isoformat()}",
    )


# Answering -----------------------------------------------------------------------------------


def _mark_answered(run: SurveyRun, user: User) -> None:
    """Record that the person answered, once: a conditional UPDATE, else an INSERT that the
    unique (run, person) pair refuses when a second answer races the first."""
    marked = db.session.execute(
        update(SurveyParticipation)
        .where(
            SurveyParticipation.run_id == run.id,
            SurveyParticipation.user_id == user.id,
            SurveyParticipation.has_answered.is_(False),
        )
        .values(has_answered=True)
        .execution_options(synchronize_session=False)
    ).rowcount
    if marked:
        return
    try:
        with db.session.begin_nested():
            db.session.execute(
                insert(SurveyParticipation).values(
                    run_id=run.id, user_id=user.id, has_answered=True
                )
            )
    except IntegrityError:
        raise AlreadyDone("You have answered this survey already. Thank you.") from None


def submit(run: SurveyRun, answers: dict[int, int | list[int] | str | None], user=None) -> None:
    """Store one anonymous response; a person (not an administrator's link) answers once.

    answers maps each question's id to a scale point or choice index, a list of choice
    indexes, or text; the form checked them against the questions.
    """
    if user is not None:
        _mark_answered(run, user)
    response = SurveyResponse(run_id=run.id)
    db.session.add(response)
    db.session.flush()
    rows = []
    for question_id, value in answers.items():
        values = value if isinstance(value, list) else [value]
        for item in values:
            if item is None or item == "":
                continue
            text = clean_text(item) if isinstance(item, str) else None
            choice = item if isinstance(item, int) else None
            rows.append(
                SurveyAnswer(
                    response_id=response.id, question_id=question_id, choice=choice, text=text
                )
            )
    db.session.add_all(rows)
    db.session.flush()
    counts.recount(run.id)


# Emails --------------------------------------------------------------------------------------


@dataclass
class EmailRun:
    opened: int = 0  # first emails: the survey is open
    reminded: int = 0  # weekly reminders


def send_survey_emails(today: date) -> EmailRun:
    """Email everyone in an open survey's audience who has not answered: when it opens, then
    once a week until they answer or it closes. Run it daily; a second run on the same day
    sends nothing. The caller commits (and the mail goes then). Exit surveys are first emailed
    on withdrawal (invite_to_exit_survey); their weekly reminders go from here too."""
    result = EmailRun()
    last_reminded_by = today - timedelta(days=REMIND_EVERY_DAYS)
    due = [
        *queries.people_to_email(today, last_reminded_by),
        *queries.exit_people_to_remind(today, last_reminded_by),
    ]
    new, again = [], []
    for row in due:
        first = row.emailed_on is None
        mail.send(
            row.email,
            f"Survey: {row.title}" if first else f"Reminder: {row.title}",
            "survey",
            name=row.name,
            title=row.title,
            cohort=row.cohort_name,
            closes_on=row.closes_on,
            first=first,
            link=public_url("surveys.answer", run_id=row.run_id),
        )
        if row.participation_id is None:
            new.append({"run_id": row.run_id, "user_id": row.user_id, "emailed_on": today})
        else:
            again.append({"id": row.participation_id, "emailed_on": today})
        if first:
            result.opened += 1
        else:
            result.reminded += 1
    if new:
        db.session.execute(insert(SurveyParticipation), new)
    if again:
        db.session.execute(update(SurveyParticipation), again)
    return result


@enrollment_withdrawn.connect
def invite_to_exit_survey(enrollment: Enrollment) -> None:
    """Email the withdrawn mentee the exit survey, if their cohort has one open on the day
    they withdrew."""
    run = queries.exit_run_open_on(enrollment.cohort_id, enrollment.withdrawn_on)
    if run is None:
        return
    run, survey, cohort = run
    mentee = db.session.get(User, enrollment.mentee_id)
    participation = db.session.scalar(
        select(SurveyParticipation).where(
            SurveyParticipation.run_id == run.id, SurveyParticipation.user_id == mentee.id
        )
    )
    if participation is not None and participation.has_answered:
        return
    if participation is None:
        participation = SurveyParticipation(run_id=run.id, user_id=mentee.id)
        db.session.add(participation)
    participation.emailed_on = enrollment.withdrawn_on
    mail.send(
        mentee.email,
        f"Survey: {survey.title}",
        "survey_exit",
        name=mentee.name,
        title=survey.title,
        cohort=cohort.name,
        closes_on=run.closes_on,
        link=public_url("surveys.answer", run_id=run.id),
    )
