"""Roster import: every row checked first, all or nothing, and a second import changes nothing."""

import csv
import io
import zipfile
from contextlib import suppress
from datetime import date, datetime

import openpyxl
import pytest
from sqlalchemy import func, select

from mentoring.auth.models import AccountToken
from mentoring.cohorts import operations as cohort_operations
from mentoring.cohorts import roster
from mentoring.cohorts.models import (
    Assignment,
    CohortStatus,
    Enrollment,
    EnrollmentStatus,
    MenteeKind,
    MenteeProfile,
    PlcGroup,
)
from mentoring.cohorts.roster import COLUMNS, RosterRejected, import_roster
from mentoring.core.audit import AuditEvent
from mentoring.core.choices import REGIONS, GradeLevel
from mentoring.core.errors import MentoringError
from mentoring.core.roles import Role
from mentoring.core.spreadsheets import XLSX_MIMETYPE, csv_text, xlsx_bytes
from mentoring.extensions import db
from mentoring.mentors.models import MentorProfile
from mentoring.users.models import User
from tests.factories import (
    TODAY,
    counting_statements,
    enroll,
    make_cohort,
    make_group,
    make_mentee,
    make_mentor,
    make_user,
)


def row(number: int, **values) -> dict:
    """A valid mentee row; keyword arguments replace its values."""
    return {
        "email": f"counselor{number}@fulton.example.org",
        "name": f"Counselor {number}",
        "district": "Fulton 58",
        "school": "Fulton Middle",
        "grade_level": "middle",
        "kind": "new",
        "region": "",
        "iss_issued_on": "",
        "mentor_email": "",
    } | values


def roster_file(rows: list[dict], columns=COLUMNS, bom: bool = False) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + out.getvalue()).encode()


def rejected(cohort, data: bytes) -> RosterRejected:
    with pytest.raises(RosterRejected) as caught:
        import_roster(cohort, data, None, TODAY)
    db.session.rollback()
    return caught.value


def problems(cohort, data: bytes) -> list[tuple[int, str, str]]:
    return [(p.row, p.column, p.problem) for p in rejected(cohort, data).problems]


INVITATION = "You are invited to the Counselor Mentoring Program"


def state(outbox) -> dict:
    """How many of everything an import could write."""
    counts = {
        model.__name__: db.session.scalar(select(func.count()).select_from(model))
        for model in (User, MenteeProfile, Enrollment, Assignment, AuditEvent, AccountToken)
    }
    return counts | {"emails": len(outbox)}


@pytest.fixture
def cohort(app):
    return make_cohort()


# The file as a whole -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b"x" * (roster.MAX_BYTES + 1),
            "This file is larger than 2 MB. Split the roster into smaller files.",
        ),
        (
            "email,name,district,school,grade_level,kind\r\n"
            "a@fulton.example.org,Zoë Müller,Fulton 58,Fulton Middle,middle,new\r\n".encode(
                "latin-1"
            ),
            "This file is not UTF-8 text. In Excel, save it as “CSV UTF-8 (Comma delimited)” "
            "or as an Excel workbook (.xlsx).",
        ),
        (b"", "This file is empty."),
        (b"\r\n,,,\r\n", "This file is empty."),
        (
            b"Dear colleagues,\nhere is the list.\n",
            "This is not a roster file: its first row must name the columns email, name, "
            "district, school, grade_level, kind, region, iss_issued_on, mentor_email. "
            "Download the template to start from.",
        ),
        (
            b'email,name,district\r\n"a@fulton.example.org"x,A,B\r\n',
            "This is not a readable CSV file (line 2: ',' expected after '\"').",
        ),
        (
            b"email,name,district,school\r\na@fulton.example.org,A,Fulton 58,Fulton Middle\r\n",
            "The header row lacks the required columns grade_level, kind.",
        ),
        (
            b"email,name,district,school,grade_level,kind,notes,phone\r\n",
            "The header row has unknown columns notes, phone; the columns are email, name, "
            "district, school, grade_level, kind, region, iss_issued_on, mentor_email.",
        ),
        (
            b"email,name,district,school,grade_level,kinds\r\n",
            "The header row lacks the required column kind. The header row has unknown column "
            "kinds; the columns are email, name, district, school, grade_level, kind, region, "
            "iss_issued_on, mentor_email.",
        ),
        (
            b"email,name,district,school,grade_level,kind,email\r\n",
            "The header row names email more than once.",
        ),
        (
            b"email,name,district,school,grade_level,kind\r\n,,,,,\r\n\r\n",
            "The file has a header row but no mentees.",
        ),
    ],
    ids=[
        "over-2-MB",
        "latin-1",
        "empty",
        "blank-lines",
        "prose",
        "bad-quoting",
        "missing-columns",
        "unknown-columns",
        "missing-and-unknown",
        "repeated-column",
        "no-rows",
    ],
)
def test_a_file_that_is_not_a_roster_is_refused_with_one_message(cohort, outbox, data, message):
    before = state(outbox)
    refusal = rejected(cohort, data)
    assert (refusal.message, refusal.problems, refusal.field) == (message, [], "roster")
    assert state(outbox) == before


