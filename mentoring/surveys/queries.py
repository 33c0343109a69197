"""Surveys, read side: who is asked, what is open for whom, and the results.

Results are counted in SQL over whole groups of runs (a cohort, a region, a school year) and are
never returned for a group of fewer than MIN_ANSWERS_SHOWN responses.
"""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Select, and_, exists, func, literal, or_, select, union_all

from mentoring.cohorts.models import (
    RUNNING_COHORT_STATUSES,
    Cohort,
    Enrollment,
    EnrollmentStatus,
    PlcGroup,
)
from mentoring.core import policy
from mentoring.core.paging import paginate_rows
from mentoring.extensions import db
from mentoring.surveys.models import (
    MIN_ANSWERS_SHOWN,
    SCALE_POINTS,
    QuestionKind,
    Survey,
    SurveyAnswer,
    SurveyAnswerCount,
    SurveyAudience,
    SurveyParticipation,
    SurveyQuestion,
    SurveyResponse,
    SurveyRun,
)
from mentoring.users.models import User

# Text answers listed on the results page for each question; the export has them all.
TEXTS_SHOWN = 100
ANSWERING_STATUSES = (EnrollmentStatus.ACTIVE, EnrollmentStatus.COMPLETED)


def has_answers(survey_id: int) -> bool:
    """Whether anyone answered the survey in any cohort: its structure is then fixed."""
    return bool(
        db.session.scalar(
            select(
                exists()
                .where(SurveyResponse.run_id == SurveyRun.id)
                .where(SurveyRun.survey_id == survey_id)
            )
        )
    )


def run_count(survey_id: int) -> int:
    return db.session.scalar(
        select(func.count()).select_from(SurveyRun).where(SurveyRun.survey_id == survey_id)
    )


def question_count(survey_id: int) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(SurveyQuestion)
        .where(SurveyQuestion.survey_id == survey_id)
    )


def questions(survey_id: int) -> list[SurveyQuestion]:
    return list(
        db.session.scalars(
            select(SurveyQuestion)
            .where(SurveyQuestion.survey_id == survey_id)
            .order_by(SurveyQuestion.position)
        )
    )


# Who is asked --------------------------------------------------------------------------------


def _audience():
    """Every (run, person) pair a run asks: the cohort's mentees (active or completed), its
    PLC groups' mentors, or for an exit survey its withdrawn mentees. Administrators answer
    through a link and are nobody's account."""
    mentees = (
        select(SurveyRun.id.label("run_id"), Enrollment.mentee_id.label("user_id"))
        .join(Survey, Survey.id == SurveyRun.survey_id)
        .join(Enrollment, Enrollment.cohort_id == SurveyRun.cohort_id)
        .where(
            or_(
                and_(
                    Survey.audience == SurveyAudience.MENTEES,
                    Enrollment.status.in_(ANSWERING_STATUSES),
                ),
                and_(
                    Survey.audience == SurveyAudience.EXIT,
                    Enrollment.status == EnrollmentStatus.WITHDRAWN,
                ),
            )
        )
    )
    mentors = (
        select(SurveyRun.id.label("run_id"), PlcGroup.mentor_id.label("user_id"))
        .join(Survey, Survey.id == SurveyRun.survey_id)
        .join(PlcGroup, PlcGroup.cohort_id == SurveyRun.cohort_id)
        .where(Survey.audience == SurveyAudience.MENTORS)
    )
    return union_all(mentees, mentors).subquery("audience")


def is_asked(run_id: int, user_id: int) -> bool:
    """Whether the run asks this person."""
    audience = _audience()
    return bool(
        db.session.scalar(
            select(literal(True)).where(audience.c.run_id == run_id, audience.c.user_id == user_id)
        )
    )


def has_answered(run_id: int, user_id: int) -> bool:
    return bool(
        db.session.scalar(
            select(SurveyParticipation.has_answered).where(
                SurveyParticipation.run_id == run_id, SurveyParticipation.user_id == user_id
            )
        )
    )


