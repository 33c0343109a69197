"""The change-runner (mentoring/core/changes.py): commit, or roll back and show the domain error;
and no route commits or rolls back by hand."""

import pathlib
import re

import pytest
from flask import get_flashed_messages
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms import StringField

from mentoring.core import audit
from mentoring.core.audit import AuditEvent
from mentoring.core.changes import change
from mentoring.core.errors import AlreadyDone, MentoringError
from mentoring.extensions import db

ROOT = pathlib.Path(__file__).resolve().parent.parent / "mentoring"


class NameForm(FlaskForm):
    name = StringField("Name")
    email = StringField("Email")


def _events() -> int:
    """Audit events as the database has them (what another connection would see)."""
    return db.session.scalar(select(func.count()).select_from(AuditEvent))


@pytest.fixture
def request_context(app):
    with app.test_request_context("/", method="POST"):
        yield


def _record(summary: str = "a change") -> None:
    audit.record(None, "test.change", summary=summary)


def test_a_block_that_raises_nothing_commits(request_context):
    with change() as outcome:
        _record()
    db.session.rollback()  # anything not committed would go now
    assert _events() == 1
    assert outcome.saved and outcome.finished
    assert outcome.error is None and outcome.already is None
    assert get_flashed_messages() == []


def test_a_domain_error_rolls_back_and_goes_beside_its_field(request_context):
    form = NameForm()
    with change(form, "name") as outcome:
        _record()
        raise MentoringError("That email is taken.", field="email")
    assert _events() == 0
    assert not outcome.saved and not outcome.finished
    assert outcome.error.message == "That email is taken."
    assert form.email.errors == ["That email is taken."]
    assert not form.name.errors
    assert get_flashed_messages() == []


def test_a_domain_error_without_a_field_goes_beside_the_fallback(request_context):
    form = NameForm()
    with change(form, "name") as outcome:
        _record()
        raise MentoringError("Not now.")
    assert _events() == 0
    assert form.name.errors == ["Not now."]
    assert outcome.error is not None


def test_a_domain_error_with_no_place_on_the_form_is_flashed(request_context):
    form = NameForm()
    with change(form) as outcome:
        _record()
        raise MentoringError("Someone else decided it a moment ago.")
    assert _events() == 0
    assert outcome.error.field is None
    assert not form.name.errors and not form.email.errors
    assert get_flashed_messages(with_categories=True) == [
        ("danger", "Someone else decided it a moment ago.")
    ]


def test_a_domain_error_without_a_form_is_flashed(request_context):
    with change() as outcome:
        _record()
        raise MentoringError("The cohort is closed.", field="name")
    assert _events() == 0
    assert get_flashed_messages(with_categories=True) == [("danger", "The cohort is closed.")]
    assert not outcome.finished


def test_quiet_leaves_the_error_to_the_route(request_context):
    form = NameForm()
    with change(quiet=True) as outcome:
        _record()
        raise MentoringError("This link has expired.")
    assert _events() == 0
    assert outcome.error.message == "This link has expired."
    assert not form.name.errors
    assert get_flashed_messages() == []


def test_already_done_rolls_back_and_says_so_as_information(request_context):
    form = NameForm()
    with change(form, "name") as outcome:
        _record()
        raise AlreadyDone("Robin is already enrolled; nothing changed.")
    assert _events() == 0
    assert outcome.finished and not outcome.saved
    assert outcome.already == "Robin is already enrolled; nothing changed."
    assert outcome.error is None
    assert not form.name.errors
    assert get_flashed_messages(with_categories=True) == [
        ("info", "Robin is already enrolled; nothing changed.")
    ]


def test_any_other_exception_rolls_back_and_goes_on(request_context):
    with pytest.raises(ZeroDivisionError), change() as outcome:
        _record()
        _ = 1 / 0
    assert _events() == 0
    assert not outcome.finished
    assert get_flashed_messages() == []


def test_what_was_committed_before_the_block_stays(request_context):
    with change():
        _record("kept")
    with change():
        _record("undone")
        raise MentoringError("No.")
    assert db.session.scalars(select(AuditEvent.summary)).all() == ["kept"]


# No route commits by hand -----------------------------------------------------------------------


def route_modules(root: pathlib.Path = ROOT) -> list[pathlib.Path]:
    """Every module that serves pages: a routes*.py, a module of a routes/ package, or any module
    that adds a view to a blueprint."""
    found = []
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts
        if (
            parts[-1].startswith("routes")
            or "routes" in parts[:-1]
            or re.search(r"^@\w+\.(route|get|post)\(", path.read_text(), re.M)
        ):
            found.append(path)
    return found


HAND_MADE = re.compile(r"\bdb\.session\.(commit|rollback)\(")


def hand_made_commits(root: pathlib.Path = ROOT) -> list[str]:
    return [
        f"{path.relative_to(root.parent)}:{number}"
        for path in route_modules(root)
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if HAND_MADE.search(line)
    ]


def test_no_route_commits_or_rolls_back_by_hand():
    assert hand_made_commits() == []


def test_the_check_finds_a_commit_in_a_routes_package(tmp_path):
    root = tmp_path / "mentoring"
    (root / "things" / "routes").mkdir(parents=True)
    (root / "things" / "routes" / "edit.py").write_text(
        "def save():\n    thing.name = 'x'\n    db.session.commit()\n"
    )
    (root / "things" / "cli.py").write_text("def load():\n    db.session.commit()\n")
    (root / "things" / "routes_old.py").write_text("db.session.rollback()\n")
    (root / "things" / "pages.py").write_text(
        "@bp.post('/x')\ndef x():\n    db.session.rollback()\n"
    )
    assert hand_made_commits(root) == [
        "mentoring/things/pages.py:3",
        "mentoring/things/routes/edit.py:3",
        "mentoring/things/routes_old.py:1",
    ]


def test_the_route_modules_are_found():
    names = {str(path.relative_to(ROOT.parent)) for path in route_modules()}
    assert "mentoring/users/routes.py" in names
    assert "mentoring/auth/routes/sign_in.py" in names
    assert "mentoring/users/cli.py" not in names
