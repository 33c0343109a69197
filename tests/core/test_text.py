"""One text rule for every typed field: forms, the roster import and the command line."""

import importlib
import pkgutil
import re

import pytest
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms import StringField, TextAreaField
from wtforms.validators import Length, Optional

import mentoring
from mentoring.cohorts.roster import import_roster
from mentoring.core.forms import Form
from mentoring.core.roles import Role
from mentoring.core.text import (
    CONTROL_CHARACTER,
    FORMAT_CHARACTER,
    LINE_BREAK,
    characters_problem,
    clean_text,
)
from mentoring.extensions import db
from mentoring.users.models import User
from tests.cohorts.test_roster import problems, roster_file, row
from tests.factories import TODAY, make_cohort, make_user
from tests.mentors.helpers import application_answers

# Prints "Kwame Osei Osei" wherever bidi is honoured (a certificate, an email client).
REVERSED = "Kwame \u202eiesO\u202c Osei"
# Would add a line of its own to the invitation email's text.
TWO_LINES = "Kwame Osei\r\nYour account is suspended: call 555-0100"
BAD_NAMES = pytest.mark.parametrize(
    ("name", "message"),
    [(REVERSED, FORMAT_CHARACTER), (TWO_LINES, LINE_BREAK)],
    ids=["bidi", "crlf"],
)


@pytest.mark.parametrize(
    ("text", "multiline", "problem"),
    [
        ("Kwame Osei", False, None),
        ("Zoë Ñúñez-O'Brien 李", False, None),
        (REVERSED, False, FORMAT_CHARACTER),
        ("Kwame\u2066Osei\u2069", False, FORMAT_CHARACTER),  # isolates
        ("Kwa\u200bme", False, FORMAT_CHARACTER),  # zero-width space
        ("Kwa\u200dme", False, FORMAT_CHARACTER),  # zero-width joiner
        ("\ufeffKwame", False, FORMAT_CHARACTER),  # byte-order mark
        (TWO_LINES, False, LINE_BREAK),
        ("Kwame\nOsei", False, LINE_BREAK),
        ("Kwame\u2028Osei", False, LINE_BREAK),  # Unicode's line separator
        ("Kwame\tOsei", False, CONTROL_CHARACTER),
        ("Kwame \x1b[31mOsei", False, CONTROL_CHARACTER),  # ESC: a terminal colour
        ("Kwame\x00", False, CONTROL_CHARACTER),
        ("Kwame\x85Osei", False, LINE_BREAK),  # NEL
        ("Kwame\x9bOsei", False, CONTROL_CHARACTER),  # C1 control (CSI)
        ("First line\r\nsecond\tindented\nthird", True, None),
        ("Reversed \u202eiesO\u202c", True, FORMAT_CHARACTER),
        ("Bell \x07", True, CONTROL_CHARACTER),
        ("Escape \x1b", True, CONTROL_CHARACTER),
        ("Line\u2029paragraph", True, CONTROL_CHARACTER),
        (None, False, None),
    ],
)
def test_the_rule(text, multiline, problem):
    assert characters_problem(text, multiline=multiline) == problem


def test_every_form_of_the_app_obeys_the_rule():
    for module in pkgutil.walk_packages(mentoring.__path__, "mentoring."):
        if module.name.endswith(".forms"):
            importlib.import_module(module.name)
    forms, pending = [], list(FlaskForm.__subclasses__())
    while pending:
        form = pending.pop()
        forms.append(form)
        pending += form.__subclasses__()
    ours = [form for form in forms if form.__module__.startswith("mentoring.")]
    assert len(ours) > 30
    assert [form.__name__ for form in ours if not issubclass(form, Form)] == []


def _beside(response, field: str, message: str) -> bool:
    page = response.get_data(as_text=True)
    return re.search(rf'id="{field}-error"[^>]*>[^<]*{re.escape(message)}', page) is not None


def _user_count() -> int:
    return db.session.scalar(select(func.count()).select_from(User))