def open_for(user_id: int, today: date) -> list[tuple[SurveyRun, Survey, Cohort]]:
    """The surveys open today that ask this person and that they have not answered: one query,
    for the home page."""
    audience = _audience()
    return list(
        db.session.execute(
            select(SurveyRun, Survey, Cohort)
            .join(audience, audience.c.run_id == SurveyRun.id)
            .join(Survey, Survey.id == SurveyRun.survey_id)
            .join(Cohort, Cohort.id == SurveyRun.cohort_id)
            .outerjoin(
                SurveyParticipation,
                and_(
                    SurveyParticipation.run_id == SurveyRun.id,
                    SurveyParticipation.user_id == user_id,
                ),
            )
            .where(
                audience.c.user_id == user_id,
                SurveyRun.opens_on <= today,
                SurveyRun.closes_on >= today,
                or_(SurveyParticipation.id.is_(None), SurveyParticipation.has_answered.is_(False)),
            )
            .order_by(SurveyRun.closes_on, SurveyRun.id)
        ).all()
    )


# What a survey email needs: the run, its survey and cohort, the person, their participation.
_EMAIL_COLUMNS = (
    SurveyRun.id.label("run_id"),
    SurveyRun.closes_on,
    Survey.title,
    Cohort.name.label("cohort_name"),
    User.id.label("user_id"),
    User.email,
    User.name,
    SurveyParticipation.id.label("participation_id"),
    SurveyParticipation.emailed_on,
)


def people_to_email(today: date, last_reminded_by: date):
    """Each person an open survey asks who has not answered and was not emailed about it since
    last_reminded_by (or ever): one query. Exit surveys are emailed on withdrawal instead."""
    audience = _audience()
    return db.session.execute(
        select(*_EMAIL_COLUMNS)
        .join(audience, audience.c.run_id == SurveyRun.id)
        .join(Survey, Survey.id == SurveyRun.survey_id)
        .join(Cohort, Cohort.id == SurveyRun.cohort_id)
        .join(User, User.id == audience.c.user_id)
        .outerjoin(
            SurveyParticipation,
            and_(
                SurveyParticipation.run_id == SurveyRun.id,
                SurveyParticipation.user_id == User.id,
            ),
        )
        .where(
            Survey.audience != SurveyAudience.EXIT,
            SurveyRun.opens_on <= today,
            SurveyRun.closes_on >= today,
            User.is_active.is_(True),
            or_(
                SurveyParticipation.id.is_(None),
                and_(
                    SurveyParticipation.has_answered.is_(False),
                    or_(
                        SurveyParticipation.emailed_on.is_(None),
                        SurveyParticipation.emailed_on <= last_reminded_by,
                    ),
                ),
            ),
        )
        .order_by(User.id, SurveyRun.id)
    ).all()


def exit_people_to_remind(today: date, last_reminded_by: date):
    """The withdrawn mentees an open exit survey was emailed to (on their withdrawal) who have
    not answered and were not emailed about it since last_reminded_by: the weekly reminder,
    with the columns of people_to_email. One query."""
    return db.session.execute(
        select(*_EMAIL_COLUMNS)
        .join(SurveyRun, SurveyRun.id == SurveyParticipation.run_id)
        .join(Survey, Survey.id == SurveyRun.survey_id)
        .join(Cohort, Cohort.id == SurveyRun.cohort_id)
        .join(User, User.id == SurveyParticipation.user_id)
        .where(
            Survey.audience == SurveyAudience.EXIT,
            SurveyRun.opens_on <= today,
            SurveyRun.closes_on >= today,
            User.is_active.is_(True),
            SurveyParticipation.has_answered.is_(False),
            SurveyParticipation.emailed_on <= last_reminded_by,
        )
        .order_by(User.id, SurveyRun.id)
    ).all()


def exit_run_open_on(cohort_id: int, day: date):
    """The cohort's exit survey run open on this day, with its survey and cohort, or None."""
    return db.session.execute(
        select(SurveyRun, Survey, Cohort)
        .join(Survey, Survey.id == SurveyRun.survey_id)
        .join(Cohort, Cohort.id == SurveyRun.cohort_id)
        .where(
            SurveyRun.cohort_id == cohort_id,
            Survey.audience == SurveyAudience.EXIT,
            SurveyRun.opens_on <= day,
            SurveyRun.closes_on >= day,
        )
        .order_by(SurveyRun.id.desc())
        .limit(1)
    ).first()


def run_by_admin_token(token: str):
    """The administrators' run this link opens, with its survey and cohort, or None."""
    return db.session.execute(
        select(SurveyRun, Survey, Cohort)
        .join(Survey, Survey.id == SurveyRun.survey_id)
        .join(Cohort, Cohort.id == SurveyRun.cohort_id)
        .where(SurveyRun.admin_token == token)
    ).first()


# Lists for specialists -------------------------------------------------------------------------


def _responses_per_run():
    return (
        select(SurveyResponse.run_id, func.count().label("answers"))
        .group_by(SurveyResponse.run_id)
        .subquery()
    )


