"""The program manual's essential experiences: the program's default list per program year, and
each cohort's own copy, made when the cohort is created exactly as its requirements are copied.

The department's pages (../shared/seeds/) name the program's three goals but list no
experiences, so the built-in list is a starting point drawn from those goals that specialists
edit. Which mentee has done which experience lives in plans/ (ExperienceDone).
"""

from blinker import Namespace
from sqlalchemy import func, insert, literal, select

from mentoring.cohorts.models import Cohort, EssentialExperience
from mentoring.core import audit
from mentoring.core.errors import MentoringError
from mentoring.core.text import clean_text, line_problem
from mentoring.core.wording import plural
from mentoring.extensions import db
from mentoring.users.models import User

MAX_TITLE = 200
TITLE_MISSING = "Write the experience."

BUILT_IN: dict[int, tuple[str, ...]] = {
    1: (
        "Observed a peer's classroom guidance lesson",
        "Built a yearly school counseling calendar",
        "Met the principal to agree on the counselor's role and duties",
        "Reviewed the district's crisis response plan",
        "Took part in a student's individual planning meeting (504, IEP or individual career "
        "and academic plan)",
    ),
    2: (
        "Led a small-group counseling series",
        "Used school data to set a program goal and reported its results",
        "Presented the school counseling program to staff, families or the board",
        "Reviewed the school counseling program with the principal at year's end",
        "Attended a professional conference or regional training",
    ),
}


def seed_default_experiences() -> None:
    """Write the built-in default list (called once, when the program defaults are created)."""
    db.session.add_all(
        EssentialExperience(cohort_id=None, program_year=year, position=position, title=title)
        for year, titles in BUILT_IN.items()
        for position, title in enumerate(titles, start=1)
    )
    db.session.flush()


def copy_defaults(cohort: Cohort) -> None:
    """Give a new cohort its own copy of the program's default experiences (one INSERT)."""
    db.session.execute(
        insert(EssentialExperience).from_select(
            ["cohort_id", "program_year", "position", "title"],
            select(
                literal(cohort.id),
                EssentialExperience.program_year,
                EssentialExperience.position,
                EssentialExperience.title,
            ).where(EssentialExperience.cohort_id.is_(None)),
        )
    )


def _owned_by(cohort_id: int | None):
    if cohort_id is None:
        return EssentialExperience.cohort_id.is_(None)
    return EssentialExperience.cohort_id == cohort_id


def experiences_of(cohort_id: int | None) -> dict[int, list[EssentialExperience]]:
    """A cohort's list (or the defaults', for None) by program year, in order: one query."""
    lists: dict[int, list[EssentialExperience]] = {1: [], 2: []}
    for item in db.session.scalars(
        select(EssentialExperience)
        .where(_owned_by(cohort_id))
        .order_by(EssentialExperience.program_year, EssentialExperience.position)
    ):
        lists[item.program_year].append(item)
    return lists


def title_problem(title: str) -> str | None:
    return line_problem(title.strip(), "the experience", MAX_TITLE, TITLE_MISSING)


def _checked(title: str) -> str:
    title = clean_text(title).strip()
    problem = title_problem(title)
    if problem:
        raise MentoringError(problem, "title")
    return title


def _where(cohort_id: int | None) -> str:
    return f"cohort {cohort_id}" if cohort_id else "the program defaults"


def add_experience(
    cohort: Cohort | None, year: int, title: str, actor: User
) -> EssentialExperience:
    """Add an experience at the end of a program year's list (a cohort's, or the defaults')."""
    if year not in (1, 2):
        raise MentoringError("Choose program year 1 or 2.", "program_year")
    title = _checked(title)
    cohort_id = cohort.id if cohort else None
    last = db.session.scalar(
        select(func.max(EssentialExperience.position)).where(
            _owned_by(cohort_id), EssentialExperience.program_year == year
        )
    )
    item = EssentialExperience(
        cohort_id=cohort_id, program_year=year, position=(last or 0) + 1, title=title
    )
    db.session.add(item)
    db.session.flush()
    audit.record(
        actor,
        "experiences.added",
        cohort,
        f"Essential experience {item.id} added to year {year} of {_where(cohort_id)}: {title}",
    )
    return item


def rename_experience(item: EssentialExperience, title: str, actor: User) -> bool:
    """Reword an experience; ticks made against it stay."""
    title = _checked(title)
    if title == item.title:
        return False
    before, item.title = item.title, title
    audit.record(
        actor,
        "experiences.renamed",
        db.session.get(Cohort, item.cohort_id) if item.cohort_id else None,
        f"Essential experience {item.id} of {_where(item.cohort_id)}: {before} → {title}",
    )
    return True


# Sent by remove_experience() before it deletes: the ticks live in plans/ (a layer above), so
# plans/operations.py answers with how many mentees ticked the experience off.
experience_ticks_asked = Namespace().signal("experience-ticks-asked")


def remove_experience(item: EssentialExperience, actor: User) -> None:
    """Take an experience off its list, unless a mentee has it ticked off (nothing is lost)."""
    answers = experience_ticks_asked.send(item)
    if not answers:
        raise RuntimeError("Nothing answers experience_ticks_asked: plans/ is not loaded.")
    ticked = sum(count for _receiver, count in answers)
    if ticked:
        raise MentoringError(
            f"{plural(ticked, 'mentee')} had this experience ticked off, so it stays on the "
            "list. Reword it instead."
        )
    audit.record(
        actor,
        "experiences.removed",
        db.session.get(Cohort, item.cohort_id) if item.cohort_id else None,
        f"Essential experience {item.id} removed from year {item.program_year} of "
        f"{_where(item.cohort_id)}: {item.title}",
    )
    db.session.delete(item)
    db.session.flush()