def test_a_file_of_exactly_2_mb_is_read(cohort):
    start = b"email,name,district,school,grade_level,kind\r\na@fulton.example.org,A,D,S,middle,"
    padding = roster.MAX_BYTES - len(start) - 2
    # Blank lines (skipped) pad the file: one long field would pass csv's field size limit.
    data = start + b"\r\n" + b" " * (padding % 1000) + (b" " * 998 + b"\r\n") * (padding // 1000)
    assert len(data) == roster.MAX_BYTES
    assert problems(cohort, data) == [(2, "kind", "This required column is blank.")]


def test_a_finished_cohort_takes_no_roster(app, outbox):
    cohort = make_cohort(status=CohortStatus.COMPLETED)
    refusal = rejected(cohort, roster_file([row(1)]))
    assert refusal.message == "2026 Central Cohort is closed; it takes no new mentees."


def test_the_template_is_a_valid_roster_in_both_formats(cohort, outbox):
    text = csv_text(*roster.template_rows())
    assert text.splitlines()[0] == "\ufeff" + ",".join(COLUMNS)
    assert len(text.splitlines()) == 2
    result = import_roster(cohort, text.encode(), None, TODAY)
    assert (result.created, result.enrolled) == (1, 1)
    db.session.rollback()
    workbook = xlsx_bytes(*roster.template_rows())
    result = import_roster(cohort, workbook, None, TODAY)
    assert (result.created, result.enrolled) == (1, 1)
    profile = db.session.scalars(select(MenteeProfile)).one()
    assert profile.iss_issued_on == date(2025, 8, 1)


# Each row rule -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "column", "message"),
    [
        ({"name": ""}, "name", "This required column is blank."),
        ({"district": "  "}, "district", "This required column is blank."),
        (
            {"email": "not-an-email"},
            "email",
            "not-an-email is not a valid email address: An email address must have an @-sign.",
        ),
        (
            {"email": "jo@fulton"},
            "email",
            "jo@fulton is not a valid email address: "
            "The part after the @-sign is not valid. It should have a period.",
        ),
        ({"grade_level": "9-12"}, "grade_level", "“9-12” is not elementary, middle or high."),
        ({"kind": "transfer"}, "kind", "“transfer” is not new or returning."),
        (
            {"region": "Ozarks"},
            "region",
            "“Ozarks” is not a region. Leave it blank or use one of: " + ", ".join(REGIONS) + ".",
        ),
        (
            {"iss_issued_on": "1.8.2025"},
            "iss_issued_on",
            "“1.8.2025” is not a date written YYYY-MM-DD or M/D/YYYY (for example 2025-08-01 "
            "or 8/1/2025).",
        ),
        (
            {"iss_issued_on": "2025-02-30"},
            "iss_issued_on",
            "“2025-02-30” is not a date written YYYY-MM-DD or M/D/YYYY (for example 2025-08-01 "
            "or 8/1/2025).",
        ),
        (
            {"iss_issued_on": "13/1/2025"},  # day and month the other way round
            "iss_issued_on",
            "“13/1/2025” is not a date written YYYY-MM-DD or M/D/YYYY (for example 2025-08-01 "
            "or 8/1/2025).",
        ),
        ({"iss_issued_on": "2026-11-23"}, "iss_issued_on", "2026-11-23 is in the future."),
        ({"name": "N" * 121}, "name", "Use at most 120 characters (this value has 121)."),
        ({"school": "S" * 130}, "school", "Use at most 120 characters (this value has 130)."),
        (
            {"email": "a" * 64 + "@" + "b" * 186 + ".org"},
            "email",
            "Use at most 254 characters (this value has 255).",
        ),
        (
            {"mentor_email": "nobody@fulton.example.org"},
            "mentor_email",
            "No account has the email nobody@fulton.example.org.",
        ),
    ],
)
def test_each_bad_value_is_reported_at_its_row_and_column(cohort, outbox, values, column, message):
    before = state(outbox)
    data = roster_file([row(1), row(2), row(3, **values)])
    assert problems(cohort, data) == [(4, column, message)]
    assert state(outbox) == before