@pytest.mark.parametrize(
    ("name", "message"), [(REVERSED, FORMAT_CHARACTER), (TWO_LINES, LINE_BREAK)]
)
def test_the_forms_refuse_a_name_beside_the_field(client, auth, outbox, name, message):
    cohort = make_cohort()
    auth.login_as(make_user(Role.SPECIALIST))
    before = _user_count()
    invite = {"name": name, "email": "kwame@example.org", "role": "mentor"}
    response = client.post("/admin/users/invite", data=invite)
    assert response.status_code == 400 and _beside(response, "name", message)
    enroll = {
        "email": "kwame@example.org",
        "name": "Kwame Osei",
        "district": name,
        "school": name,
        "grade_level": "middle",
        "kind": "new",
    }
    response = client.post(f"/admin/cohorts/{cohort.id}/enroll", data=enroll)
    assert response.status_code == 400
    assert _beside(response, "district", message) and _beside(response, "school", message)
    response = client.post(
        "/admin/cohorts/new", data={"name": name, "region": "Central", "start_year": "2026"}
    )
    assert response.status_code == 400 and _beside(response, "name", message)
    auth.logout()
    response = client.post(
        "/mentors/apply", data=application_answers(name=name, reference1_name=name)
    )
    assert response.status_code == 400
    assert _beside(response, "name", message) and _beside(response, "reference1_name", message)
    assert _user_count() == before and outbox == []


def test_a_multi_line_box_keeps_line_breaks_and_refuses_hidden_characters(client):
    statement = "I mentor.\r\nI listen.\u202e"
    response = client.post("/mentors/apply", data=application_answers(statement=statement))
    assert response.status_code == 400 and _beside(response, "statement", FORMAT_CHARACTER)
    response = client.post(
        "/mentors/apply", data=application_answers(statement="I mentor.\r\n\tI listen.")
    )
    assert response.status_code == 302


def test_the_roster_import_refuses_them_at_their_row_and_column(app):
    cohort = make_cohort()
    data = roster_file([row(1, name=REVERSED), row(2), row(3, district=TWO_LINES.strip())])
    assert problems(cohort, data) == [(2, "name", FORMAT_CHARACTER), (4, "district", LINE_BREAK)]


@pytest.mark.parametrize(
    ("name", "message"), [(REVERSED, FORMAT_CHARACTER), (TWO_LINES, LINE_BREAK)]
)
def test_the_command_line_refuses_them(runner, name, message):
    before = _user_count()
    args = ["users", "create", "--email", "kwame@example.org", "--name", name, "--role", "mentor"]
    result = runner.invoke(args=[*args, "--password", "a-long-cli-password"])
    assert result.exit_code == 1 and message in result.output
    assert _user_count() == before


def test_import_roster_is_all_or_nothing_with_a_bad_name(app):
    cohort = make_cohort()
    before = _user_count()
    with pytest.raises(Exception, match="problem"):
        import_roster(cohort, roster_file([row(1), row(2, name=REVERSED)]), None, TODAY)
    db.session.rollback()
    assert _user_count() == before


class _Limited(Form):
    class Meta:
        csrf = False

    link = StringField("Link (optional)", filters=[clean_text], render_kw={"maxlength": 5})
    note = TextAreaField(
        "Note (optional)", filters=[clean_text], validators=[Optional(), Length(max=5)]
    )


@pytest.mark.parametrize(
    ("sent", "errors"),
    [
        # Trimmed to nothing, yet longer than the box allows: refused, not saved as empty.
        ({"link": " " * 6}, {"link": ["Field cannot be longer than 5 characters."]}),
        ({"note": "\x0c" * 6}, {"note": ["Field cannot be longer than 5 characters."]}),
        ({"link": " " * 5, "note": "\t" * 5}, {}),
        # A browser counts a line break as one character and sends it as \r\n.
        ({"note": "a\r\nb\r\nc"}, {}),
        ({"note": "a\r\nb\r\ncd"}, {"note": ["Field cannot be longer than 5 characters."]}),
    ],
)
def test_the_limit_is_judged_on_what_was_sent(app, sent, errors):
    with app.test_request_context(method="POST", data=sent):
        form = _Limited()
        assert form.validate() is (errors == {})
        assert form.errors == errors
