"""Roster import: a CSV or Excel (.xlsx) file of mentees for a cohort, checked whole, then
applied at once. A file Excel has re-saved still reads: US dates (8/1/2025), grade levels and
kinds by value or label in any case ("Middle School", "middle", "MIDDLE").

Every row is checked before anything is written, so one bad row leaves the database unchanged.
What the checks need from the database (accounts, profiles, enrollments, the cohort's PLC groups
and their mentors) is loaded first with a fixed number of IN (...) queries, never row by row.
"""

import csv
import io
import re
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

import openpyxl
from email_validator import EmailNotValidError, validate_email
from sqlalchemy import or_, select

from mentoring.auth.operations import send_invitation
from mentoring.cohorts import operations as cohort_operations
from mentoring.cohorts.models import (
    Cohort,
    Enrollment,
    EnrollmentStatus,
    MenteeKind,
    MenteeProfile,
    PlcGroup,
)
from mentoring.core import audit
from mentoring.core.choices import REGIONS, GradeLevel
from mentoring.core.errors import MentoringError
from mentoring.core.roles import Role
from mentoring.core.text import characters_problem
from mentoring.extensions import db
from mentoring.mentors.models import MentorProfile
from mentoring.users.models import User, normalise_email
from mentoring.users.operations import create_user

COLUMNS = [
    "email",
    "name",
    "district",
    "school",
    "grade_level",
    "kind",
    "region",
    "iss_issued_on",
    "mentor_email",
]
REQUIRED = {"email", "name", "district", "school", "grade_level", "kind"}
MAX_BYTES = 2 * 1024 * 1024
# One request writes every row; this many stays well inside a worker's timeout (500 rows ≈ 4 s).
MAX_ROWS = 2000

# Read from the models, so that a longer column there is a longer column here.
MAX_LENGTHS = {
    "email": User.__table__.c.email.type.length,
    "name": User.__table__.c.name.type.length,
    "district": MenteeProfile.__table__.c.district.type.length,
    "school": MenteeProfile.__table__.c.school.type.length,
}
_REGIONS_BY_KEY = {region.casefold(): region for region in REGIONS}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Values per IN (...): well below SQLite's (32,766) and PostgreSQL's (65,535) parameter limits,
# which a 2 MB file of short rows could otherwise reach.
_IN_BATCH = 1000


@dataclass(frozen=True)
class RowProblem:
    row: int  # as a spreadsheet numbers it: the header is row 1, the first mentee row 2
    column: str
    problem: str


@dataclass
class ImportResult:
    created: int = 0
    matched: int = 0
    enrolled: int = 0
    assigned: int = 0
    unchanged: int = 0


class RosterRejected(MentoringError):
    """The file cannot be imported; nothing was changed."""

    def __init__(self, message: str, problems: list[RowProblem] | None = None):
        super().__init__(message, field="roster")
        self.problems = problems or []


def template_rows() -> tuple[list[str], list[list]]:
    """The header and one example row, for the downloadable template (CSV or .xlsx)."""
    example = {
        "email": "jordan.lee@fulton58.example.org",
        "name": "Jordan Lee",
        "district": "Fulton 58",
        "school": "Fulton Middle School",
        "grade_level": "middle",
        "kind": "new",
        "region": "Central",
        "iss_issued_on": date(2025, 8, 1),
        "mentor_email": "",
    }
    return COLUMNS, [[example[column] for column in COLUMNS]]


@dataclass
class _Row:
    """One mentee row, with its values cleaned; a value that failed its check is None."""

    number: int
    email: str
    name: str
    district: str
    school: str
    grade_level: GradeLevel | None
    kind: MenteeKind | None
    region: str | None
    iss_issued_on: date | None
    mentor_email: str
    is_email_valid: bool = True


@dataclass
class _Known:
    """What the database already holds about the file's people and the cohort."""

    users: dict[str, User] = field(default_factory=dict)
    profiles: dict[int, MenteeProfile] = field(default_factory=dict)
    active: dict[int, tuple[Enrollment, str]] = field(default_factory=dict)
    closed_here: dict[int, Enrollment] = field(default_factory=dict)
    groups: dict[int, PlcGroup] = field(default_factory=dict)
    mentors: dict[int, MentorProfile] = field(default_factory=dict)