def test_every_problem_of_every_row_is_reported_in_order(cohort):
    data = roster_file(
        [
            row(1, kind="old", grade_level="college"),
            row(2),
            row(3, email="", name=""),
            row(4, email="COUNSELOR2@Fulton.example.org"),
        ]
    )
    assert problems(cohort, data) == [
        (2, "grade_level", "“college” is not elementary, middle or high."),
        (2, "kind", "“old” is not new or returning."),
        (4, "email", "This required column is blank."),
        (4, "name", "This required column is blank."),
        (5, "email", "This email is already on row 3."),
    ]
    assert rejected(cohort, data).message == (
        "Nothing was imported: 5 problems in 3 rows. Correct the file and import it again."
    )


def test_rows_are_numbered_as_a_spreadsheet_shows_them(cohort):
    data = roster_file([row(1), row(2, kind="x")]).replace(b"\r\n", b"\r\n\r\n", 1)
    data += b"counselor9@fulton.example.org,C,D,S,high,new,,,,extra\r\n"
    assert problems(cohort, data) == [
        (4, "kind", "“x” is not new or returning."),
        (5, "column 10", "This value has no column name in the header row."),
    ]


def test_an_account_that_is_not_a_mentee_is_refused(cohort):
    mentor = make_mentor()
    specialist = make_user(Role.SPECIALIST)
    data = roster_file([row(1, email=mentor.email), row(2, email=specialist.email.upper())])
    assert problems(cohort, data) == [
        (2, "email", f"{mentor.email} belongs to a mentor account, not a mentee."),
        (3, "email", f"{specialist.email} belongs to a program specialist account, not a mentee."),
    ]


def test_a_deactivated_mentee_is_refused(cohort):
    mentee = make_mentee(is_active=False)
    assert problems(cohort, roster_file([row(1, email=mentee.email)])) == [
        (
            2,
            "email",
            f"{mentee.email}'s account is deactivated; reactivate it on the Users page first.",
        )
    ]


def test_a_mentee_enrolled_elsewhere_is_refused(cohort):
    mentee = make_mentee()
    enroll(make_cohort(name="2025 Kansas City Cohort", start_year=2025), mentee)
    assert problems(cohort, roster_file([row(1, email=mentee.email)])) == [
        (
            2,
            "email",
            f"{mentee.email} is already enrolled in 2025 Kansas City Cohort; "
            "withdraw them there first.",
        )
    ]


def test_a_mentee_withdrawn_from_this_cohort_is_enrolled_again(cohort):
    mentee = make_mentee()
    first = enroll(cohort, mentee)
    cohort_operations.withdraw(first, None, "Moved away", TODAY)
    db.session.commit()
    result = import_roster(cohort, roster_file([row(1, email=mentee.email)]), None, TODAY)
    db.session.commit()
    assert (result.matched, result.enrolled) == (1, 1)
    again = db.session.get(Enrollment, first.id)
    assert again.status == EnrollmentStatus.ACTIVE and again.withdrawal_reason is None


def test_a_mentee_who_completed_this_cohort_is_refused(cohort):
    mentee = make_mentee()
    enroll(cohort, mentee).status = EnrollmentStatus.COMPLETED
    db.session.commit()
    assert problems(cohort, roster_file([row(1, email=mentee.email)])) == [
        (2, "email", f"{mentee.email} has already completed this cohort.")
    ]


def test_the_mentor_must_be_a_mentor_of_this_cohort(cohort):
    outsider = make_mentor(name="Olive Outside")
    mentee = make_mentee()
    make_group(make_cohort(name="Other cohort"), outsider)
    data = roster_file(
        [row(1, mentor_email=outsider.email), row(2, mentor_email=mentee.email.upper())]
    )
    assert problems(cohort, data) == [
        (
            2,
            "mentor_email",
            "Olive Outside leads no PLC group in this cohort; "
            "add them as a mentor on the cohort page first.",
        ),
        (3, "mentor_email", f"{mentee.email} is not a mentor."),
    ]