def surveys_page(page: int, per_page: int):
    """Surveys, newest first, each with its number of questions, cohorts and answers."""
    question_counts = (
        select(SurveyQuestion.survey_id, func.count().label("questions"))
        .group_by(SurveyQuestion.survey_id)
        .subquery()
    )
    per_run = _responses_per_run()
    run_counts = (
        select(
            SurveyRun.survey_id,
            func.count().label("cohorts"),
            func.coalesce(func.sum(per_run.c.answers), 0).label("answers"),
        )
        .outerjoin(per_run, per_run.c.run_id == SurveyRun.id)
        .group_by(SurveyRun.survey_id)
        .subquery()
    )
    query = (
        select(
            Survey,
            func.coalesce(question_counts.c.questions, 0),
            func.coalesce(run_counts.c.cohorts, 0),
            func.coalesce(run_counts.c.answers, 0),
        )
        .outerjoin(question_counts, question_counts.c.survey_id == Survey.id)
        .outerjoin(run_counts, run_counts.c.survey_id == Survey.id)
        .order_by(Survey.id.desc())
    )
    return paginate_rows(query, page, per_page, select(func.count()).select_from(Survey))


def runs_page(survey_id: int, page: int, per_page: int):
    """The cohorts a survey is given in, with each one's number of answers."""
    per_run = _responses_per_run()
    query = (
        select(SurveyRun, Cohort, func.coalesce(per_run.c.answers, 0))
        .join(Cohort, Cohort.id == SurveyRun.cohort_id)
        .outerjoin(per_run, per_run.c.run_id == SurveyRun.id)
        .where(SurveyRun.survey_id == survey_id)
        .order_by(SurveyRun.opens_on.desc(), Cohort.name, SurveyRun.id)
    )
    count = select(func.count()).select_from(SurveyRun).where(SurveyRun.survey_id == survey_id)
    return paginate_rows(query, page, per_page, count)


def cohorts_without(survey_id: int) -> list[Cohort]:
    """Running cohorts the survey is not given in yet (planning or active), by start year."""
    given = select(SurveyRun.cohort_id).where(SurveyRun.survey_id == survey_id)
    return list(
        db.session.scalars(
            select(Cohort)
            .where(Cohort.id.not_in(given), Cohort.status.in_(RUNNING_COHORT_STATUSES))
            .order_by(Cohort.start_year.desc(), Cohort.region, Cohort.name)
        )
    )


# Results -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    cohort_id: int | None = None
    region: str | None = None
    school_year: int | None = None


def _runs(survey_id: int, filters: Filters) -> Select:
    query = (
        select(SurveyRun.id)
        .join(Cohort, Cohort.id == SurveyRun.cohort_id)
        .where(SurveyRun.survey_id == survey_id)
    )
    if filters.cohort_id:
        query = query.where(SurveyRun.cohort_id == filters.cohort_id)
    if filters.region:
        query = query.where(Cohort.region == filters.region)
    if filters.school_year:
        query = query.where(SurveyRun.school_year == filters.school_year)
    return query


def filter_choices(survey_id: int):
    """The cohorts, regions and school years the survey was given in: one query."""
    rows = db.session.execute(
        select(Cohort.id, Cohort.name, Cohort.region, SurveyRun.school_year)
        .join(SurveyRun, SurveyRun.cohort_id == Cohort.id)
        .where(SurveyRun.survey_id == survey_id)
        .order_by(Cohort.name, Cohort.id)
    ).all()
    return (
        [(row.id, row.name) for row in rows],
        sorted({row.region for row in rows}),
        sorted({row.school_year for row in rows}, reverse=True),
    )


def answers_by_region_and_year(survey_id: int) -> list[tuple[str, int, int]]:
    """(region, school year, answers) of every region and year the survey was given in: one
    query. Counts only, which the results page shows beside links to each group's results."""
    per_run = _responses_per_run()
    return [
        tuple(row)
        for row in db.session.execute(
            select(
                Cohort.region,
                SurveyRun.school_year,
                func.coalesce(func.sum(per_run.c.answers), 0),
            )
            .join(Cohort, Cohort.id == SurveyRun.cohort_id)
            .outerjoin(per_run, per_run.c.run_id == SurveyRun.id)
            .where(SurveyRun.survey_id == survey_id)
            .group_by(Cohort.region, SurveyRun.school_year)
            .order_by(SurveyRun.school_year.desc(), Cohort.region)
        )
    ]


