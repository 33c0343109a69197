"""`flask cohorts import-roster`: the same import as the page, for scripted loads."""

import pytest
from sqlalchemy import func, select

from mentoring.cohorts import roster
from mentoring.cohorts.cli import cohorts_cli
from mentoring.cohorts.models import Enrollment
from mentoring.core.audit import AuditEvent
from mentoring.core.spreadsheets import xlsx_bytes
from mentoring.extensions import db
from mentoring.users.models import User
from tests.cohorts.test_roster import roster_file, row, state
from tests.factories import make_cohort, make_group, make_mentee, make_mentor


@pytest.fixture
def runner(app):
    # create_app may not register the group yet; adding it again replaces it with itself.
    app.cli.add_command(cohorts_cli)
    return app.test_cli_runner()


@pytest.fixture
def cohort(app):
    return make_cohort()


def import_file(runner, tmp_path, cohort_id, data: bytes):
    path = tmp_path / "roster.csv"
    path.write_bytes(data)
    return runner.invoke(args=["cohorts", "import-roster", str(cohort_id), str(path)])


def test_a_good_file_is_imported_and_counted(runner, tmp_path, cohort, outbox):
    mentor = make_mentor()
    make_group(cohort, mentor)
    known = make_mentee(email="known@fulton.example.org")
    data = roster_file([row(1, mentor_email=mentor.email), row(2, email=known.email), row(3)])
    result = import_file(runner, tmp_path, cohort.id, data)
    assert result.exit_code == 0, result.output
    assert result.output == (
        "Roster imported into 2026 Central Cohort: 2 created, 1 matched, 3 enrolled, "
        "1 assigned, 0 unchanged.\n"
    )
    assert db.session.scalar(select(func.count()).select_from(Enrollment)) == 3
    invitations = [m for m in outbox if m.subject.startswith("You are invited")]
    assert sorted(message.to[0] for message in invitations) == [
        "counselor1@fulton.example.org",
        "counselor3@fulton.example.org",
    ]
    assert invitations[0].body.count("http://mentoring.test/") == 1
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "cohort.roster_imported")
    ).one()
    assert event.actor_id is None

    again = import_file(runner, tmp_path, cohort.id, data)
    assert again.exit_code == 0
    assert "0 created, 3 matched, 0 enrolled, 0 assigned, 3 unchanged." in again.output
    assert len(outbox) == 4  # the two invitations, and mentee and mentor told of row 1's pair


def test_an_xlsx_file_is_imported(runner, tmp_path, cohort, outbox):
    result = import_file(runner, tmp_path, cohort.id, xlsx_bytes(*roster.template_rows()))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Roster imported into 2026 Central Cohort: 1 created,")


def test_a_bad_file_prints_every_problem_and_imports_nothing(runner, tmp_path, cohort, outbox):
    before = state(outbox)
    data = roster_file(
        [row(1, grade_level="k-5"), row(2), row(3, email="counselor2@fulton.example.org")]
    )
    result = import_file(runner, tmp_path, cohort.id, data)
    assert result.exit_code == 1
    assert result.stderr == (
        "Nothing was imported: 2 problems in 2 rows. Correct the file and import it again.\n"
        "row 2, grade_level: “k-5” is not elementary, middle or high.\n"
        "row 4, email: This email is already on row 3.\n"
    )
    assert result.stdout == ""
    assert state(outbox) == before


def test_a_file_that_is_not_utf8_is_refused(runner, tmp_path, cohort, outbox):
    data = "email,name,district,school,grade_level,kind\r\nb@x.org,José,D,S,high,new\r\n"
    result = import_file(runner, tmp_path, cohort.id, data.encode("cp1252"))
    assert result.exit_code == 1
    assert result.stderr == (
        "This file is not UTF-8 text. In Excel, save it as “CSV UTF-8 (Comma delimited)” or as "
        "an Excel workbook (.xlsx).\n"
    )
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_an_unknown_cohort_or_missing_file_is_a_clear_error(runner, tmp_path, cohort):
    result = import_file(runner, tmp_path, cohort.id + 1, roster_file([row(1)]))
    assert result.exit_code == 1
    assert result.stderr == f"Error: No cohort has the id {cohort.id + 1}.\n"
    missing = runner.invoke(args=["cohorts", "import-roster", str(cohort.id), "nowhere.csv"])
    assert missing.exit_code == 2 and "'nowhere.csv' does not exist" in missing.stderr


@pytest.mark.parametrize(
    "app_config", [{"SERVER_NAME": None, "PUBLIC_URL": "https://mentoring.state.example"}]
)
def test_the_invitation_links_come_from_the_public_url(runner, tmp_path, cohort, outbox):
    result = import_file(runner, tmp_path, cohort.id, roster_file([row(1)]))
    assert result.exit_code == 0
    assert outbox[0].body.count("https://mentoring.state.example/invitation/") == 1