def test_a_mentor_who_cannot_take_mentees_is_refused(cohort):
    trainee = make_mentor(name="Tess Trainee", trained=False)
    make_group(cohort, trainee)
    retired = make_mentor(name="Rey Retired")
    make_group(cohort, retired)
    db.session.get(MentorProfile, retired.id).retired_on = date(2026, 10, 1)
    unvetted = make_mentor(name="Uma Unvetted")
    make_group(cohort, unvetted)
    db.session.delete(db.session.get(MentorProfile, unvetted.id))
    db.session.commit()
    data = roster_file(
        [row(n, mentor_email=mentor.email) for n, mentor in enumerate((trainee, retired, unvetted))]
    )
    assert problems(cohort, data) == [
        (2, "mentor_email", "Tess Trainee has not completed regional mentor training yet."),
        (3, "mentor_email", "Rey Retired is retired as a mentor."),
        (4, "mentor_email", "Uma Unvetted is not a vetted mentor."),
    ]


def test_a_same_district_pair_must_be_assigned_by_hand(cohort):
    mentor = make_mentor(name="Dana District", district="Fulton 58")
    make_group(cohort, mentor)
    data = roster_file([row(1, district=" fulton 58 ", mentor_email=mentor.email)])
    assert problems(cohort, data) == [
        (
            2,
            "mentor_email",
            "Dana District works in the same district (Fulton 58) as this mentee. "
            "Assign this pair by hand on the cohort page, where you can give a reason.",
        )
    ]


def test_rows_past_a_mentors_capacity_are_reported(cohort, outbox):
    mentor = make_mentor(name="Cam Capacity", capacity=2)
    group = make_group(cohort, mentor)
    enroll(cohort, make_mentee(), group)
    before = state(outbox)
    data = roster_file([row(n, mentor_email=mentor.email) for n in (1, 2, 3)])
    message = "Cam Capacity can take at most 2 mentees in this cohort; "
    assert problems(cohort, data) == [
        (3, "mentor_email", message + "this row would be their mentee number 3."),
        (4, "mentor_email", message + "this row would be their mentee number 4."),
    ]
    assert state(outbox) == before

    result = import_roster(
        cohort, roster_file([row(1, mentor_email=mentor.email.upper())]), None, TODAY
    )
    db.session.commit()
    assert (result.created, result.enrolled, result.assigned) == (1, 1, 1)
    assert db.session.get(PlcGroup, group.id).active_count == 2


# Importing -----------------------------------------------------------------------------------


def test_a_bad_last_row_of_500_imports_nothing_and_the_fixed_file_imports_once(cohort, outbox):
    mentor = make_mentor(capacity=30)
    make_group(cohort, mentor)
    rows = [
        row(
            n,
            mentor_email=mentor.email if n <= 30 else "",
            region="Central",
            iss_issued_on="2025-08-01",
        )
        for n in range(1, 501)
    ]
    rows[-1]["kind"] = "newish"
    before = state(outbox)
    assert problems(cohort, roster_file(rows)) == [
        (501, "kind", "“newish” is not new or returning.")
    ]
    assert state(outbox) == before

    rows[-1]["kind"] = "new"
    result = import_roster(cohort, roster_file(rows), None, TODAY)
    db.session.commit()
    assert result == roster.ImportResult(
        created=500, matched=0, enrolled=500, assigned=30, unchanged=0
    )
    after = state(outbox)
    assert after["User"] - before["User"] == 500
    assert after["Enrollment"] - before["Enrollment"] == 500
    assert after["Assignment"] - before["Assignment"] == 30
    # An invitation to each new mentee, and the 30 assigned ones and their mentor are told.
    assert after["emails"] - before["emails"] == 500 + 30 + 30
    invited = [m.to[0] for m in outbox if m.subject == INVITATION]
    assert sorted(invited) == sorted(r["email"] for r in rows)
    told = [m.to[0] for m in outbox if m.subject == "Your mentoring in 2026 Central Cohort"]
    assert sorted(told) == sorted([r["email"] for r in rows[:30]] + [mentor.email] * 30)
    imported = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "cohort.roster_imported")
    ).all()
    assert [event.summary for event in imported] == [
        "Roster imported into 2026 Central Cohort: 500 created, 0 matched, 500 enrolled, "
        "30 assigned, 0 unchanged"
    ]
    profile = db.session.scalar(
        select(MenteeProfile).join(User).where(User.email == "counselor7@fulton.example.org")
    )
    assert (profile.district, profile.grade_level, profile.kind, profile.region) == (
        "Fulton 58",
        GradeLevel.MIDDLE,
        MenteeKind.NEW,
        "Central",
    )
    assert profile.iss_issued_on == date(2025, 8, 1)

    again = import_roster(cohort, roster_file(rows), None, TODAY)
    db.session.commit()
    assert again == roster.ImportResult(
        created=0, matched=500, enrolled=0, assigned=0, unchanged=500
    )
    final = state(outbox)
    assert final == after | {"AuditEvent": after["AuditEvent"] + 1}