def import_roster(cohort: Cohort, data: bytes, actor: User, today: date) -> ImportResult:
    """Enroll the file's mentees in the cohort if every row is right; otherwise change nothing.

    Raises RosterRejected with every problem found. Writes go to the current transaction; the
    caller commits (or rolls back when a MentoringError escapes from a concurrent change).
    """
    if not cohort.status.is_running:
        raise RosterRejected(
            f"{cohort.name} is {cohort.status.label.lower()}; it takes no new mentees."
        )
    rows, problems = _parse(_read(data), today)
    known = _load(cohort, rows)
    problems += _check_people(cohort, rows, known)
    if problems:
        problems.sort(key=_problem_order)
        rows_with_problems = len({problem.row for problem in problems})
        raise RosterRejected(
            f"Nothing was imported: {_count(len(problems), 'problem')} in "
            f"{_count(rows_with_problems, 'row')}. Correct the file and import it again.",
            problems,
        )
    return _apply(cohort, rows, known, actor, today)


# Reading the file ----------------------------------------------------------------------------


XLSX_MAX_UNPACKED = 20 * 1024 * 1024  # a 2 MB workbook of text unpacks to a few times that


def _read(data: bytes) -> list[list[str]]:
    """The file's records, the header first, from a CSV file or an Excel workbook."""
    if len(data) > MAX_BYTES:
        raise RosterRejected("This file is larger than 2 MB. Split the roster into smaller files.")
    records = _xlsx_records(data) if data.startswith(b"PK\x03\x04") else _csv_records(data)
    return _checked(records)