@dataclass
class QuestionResult:
    question: SurveyQuestion
    counts: list[tuple[str, int]] = field(default_factory=list)  # (choice, answers)
    texts: list[str] = field(default_factory=list)
    text_total: int = 0

    @property
    def answered(self) -> int:
        return sum(count for _, count in self.counts)


@dataclass
class Results:
    answers: int  # responses in the group
    questions: list[QuestionResult]

    @property
    def is_shown(self) -> bool:
        return self.answers >= MIN_ANSWERS_SHOWN


def _labels(question: SurveyQuestion) -> list[str]:
    if question.kind == QuestionKind.SCALE:
        return [str(point) for point in SCALE_POINTS]
    return list(question.options)


def results(survey_id: int, filters: Filters, texts_per_question: int | None = TEXTS_SHOWN):
    """The results of the runs the filters select: nothing but the count below the threshold.

    Four queries whatever the number of answers: the count, the questions, the choices (and
    each question's number of text answers) added up from the runs' kept counts
    (survey_answer_counts), and the text answers (sorted, so their order says nothing of who
    or when): the first texts_per_question of each question, or all of them.
    """
    runs = _runs(survey_id, filters)
    answers = db.session.scalar(
        select(func.count()).select_from(SurveyResponse).where(SurveyResponse.run_id.in_(runs))
    )
    if answers < MIN_ANSWERS_SHOWN:
        return Results(answers, [])
    by_question = {question.id: QuestionResult(question) for question in questions(survey_id)}
    counted = db.session.execute(
        select(
            SurveyAnswerCount.question_id,
            SurveyAnswerCount.choice,
            func.sum(SurveyAnswerCount.answers),
        )
        .where(SurveyAnswerCount.run_id.in_(runs))
        .group_by(SurveyAnswerCount.question_id, SurveyAnswerCount.choice)
    ).all()
    tallies: dict[tuple[int, int | None], int] = {(q, c): n for q, c, n in counted}
    for result in by_question.values():
        question = result.question
        if question.kind.is_text:
            result.text_total = tallies.get((question.id, None), 0)
            continue
        scale = question.kind == QuestionKind.SCALE
        values = SCALE_POINTS if scale else range(len(question.options))
        result.counts = [
            (label, tallies.get((question.id, value), 0))
            for label, value in zip(_labels(question), values, strict=True)
        ]
    text_ids = [q for q, result in by_question.items() if result.question.kind.is_text]
    for question_id, text in db.session.execute(_texts(runs, text_ids, texts_per_question)):
        by_question[question_id].texts.append(text)
    return Results(answers, list(by_question.values()))


def _texts(runs: Select, question_ids: list[int], limit: int | None) -> Select:
    """The text answers of these questions in these runs, by question, then sorted: all of
    them, or the first `limit` of each question (one part per question, so that each stops at
    its limit instead of ranking every answer)."""
    in_group = SurveyAnswer.response_id.in_(
        select(SurveyResponse.id).where(SurveyResponse.run_id.in_(runs))
    )
    of = select(SurveyAnswer.question_id, SurveyAnswer.text, SurveyAnswer.id).where(
        in_group, SurveyAnswer.text.is_not(None)
    )
    if limit is None or not question_ids:
        found = of.where(SurveyAnswer.question_id.in_(question_ids)).subquery()
    else:
        parts = [
            of.where(SurveyAnswer.question_id == question_id)
            .order_by(SurveyAnswer.text, SurveyAnswer.id)
            .limit(limit)
            .subquery()
            for question_id in question_ids
        ]
        found = union_all(*(select(part) for part in parts)).subquery()
    return select(found.c.question_id, found.c.text).order_by(
        found.c.question_id, found.c.text, found.c.id
    )


EXPORT_HEADER = ["Question", "Kind", "Answer", "Count"]


def export_rows(found: Results) -> tuple[list[str], list[list]]:
    """The results as rows: each choice with its count, then each text answer (sorted)."""
    rows: list[list] = []
    for result in found.questions:
        kind = result.question.kind.label
        for label, count in result.counts:
            rows.append([result.question.text, kind, label, count])
        for text in result.texts:
            rows.append([result.question.text, kind, text, 1])
    return EXPORT_HEADER, rows


@policy.regions_by(SurveyRun)
def run_regions(run: SurveyRun) -> list[str]:
    """A survey's run in a cohort: the cohort's region."""
    return [db.session.scalar(select(Cohort.region).where(Cohort.id == run.cohort_id))]