def test_existing_mentees_are_matched_and_their_profiles_updated(cohort, outbox):
    known = make_mentee(
        name="Kim Known",
        email="kim@fulton.example.org",
        district="Old District",
        region="Southwest",
    )
    already = make_mentee(name="Al Ready", email="al@fulton.example.org")
    enroll(cohort, already)
    db.session.get(MenteeProfile, already.id).district = "Fulton 58"
    db.session.get(MenteeProfile, already.id).school = "Fulton Middle"
    db.session.get(MenteeProfile, already.id).iss_issued_on = None
    db.session.commit()
    before = state(outbox)
    data = roster_file(
        [
            row(1, email="KIM@fulton.example.org", name="Kimberly Known", kind="Returning"),
            row(2, email="al@fulton.example.org", grade_level="Middle"),
            row(3),
        ],
        columns=["email", "name", "district", "school", "grade_level", "kind"],
    )
    result = import_roster(cohort, data, None, TODAY)
    db.session.commit()
    assert result == roster.ImportResult(created=1, matched=2, enrolled=2, assigned=0, unchanged=1)
    after = state(outbox)
    assert after["User"] == before["User"] + 1
    assert [message.to for message in outbox] == [["counselor3@fulton.example.org"]]
    db.session.refresh(known)
    profile = db.session.get(MenteeProfile, known.id)
    # The account keeps its name; the profile follows the file, and what the file leaves
    # out (region, certificate date) stays as it was.
    assert known.name == "Kim Known"
    assert (profile.district, profile.kind, profile.region) == (
        "Fulton 58",
        MenteeKind.RETURNING,
        "Southwest",
    )
    assert profile.iss_issued_on == date(2025, 8, 1)


def test_a_bom_and_excel_spelling_are_read(cohort, outbox):
    data = (
        "\ufeffEmail, Name ,District,School,Grade_Level,Kind,Region,ISS_Issued_On\r\n"
        "Counselor1@Fulton.example.org,Zoë Brandt,Fulton 58,Fulton Middle,High,NEW,st. louis,"
        "2024-08-15\r\n"
    ).encode()
    result = import_roster(cohort, data, None, TODAY)
    db.session.commit()
    assert result.created == 1
    profile = db.session.scalars(select(MenteeProfile)).one()
    assert (profile.grade_level, profile.kind, profile.region) == (
        GradeLevel.HIGH,
        MenteeKind.NEW,
        "St. Louis",
    )
    assert (profile.user.email, profile.user.name) == (
        "counselor1@fulton.example.org",
        "Zoë Brandt",
    )


def test_a_csv_excel_re_saved_is_read(cohort, outbox):
    """Excel re-saves the template's dates as 8/1/2025 and keeps labels as people typed them."""
    data = (
        b"email,name,district,school,grade_level,kind,region,iss_issued_on\r\n"
        b"a1@fulton.example.org,Ann One,Fulton 58,Fulton Middle,Middle School,New,,8/1/2025\r\n"
        b"a2@fulton.example.org,Ann Two,Fulton 58,Fulton Middle,middle,RETURNING,,08/01/2025\r\n"
        b"a3@fulton.example.org,Ann Three,Fulton 58,Fulton Middle,MIDDLE,"
        b"Returning to the profession,,12/31/2024\r\n"
        b"a4@fulton.example.org,Ann Four,Fulton 58,Fulton High,high  school,new,,2025-08-01\r\n"
    )
    result = import_roster(cohort, data, None, TODAY)
    db.session.commit()
    assert result.created == 4
    profiles = {
        profile.user.name: (profile.grade_level, profile.kind, profile.iss_issued_on)
        for profile in db.session.scalars(select(MenteeProfile))
    }
    assert profiles == {
        "Ann One": (GradeLevel.MIDDLE, MenteeKind.NEW, date(2025, 8, 1)),
        "Ann Two": (GradeLevel.MIDDLE, MenteeKind.RETURNING, date(2025, 8, 1)),
        "Ann Three": (GradeLevel.MIDDLE, MenteeKind.RETURNING, date(2024, 12, 31)),
        "Ann Four": (GradeLevel.HIGH, MenteeKind.NEW, date(2025, 8, 1)),
    }