def _csv_records(data: bytes) -> list[list[str]]:
    try:
        # Excel's "CSV UTF-8" starts the file with a byte order mark: utf-8-sig drops it.
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RosterRejected(
            "This file is not UTF-8 text. In Excel, save it as “CSV UTF-8 (Comma delimited)” "
            "or as an Excel workbook (.xlsx)."
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        return list(reader)
    except csv.Error as error:
        raise RosterRejected(
            f"This is not a readable CSV file (line {reader.line_num}: {error})."
        ) from None


def _xlsx_records(data: bytes) -> list[list[str]]:
    """The first sheet's rows as text, blank rows kept (rows are numbered as Excel shows them);
    dates as YYYY-MM-DD."""
    unreadable = RosterRejected("This is not a readable Excel workbook (.xlsx).")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            unpacked = sum(member.file_size for member in package.infolist())
        if unpacked > XLSX_MAX_UNPACKED:
            raise unreadable
        workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise unreadable from None
    sheet = workbook.worksheets[0]
    return [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _checked(records: list[list[str]]) -> list[list[str]]:
    """The records, if the file is a roster: a known header and at least one mentee."""
    if not any(cell.strip() for record in records for cell in record):
        raise RosterRejected("This file is empty.")
    names = _header(records)
    if not set(names) & set(COLUMNS):
        raise RosterRejected(
            "This is not a roster file: its first row must name the columns "
            + ", ".join(COLUMNS)
            + ". Download the template to start from."
        )
    complaints = []
    missing = [column for column in COLUMNS if column in REQUIRED and column not in names]
    if missing:
        complaints.append(f"The header row lacks the required {_columns(missing)}.")
    unknown = [name for name in names if name and name not in COLUMNS]
    if unknown:
        complaints.append(
            f"The header row has unknown {_columns(unknown)}; the columns are "
            + ", ".join(COLUMNS)
            + "."
        )
    repeated = [name for name, count in Counter(names).items() if name and count > 1]
    if repeated:
        complaints.append(f"The header row names {', '.join(repeated)} more than once.")
    if complaints:
        raise RosterRejected(" ".join(complaints))
    if not any(cell.strip() for record in records[1:] for cell in record):
        raise RosterRejected("The file has a header row but no mentees.")
    return records


def _header(records: list[list[str]]) -> list[str]:
    return [cell.strip().lower() for cell in records[0]]


def _parse(records: list[list[str]], today: date) -> tuple[list[_Row], list[RowProblem]]:
    """Clean each row's values and check the ones that need no database."""
    names = _header(records)
    rows, problems = [], []
    # A spreadsheet counts blank rows too, so they keep their number but are skipped.
    for number, record in enumerate(records[1:], start=2):
        if any(cell.strip() for cell in record):
            row, row_problems = _parse_row(number, record, names, today)
            rows.append(row)
            problems += row_problems
    if len(rows) > MAX_ROWS:
        raise RosterRejected(
            f"This file lists {len(rows):,} mentees; import at most {MAX_ROWS:,} at a time."
        )
    return rows, problems


def _cells(number: int, record: list[str], names: list[str]) -> tuple[dict, list[RowProblem]]:
    """The row's values by column name, and a problem for each value under no name."""
    values = {column: "" for column in COLUMNS}
    problems = []
    for index, cell in enumerate(record):
        if index < len(names) and names[index]:
            values[names[index]] = cell.strip()
        elif cell.strip():
            problems.append(
                RowProblem(
                    number,
                    f"column {index + 1}",
                    "This value has no column name in the header row.",
                )
            )
    return values, problems


def _parse_row(
    number: int, record: list[str], names: list[str], today: date
) -> tuple[_Row, list[RowProblem]]:
    values, problems = _cells(number, record, names)

    def problem(column: str, text: str) -> None:
        problems.append(RowProblem(number, column, text))

    for column, text in values.items():
        limit = MAX_LENGTHS.get(column)
        if column in REQUIRED and not text:
            problem(column, "This required column is blank.")
        elif limit is not None and len(text) > limit:
            problem(column, f"Use at most {limit} characters (this value has {len(text)}).")
        elif issue := characters_problem(text):
            problem(column, issue)
    row = _Row(
        number=number,
        email=normalise_email(values["email"]),
        name=values["name"],
        district=values["district"],
        school=values["school"],
        grade_level=_choice(GradeLevel, values["grade_level"]),
        kind=_choice(MenteeKind, values["kind"]),
        region=_REGIONS_BY_KEY.get(values["region"].casefold()),
        iss_issued_on=_date(values["iss_issued_on"]),
        mentor_email=normalise_email(values["mentor_email"]),
    )
    row.is_email_valid = bool(row.email) and len(row.email) <= MAX_LENGTHS["email"]
    if row.is_email_valid:
        try:
            validate_email(row.email, check_deliverability=False)
        except EmailNotValidError as error:
            row.is_email_valid = False
            problem("email", f"{values['email']} is not a valid email address: {error}")
    if values["grade_level"] and row.grade_level is None:
        problem("grade_level", f"“{values['grade_level']}” is not elementary, middle or high.")
    if values["kind"] and row.kind is None:
        problem("kind", f"“{values['kind']}” is not new or returning.")
    if values["region"] and row.region is None:
        problem(
            "region",
            f"“{values['region']}” is not a region. Leave it blank or use one of: "
            + ", ".join(REGIONS)
            + ".",
        )
    if values["iss_issued_on"] and row.iss_issued_on is None:
        problem(
            "iss_issued_on",
            f"“{values['iss_issued_on']}” is not a date written YYYY-MM-DD or M/D/YYYY "
            "(for example 2025-08-01 or 8/1/2025).",
        )
    elif row.iss_issued_on is not None and row.iss_issued_on > today:
        problem("iss_issued_on", f"{row.iss_issued_on} is in the future.")
    return row, problems


def _choice(kind, text: str):
    """The enum member named by text, by value or label, in any case ("Middle School",
    "middle", "MIDDLE"), or None."""
    key = " ".join(text.split()).casefold()
    for member in kind:
        if key in (member.value, member.label.casefold()):
            return member
    return None


_US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def _date(text: str) -> date | None:
    """A date written YYYY-MM-DD, or M/D/YYYY as Excel re-saves it in the United States."""
    # fromisoformat alone also takes "20250801" and week dates; the page promises these two.
    try:
        if _ISO_DATE.fullmatch(text):
            return date.fromisoformat(text)
        if us := _US_DATE.fullmatch(text):
            month, day, year = (int(part) for part in us.groups())
            return date(year, month, day)
    except ValueError:
        return None
    return None


# Checking against the database ---------------------------------------------------------------


def _batches(values) -> Iterator[list]:
    ordered = sorted(values)
    for start in range(0, len(ordered), _IN_BATCH):
        yield ordered[start : start + _IN_BATCH]


def _load(cohort: Cohort, rows: list[_Row]) -> _Known:
    """Load everything the checks and the import need, in a fixed number of queries."""
    known = _Known()
    mentee_emails = {row.email for row in rows if row.is_email_valid}
    mentor_emails = {row.mentor_email for row in rows if row.mentor_email}
    for batch in _batches(mentee_emails | mentor_emails):
        for user in db.session.scalars(select(User).where(User.email.in_(batch))):
            known.users[user.email] = user
    mentee_ids = {known.users[email].id for email in mentee_emails if email in known.users}
    for batch in _batches(mentee_ids):
        profiles = select(MenteeProfile).where(MenteeProfile.user_id.in_(batch))
        known.profiles.update(
            (profile.user_id, profile) for profile in db.session.scalars(profiles)
        )
        enrollments = (
            select(Enrollment, Cohort.name)
            .join(Cohort, Cohort.id == Enrollment.cohort_id)
            .where(
                Enrollment.mentee_id.in_(batch),
                or_(
                    Enrollment.status == EnrollmentStatus.ACTIVE, Enrollment.cohort_id == cohort.id
                ),
            )
        )
        for enrollment, cohort_name in db.session.execute(enrollments):
            if enrollment.status == EnrollmentStatus.ACTIVE:
                known.active[enrollment.mentee_id] = (enrollment, cohort_name)
            else:
                known.closed_here[enrollment.mentee_id] = enrollment
    groups = select(PlcGroup).where(PlcGroup.cohort_id == cohort.id)
    known.groups = {group.mentor_id: group for group in db.session.scalars(groups)}
    mentor_ids = {
        known.users[email].id
        for email in mentor_emails
        if email in known.users and known.users[email].id in known.groups
    }
    for batch in _batches(mentor_ids):
        mentors = select(MentorProfile).where(MentorProfile.user_id.in_(batch))
        known.mentors.update((mentor.user_id, mentor) for mentor in db.session.scalars(mentors))
    return known


def _check_people(cohort: Cohort, rows: list[_Row], known: _Known) -> list[RowProblem]:
    """Check each row's mentee and mentor against the accounts, enrollments and groups."""
    problems = []
    first_row: dict[str, int] = {}
    # The places each group would fill; mentees moving out of a group are not subtracted,
    # so the import never depends on the order in which rows are applied.
    seats = {group.id: group.active_count for group in known.groups.values()}
    for row in rows:
        if row.is_email_valid:
            if row.email in first_row:
                problems.append(
                    RowProblem(
                        row.number, "email", f"This email is already on row {first_row[row.email]}."
                    )
                )
            else:
                first_row[row.email] = row.number
                problem = _mentee_problem(cohort, row.email, known)
                if problem:
                    problems.append(RowProblem(row.number, "email", problem))
        if row.mentor_email:
            problem = _mentor_problem(row, known, seats)
            if problem:
                problems.append(RowProblem(row.number, "mentor_email", problem))
    return problems


def _mentee_problem(cohort: Cohort, email: str, known: _Known) -> str | None:
    """Why this row's mentee cannot be enrolled: the rules of cohort_operations.enroll."""
    user = known.users.get(email)
    if user is None:
        return None
    if problem := cohort_operations.mentee_account_problem(user):
        return problem
    active = known.active.get(user.id)
    closed = known.closed_here.get(user.id)
    return cohort_operations.enrolment_problem(
        user,
        active[1] if active is not None and active[0].cohort_id != cohort.id else None,
        active is None and closed is not None and closed.status == EnrollmentStatus.COMPLETED,
    )


def _mentor_problem(row: _Row, known: _Known, seats: dict[int, int]) -> str | None:
    """Why this row's mentee cannot be assigned to its mentor; counts the seat it would take."""
    user = known.users.get(row.mentor_email)
    if user is None:
        return f"No account has the email {row.mentor_email}."
    if user.role != Role.MENTOR:
        return f"{row.mentor_email} is not a mentor."
    group = known.groups.get(user.id)
    if group is None:
        return (
            f"{user.name} leads no PLC group in this cohort; "
            "add them as a mentor on the cohort page first."
        )
    mentee = known.users.get(row.email)
    current = known.active.get(mentee.id) if mentee is not None else None
    if current is not None and current[0].plc_group_id == group.id:
        return None
    if problem := cohort_operations.mentor_problem(known.mentors.get(user.id), user.name):
        return problem
    if conflict := cohort_operations.district_conflict(row.district, known.mentors[user.id]):
        return (
            f"{conflict} Assign this pair by hand on the cohort page, where you can give a reason."
        )
    seats[group.id] += 1
    if seats[group.id] > group.capacity:
        return (
            f"{user.name} can take at most {group.capacity} mentees in this cohort; "
            f"this row would be their mentee number {seats[group.id]}."
        )
    return None


def _problem_order(problem: RowProblem) -> tuple[int, int, str]:
    column = COLUMNS.index(problem.column) if problem.column in COLUMNS else len(COLUMNS)
    return problem.row, column, problem.column


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _columns(names: list[str]) -> str:
    return f"column{'' if len(names) == 1 else 's'} " + ", ".join(names)


# Applying a checked file ---------------------------------------------------------------------


def _apply(
    cohort: Cohort, rows: list[_Row], known: _Known, actor: User, today: date
) -> ImportResult:
    result = ImportResult()
    new_users = []
    for row in rows:
        changed = False
        user = known.users.get(row.email)
        if user is None:
            user = create_user(row.email, row.name, Role.MENTEE, actor)
            new_users.append(user)
            result.created += 1
            changed = True
        else:
            result.matched += 1
        profile = known.profiles.get(user.id)
        wanted = _wanted_profile(row, profile)
        if wanted != _current_profile(profile):
            cohort_operations.save_mentee_profile(user, *wanted)
            changed = True
        active = known.active.get(user.id)
        enrollment = active[0] if active is not None else None
        if enrollment is None:
            enrollment = cohort_operations.enroll(cohort, user, actor, today)
            result.enrolled += 1
            changed = True
        mentor = known.users.get(row.mentor_email)
        group = known.groups.get(mentor.id) if mentor is not None else None
        if group is not None and enrollment.plc_group_id != group.id:
            cohort_operations.assign(enrollment, group, actor)
            result.assigned += 1
            changed = True
        if not changed:
            result.unchanged += 1
    # Last, so that a concurrent change failing a row above leaves no email already sent.
    for user in new_users:
        send_invitation(user, actor)
    audit.record(
        actor,
        "cohort.roster_imported",
        cohort,
        f"Roster imported into {cohort.name}: {result.created} created, {result.matched} matched, "
        f"{result.enrolled} enrolled, {result.assigned} assigned, {result.unchanged} unchanged",
    )
    return result


def _wanted_profile(row: _Row, profile: MenteeProfile | None) -> tuple:
    """The profile a row asks for, in save_mentee_profile's argument order.

    A blank optional value keeps what the profile has: a roster without certificate dates
    must not erase the dates recorded earlier.
    """
    return (
        row.district,
        row.school,
        row.grade_level,
        row.kind,
        row.region or (profile.region if profile else None),
        row.iss_issued_on or (profile.iss_issued_on if profile else None),
    )


def _current_profile(profile: MenteeProfile | None) -> tuple | None:
    if profile is None:
        return None
    return (
        profile.district,
        profile.school,
        profile.grade_level,
        profile.kind,
        profile.region,
        profile.iss_issued_on,
    )
