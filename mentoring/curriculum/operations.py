"""Changes to the PLC curriculum: the program's topic list, and a cohort's monthly topics with
their links and files. Each rule is a *_problem function that the forms share; an operation
checks every rule before it writes anything, so a refused change saves nothing."""

from datetime import datetime

from sqlalchemy import select

from mentoring.cohorts.models import Cohort
from mentoring.core import audit, files
from mentoring.core.errors import MentoringError
from mentoring.core.text import clean_text, line_problem
from mentoring.core.urls import https_link_problem
from mentoring.curriculum.models import (
    MAX_TITLE,
    MAX_URL,
    CurriculumFile,
    CurriculumLink,
    CurriculumMonth,
    CurriculumTopic,
)
from mentoring.curriculum.seed import PROGRAM_TOPICS
from mentoring.extensions import db
from mentoring.users.models import User

MAX_FILE_BYTES = 10 * 1024 * 1024
FILE_TYPES = (files.PDF, files.DOCX, files.PPTX)
TOPIC_MISSING = "Choose a topic from the list or type one."
ON_THE_LIST = "That topic is already on the list."


def title_problem(title: str, missing: str = TOPIC_MISSING) -> str | None:
    """A topic's title: given, one line, at most 200 characters."""
    return line_problem(title, "the topic", MAX_TITLE, missing)


def topic_choice_problem(chosen: str, typed: str) -> str | None:
    """The month's topic comes from the list or is typed, not both and not neither."""
    if chosen and typed:
        return "Choose a topic from the list or type one, not both."
    return title_problem(chosen or typed)


def link_problem(url: str) -> str | None:
    """A resource's link, if one is given: an https:// address of at most 500 characters."""
    return https_link_problem(url, MAX_URL, "link", "https://dese.mo.gov/…")


def label_problem(label: str, url: str) -> str | None:
    """A link's name: optional (the address stands in), one line, at most 200 characters."""
    if label and not url:
        return "Give the link's address too, or clear its name."
    return line_problem(label, "the name", MAX_TITLE)


def upload_problem(data: bytes | None) -> str | None:
    """A resource's file, if one is given: PDF, DOCX or PPTX by its content, at most 10 MB."""
    if data is None:
        return None
    return files.file_problem(data, FILE_TYPES, MAX_FILE_BYTES)


def _raise_first(*checks: tuple[str, str | None]) -> None:
    for field, problem in checks:
        if problem:
            raise MentoringError(problem, field=field)


# The program's topic list --------------------------------------------------------------------


def add_list_topic(actor: User, title: str) -> CurriculumTopic:
    """Add a topic to the program's list."""
    title = clean_text(title)
    _raise_first(("title", title_problem(title, "Type the topic.")))
    if db.session.scalar(select(CurriculumTopic.id).where(CurriculumTopic.title == title)):
        raise MentoringError(ON_THE_LIST, field="title")
    topic = CurriculumTopic(title=title)
    db.session.add(topic)
    db.session.flush()
    audit.record(actor, "curriculum.topic_added", topic, f"PLC topic {topic.id} added to the list")
    return topic


def _remove(actor: User, action: str, target, summary: str) -> None:
    audit.record(actor, action, target, summary)
    db.session.delete(target)
    db.session.flush()


def remove_list_topic(actor: User, topic: CurriculumTopic) -> None:
    """Take a topic off the list; the months that chose it keep their title."""
    _remove(actor, "curriculum.topic_removed", topic, f"PLC topic {topic.id} removed from the list")


def seed_list_topics() -> None:
    """Put the program's own topics on an empty list (the demo data; the migration does it
    for a new installation)."""
    if db.session.scalar(select(CurriculumTopic.id).limit(1)) is None:
        db.session.add_all(CurriculumTopic(title=title) for title in PROGRAM_TOPICS)
        db.session.flush()


# A cohort's months ---------------------------------------------------------------------------


def set_month(
    cohort: Cohort,
    program_year: int,
    month: int,
    actor: User,
    now: datetime,
    *,
    chosen: str = "",
    typed: str = "",
    link_url: str = "",
    link_label: str = "",
    file_name: str | None = None,
    file_data: bytes | None = None,
) -> CurriculumMonth:
    """Set a month's topic and add a link and a file to it, all or nothing."""
    chosen, typed = clean_text(chosen), clean_text(typed)
    link_url, link_label = clean_text(link_url), clean_text(link_label)
    _raise_first(
        ("typed" if typed else "chosen", topic_choice_problem(chosen, typed)),
        ("link_url", link_problem(link_url)),
        ("link_label", label_problem(link_label, link_url)),
        ("file", upload_problem(file_data)),
    )
    title = chosen or typed
    entry = db.session.scalar(
        select(CurriculumMonth).where(
            CurriculumMonth.cohort_id == cohort.id,
            CurriculumMonth.program_year == program_year,
            CurriculumMonth.month == month,
        )
    )
    if entry is None:
        entry = CurriculumMonth(
            cohort_id=cohort.id, program_year=program_year, month=month, title=title
        )
        db.session.add(entry)
        db.session.flush()
    entry.title = title
    added = []
    if link_url:
        label = link_label or link_url
        db.session.add(CurriculumLink(month_id=entry.id, url=link_url, label=label))
        added.append("a link")
    if file_data is not None:
        stored = CurriculumFile(month_id=entry.id)
        stored.stored_fields(file_name, file_data, now, fallback="resource")
        db.session.add(stored)
        added.append(f"a file ({stored.content_type}, {stored.size_bytes:,} bytes)")
    db.session.flush()
    audit.record(
        actor,
        "curriculum.month_set",
        entry,
        f"Cohort {cohort.id}, year {program_year}, month {month}: topic set"
        + (f", {' and '.join(added)} added" if added else ""),
    )
    return entry


def remove_link(actor: User, link: CurriculumLink) -> None:
    """Take a link off its month."""
    _remove(actor, "curriculum.link_removed", link, f"Link {link.id} removed")


def remove_file(actor: User, stored: CurriculumFile) -> None:
    """Take a file off its month."""
    _remove(
        actor,
        "curriculum.file_removed",
        stored,
        f"File {stored.id} ({stored.content_type}, {stored.size_bytes:,} bytes) removed",
    )


def clear_month(actor: User, entry: CurriculumMonth) -> None:
    """Remove a month's topic with its links and files; meetings that covered it keep their
    record and no longer name it."""
    _remove(
        actor,
        "curriculum.month_cleared",
        entry,
        f"Cohort {entry.cohort_id}, year {entry.program_year}, month {entry.month}: topic removed",
    )