def _workbook(rows: list[list]) -> bytes:
    """An .xlsx file as Excel saves one: typed dates and numbers, a blank row, a second sheet."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for values in rows:
        sheet.append(values)
    workbook.create_sheet("Notes").append(["ignored"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


HEADER = ["Email", "Name", "District", "School", "Grade_Level", "Kind", "Region", "ISS_Issued_On"]


def test_an_xlsx_roster_is_read_with_its_dates_and_numbers(cohort, outbox):
    data = _workbook(
        [
            HEADER,
            ["b1@fulton.example.org", "Bo One", 58, "Fulton Middle", "Middle School", "new", None,
             datetime(2025, 8, 1)],
            [],
            ["b2@fulton.example.org", "Bo Two", "Fulton 58", "Fulton High", "high", "Returning",
             "st. louis", "8/1/2025"],
        ]
    )  # fmt: skip
    result = import_roster(cohort, data, None, TODAY)
    db.session.commit()
    assert result.created == 2
    profiles = {
        profile.user.name: (profile.district, profile.grade_level, profile.region, profile.kind,
                            profile.iss_issued_on)
        for profile in db.session.scalars(select(MenteeProfile))
    }  # fmt: skip
    assert profiles == {
        "Bo One": ("58", GradeLevel.MIDDLE, None, MenteeKind.NEW, date(2025, 8, 1)),
        "Bo Two": ("Fulton 58", GradeLevel.HIGH, "St. Louis", MenteeKind.RETURNING,
                   date(2025, 8, 1)),
    }  # fmt: skip


def test_an_xlsx_roster_reports_problems_by_spreadsheet_row_and_column(cohort, outbox):
    before = state(outbox)
    data = _workbook(
        [
            HEADER,
            ["c1@fulton.example.org", "Cy One", "Fulton 58", "Fulton Middle", "middle", "new"],
            [],
            ["c2@fulton.example.org", "Cy Two", "Fulton 58", "Fulton Middle", "Junior High",
             "new", None, "31/12/2024"],
        ]
    )  # fmt: skip
    assert problems(cohort, data) == [
        (4, "grade_level", "“Junior High” is not elementary, middle or high."),
        (
            4,
            "iss_issued_on",
            "“31/12/2024” is not a date written YYYY-MM-DD or M/D/YYYY (for example 2025-08-01 "
            "or 8/1/2025).",
        ),
    ]
    assert state(outbox) == before


def _zip_of_text() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("hello.txt", "not a workbook")
    return out.getvalue()


@pytest.mark.parametrize(
    "data",
    [b"PK\x03\x04not really a zip file", _zip_of_text()],
    ids=["broken-zip", "zip-without-workbook"],
)
def test_a_broken_workbook_is_refused_with_one_message(cohort, data):
    assert rejected(cohort, data).message == "This is not a readable Excel workbook (.xlsx)."


def test_a_workbook_that_unpacks_too_large_is_refused(cohort):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr("xl/worksheets/sheet1.xml", b" " * (roster.XLSX_MAX_UNPACKED + 1))
    assert len(out.getvalue()) < roster.MAX_BYTES
    assert rejected(cohort, out.getvalue()).message == (
        "This is not a readable Excel workbook (.xlsx)."
    )


def test_a_file_mentor_reassigns_and_a_hand_assignment_is_left_alone(cohort, outbox):
    first = make_mentor(name="First Mentor")
    second = make_mentor(name="Second Mentor")
    near = make_mentor(name="Near Mentor", district="Fulton 58")
    first_group, second_group, near_group = (make_group(cohort, m) for m in (first, second, near))
    moving = make_mentee(email="moving@fulton.example.org")
    enroll(cohort, moving, first_group)
    close = make_mentee(email="close@fulton.example.org", district="Fulton 58")
    enroll(cohort, close, near_group, conflict_reason="Different buildings, no reporting line")
    for mentee in (moving, close):
        profile = db.session.get(MenteeProfile, mentee.id)
        profile.district, profile.school = "Fulton 58", "Fulton Middle"
    db.session.commit()
    data = roster_file(
        [
            row(1, email=moving.email, mentor_email=second.email, iss_issued_on="2025-08-01"),
            row(2, email=close.email, mentor_email=near.email, iss_issued_on="2025-08-01"),
        ]
    )
    result = import_roster(cohort, data, None, TODAY)
    db.session.commit()
    assert result == roster.ImportResult(created=0, matched=2, enrolled=0, assigned=1, unchanged=1)
    history = db.session.scalars(
        select(Assignment.mentor_id)
        .join(Enrollment, Enrollment.id == Assignment.enrollment_id)
        .where(Enrollment.mentee_id == moving.id)
        .order_by(Assignment.id)
    ).all()
    assert history == [first.id, second.id]
    counts = db.session.execute(select(PlcGroup.id, PlcGroup.active_count)).all()
    assert dict(counts) == {first_group.id: 0, second_group.id: 1, near_group.id: 1}


def test_a_failure_while_applying_leaves_nothing_and_sends_no_email(cohort, outbox, monkeypatch):
    calls = []
    real_enroll = cohort_operations.enroll

    def enroll_until_a_race(*args):
        calls.append(args)
        if len(calls) == 3:
            raise MentoringError("Someone else enrolled this mentee just now.")
        return real_enroll(*args)

    monkeypatch.setattr(cohort_operations, "enroll", enroll_until_a_race)
    before = state(outbox)
    with pytest.raises(MentoringError, match="just now"):
        import_roster(cohort, roster_file([row(n) for n in range(1, 6)]), None, TODAY)
    db.session.rollback()
    assert state(outbox) == before


# Queries -------------------------------------------------------------------------------------


def count_selects(cohort, data: bytes) -> int:
    """Import data (raising or not) and return how many SELECT statements it sent."""
    with counting_statements() as statements, suppress(RosterRejected):
        import_roster(cohort, data, None, TODAY)
    db.session.commit()
    return sum(statement.lstrip().upper().startswith("SELECT") for statement in statements)


def test_checking_costs_the_same_queries_for_500_rows_as_for_50(app, outbox):
    mentor = make_mentor(capacity=30)
    cohorts = {count: make_cohort(name=f"{count} rows") for count in (50, 500)}
    for cohort in cohorts.values():
        make_group(cohort, mentor)

    def rows(count: int, last_kind: str = "new") -> list[dict]:
        rows = [
            row(
                n,
                email=f"c{count}-{n}@fulton.example.org",
                mentor_email=mentor.email if n <= 3 else "",
            )
            for n in range(1, count + 1)
        ]
        rows[-1]["kind"] = last_kind
        return rows

    # Some rows match existing mentees, one of them enrolled elsewhere, so every lookup runs.
    for count in cohorts:
        for n in range(1, 6):
            make_mentee(email=f"c{count}-{n}@fulton.example.org")
        enroll(
            make_cohort(name=f"Elsewhere {count}"),
            make_mentee(email=f"c{count}-6@fulton.example.org"),
        )

    checks_only = {
        count: count_selects(cohort, roster_file(rows(count, "bad")))
        for count, cohort in cohorts.items()
    }
    assert checks_only[50] == checks_only[500]

    # After a first import, importing again checks everything and writes nothing.
    files = {}
    for count, cohort in cohorts.items():
        fixed = rows(count)
        fixed[5]["email"] = f"other{count}@fulton.example.org"
        import_roster(cohort, roster_file(fixed), None, TODAY)
        db.session.commit()
        files[count] = roster_file(fixed)
    again = {count: count_selects(cohort, files[count]) for count, cohort in cohorts.items()}
    assert again[50] == again[500]


# The page -------------------------------------------------------------------------------------


def upload(client, cohort, data: bytes, filename: str = "roster.csv"):
    """POST a file as a browser would.

    The body is built here because the test client spools a large one to a temporary file
    that it never closes (a ResourceWarning, an error under filterwarnings = error).
    """
    boundary = "roster-test-boundary"
    body = (
        (
            f"--{boundary}\r\n"
            f'Content-Disposition: form-data; name="roster"; filename="{filename}"\r\n'
            "Content-Type: text/csv\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return client.post(
        f"/admin/cohorts/{cohort.id}/roster",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


@pytest.fixture
def specialist(auth):
    user = make_user(Role.SPECIALIST)
    auth.login_as(user)
    return user


def test_the_page_documents_the_columns_and_offers_the_template(client, cohort, specialist):
    page = client.get(f"/admin/cohorts/{cohort.id}/roster").get_data(as_text=True)
    assert "<h1" in page and "Import a roster</h1>" in page
    assert "2026 Central Cohort" in page and "2026–27 and 2027–28" in page
    for column in COLUMNS:
        assert f"<code>{column}</code>" in page
    for region in REGIONS:
        assert region in page
    assert 'href="/admin/cohorts/roster-template.csv"' in page
    assert 'href="/admin/cohorts/roster-template.xlsx"' in page
    assert 'enctype="multipart/form-data"' in page and 'accept=".csv,text/csv,.xlsx,' in page
    assert f'href="/admin/cohorts/{cohort.id}"' in page
    assert "style=" not in page and "<script>" not in page

    template = client.get("/admin/cohorts/roster-template.csv")
    assert template.status_code == 200 and template.mimetype == "text/csv"
    assert template.headers["Content-Disposition"] == 'attachment; filename="roster-template.csv"'
    assert template.get_data(as_text=True) == csv_text(*roster.template_rows())
    workbook = client.get("/admin/cohorts/roster-template.xlsx")
    assert workbook.status_code == 200 and workbook.mimetype == XLSX_MIMETYPE
    assert workbook.headers["Content-Disposition"] == (
        'attachment; filename="roster-template.xlsx"'
    )
    sheet = openpyxl.load_workbook(io.BytesIO(workbook.get_data())).active
    assert [cell.value for cell in sheet[1]] == COLUMNS
    assert sheet["H2"].value == datetime(2025, 8, 1)  # iss_issued_on, an Excel date


def test_an_upload_imports_and_says_how_many(client, cohort, specialist, outbox):
    response = upload(client, cohort, roster_file([row(1), row(2)]))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/admin/cohorts/{cohort.id}")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Roster imported: 2 created, 0 matched, 2 enrolled, 0 assigned, 0 unchanged." in page
    assert db.session.scalar(select(func.count()).select_from(Enrollment)) == 2
    assert len(outbox) == 2
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "cohort.roster_imported")
    ).one()
    assert event.actor_id == specialist.id

    response = upload(client, cohort, roster_file([row(1), row(2)]))
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Roster imported: 0 created, 2 matched, 0 enrolled, 0 assigned, 2 unchanged." in page
    assert len(outbox) == 2


def test_an_xlsx_upload_imports(client, cohort, specialist, outbox):
    response = upload(client, cohort, xlsx_bytes(*roster.template_rows()), "roster.xlsx")
    assert response.status_code == 302
    assert db.session.scalars(select(MenteeProfile)).one().user.name == "Jordan Lee"


def test_an_upload_with_bad_rows_shows_them_all_and_imports_nothing(
    client, cohort, specialist, outbox
):
    before = state(outbox)
    response = upload(
        client, cohort, roster_file([row(1, kind="veteran"), row(2), row(3, name="")])
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Nothing was imported" in page and "The file has 2 problems" in page
    assert "<caption>Problems in the file: nothing was imported</caption>" in page
    assert '<th scope="col">Row</th><th scope="col">Column</th><th scope="col">Problem</th>' in page
    assert "<tr><td>2</td><td>kind</td><td>“veteran” is not new or returning.</td></tr>" in page
    assert "<tr><td>4</td><td>name</td><td>This required column is blank.</td></tr>" in page
    assert state(outbox) == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("email,name\r\nZoë,Zoë\r\n".encode("latin-1"), "This file is not UTF-8 text."),
        (b" " * (roster.MAX_BYTES + 1), "This file is larger than 2 MB."),
        (b"email,name,district,school,grade_level,kind\r\n", "header row but no mentees"),
    ],
    ids=["latin-1", "over-2-MB", "no-rows"],
)
def test_a_refused_file_is_explained_beside_the_file_field(
    client, cohort, specialist, outbox, data, message
):
    before = state(outbox)
    response = upload(client, cohort, data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'id="roster-error"' in page and message in page
    assert 'aria-invalid="true"' in page and "Problems in the file" not in page
    assert state(outbox) == before


def test_an_upload_without_a_file_is_refused(client, cohort, specialist):
    response = client.post(f"/admin/cohorts/{cohort.id}/roster", data={})
    assert response.status_code == 400
    assert "Choose a CSV or Excel (.xlsx) file to import." in response.get_data(as_text=True)
