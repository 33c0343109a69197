"""The rule sets as data: stored versions, the one in effect on a date, a second version added
from a file with an audit event, and the pages specialists read. Expectations by hand."""

import html
import json
import re
from dataclasses import replace
from datetime import date

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select

from mentoring import create_app
from mentoring.core.audit import AuditEvent
from mentoring.core.roles import Role
from mentoring.extensions import db
from mentoring.upgrade import queries
from mentoring.upgrade.models import CreditUnit, RuleSetVersion
from mentoring.upgrade.rules import TEACHERS_ONLY, in_effect
from tests.factories import make_user
from tests.upgrade.helpers import IPC_CCPC, ISS_CSS, TODAY, add_activity

# The counselors' version 2, as a specialist would write it: 45 contact hours, a semester hour
# worth 10 contact hours, from July 1, 2027.
VERSION_2 = """
path = "iss-css"
version = 2
name = "Student Services: ISS to CSS"
effective_on = 2027-07-01
source_document = "5 CSR 20-400.650, as amended"
source_section = "(2)(B) professional development"

[parameters]
initial = "Initial Student Services certificate (ISS)"
career = "Career Student Services certificate (CSS)"
valid_years = 4
years_needed = 4
pd_contact_hours = 45
semester_hour_contact_hours = 10
graduate_semester_hours = 3
regulation = "5 CSR 20-400.650"
mentoring_years = 2
mentoring_in_first_years = true
evaluation = "Performance-Based Student Services Evaluation"
apply_from_days = 60
apply_by_days = 30
reminder_days = [180, 60, 30]
extension_years = 4
extension_confirmed = true
reactivation_confirmed = false
reactivation_course_min_semester_hours = 2
reactivation_course_max_semester_hours = 3
reactivation_course_months = 6
reactivation_pd_contact_hours = 24
reactivation_pd_months = 6
background_check_months = 12
"""


def _text(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.text)))


def _add(runner, tmp_path, text: str, name: str = "v2.toml"):
    file = tmp_path / name
    file.write_text(text, encoding="utf-8")
    return runner.invoke(args=["upgrade", "rules", "add", str(file)])


def _stored() -> list[tuple[str, int]]:
    return db.session.execute(
        select(RuleSetVersion.path, RuleSetVersion.version).order_by(
            RuleSetVersion.path, RuleSetVersion.version
        )
    ).all()


# The version in effect -------------------------------------------------------------------------

V2 = replace(ISS_CSS, version=2, effective_on=date(2027, 7, 1), pd_contact_hours=45)
V3_SAME_DAY = replace(V2, version=3)


@pytest.mark.parametrize(
    ("day", "version"),
    [
        (date(2026, 11, 22), 1),  # before version 1's date: the first version still applies
        (date(2026, 12, 6), 1),
        (date(2027, 6, 30), 1),
        (date(2027, 7, 1), 2),
        (date(2031, 1, 1), 2),
    ],
)
def test_the_version_in_effect_is_the_latest_started(day, version):
    assert in_effect([V2, ISS_CSS], day).version == version


def test_two_versions_from_one_day_give_the_higher_number_and_none_gives_none():
    assert in_effect([ISS_CSS, V3_SAME_DAY, V2], date(2027, 7, 1)).version == 3
    assert in_effect([], TODAY) is None


def test_the_shipped_versions_are_stored_with_their_figures(app):
    assert _stored() == [("iss-css", 1), ("ipc-ccpc", 1)] or _stored() == [
        ("ipc-ccpc", 1),
        ("iss-css", 1),
    ]
    counselors = queries.rules_in_effect(TODAY)
    teachers = queries.rules_in_effect(TODAY, "ipc-ccpc")
    assert (counselors.pd_contact_hours, counselors.graduate_semester_hours) == (40, 3)
    assert (teachers.pd_contact_hours, teachers.graduate_semester_hours) == (30, None)
    assert counselors.reminder_days == (180, 60, 30)
    assert (counselors.extension_note, teachers.extension_note) == (TEACHERS_ONLY, None)
    assert counselors.first_expiry(date(2025, 8, 1)) == date(2029, 8, 1)


def test_a_migrated_database_holds_the_same_versions(tmp_path, monkeypatch):
    monkeypatch.setenv("MENTORING_INSTANCE_PATH", str(tmp_path))
    fresh = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'fresh.sqlite'}"})
    with fresh.app_context():
        upgrade()
        rows = {row.path: row.rules for row in db.session.scalars(select(RuleSetVersion))}
        db.engine.dispose()
    assert rows == {"iss-css": ISS_CSS, "ipc-ccpc": IPC_CCPC}


# A second version ------------------------------------------------------------------------------


def test_a_second_version_is_added_from_a_file_audited(runner, tmp_path):
    result = _add(runner, tmp_path, VERSION_2)
    assert result.exit_code == 0, result.output
    assert result.output == "Added iss-css version 2, in effect from 2027-07-01.\n"
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "upgrade.rule_set_added")
    )
    assert event.summary == (
        "Rule set iss-css version 2 added, in effect from 2027-07-01 (Student Services: ISS to CSS)"
    )
    assert (event.actor_id, event.target_type) == (None, "RuleSetVersion")
    assert queries.rules_in_effect(date(2027, 6, 30)).version == 1
    assert queries.rules_in_effect(date(2027, 7, 1)).pd_contact_hours == 45


def test_the_checklist_applies_the_version_of_its_day(runner, tmp_path, people):
    assert _add(runner, tmp_path, VERSION_2).exit_code == 0
    add_activity(people.mentee, contact_hours="25")
    add_activity(people.mentee, semester_hours="1", completed_on=date(2026, 4, 2))
    # Version 1: 25 + 1 × 15 = 40 of 40, met.
    before = queries.checklist(people.mentee, TODAY)
    assert (before.rules.version, before.development_hours) == (1, "40")
    assert before.by_key["development"].detail == "40 of 40 contact hours"
    # Version 2 from July 1, 2027: 25 + 1 × 10 = 35 of 45, 10 short. The activities fall in
    # the ISS's validity (August 1, 2025 to August 1, 2029) either way.
    after = queries.checklist(people.mentee, date(2027, 7, 1))
    assert (after.rules.version, after.development_hours) == (2, "35")
    assert after.by_key["development"].detail == "35 of 45 contact hours: 10 more needed"
    semester = next(
        item.entry
        for item in after.development_items
        if item.entry.unit == CreditUnit.SEMESTER_HOURS
    )
    assert (before.contact_hours(semester), after.contact_hours(semester)) == ("15", "10")


def test_the_page_names_the_version_it_applies(client, auth, people):
    auth.login_as(people.mentee)
    text = _text(client.get("/upgrade"))
    assert (
        "Rules applied: Student Services: ISS to CSS, version 1 , in effect from December 6, 2026"
        in text
    )
    assert "From the Initial Student Services certificate (ISS) to the Career Student" in text


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("version = 2", "version: the next version of iss-css is 2, not 3."),
        ("effective_on = 2027-07-01", "effective_on: version 1 is in effect from 2026-12-06; "),
        ("pd_contact_hours = 45", "pd_contact_hours: give a value."),
        ("pd_contact_hours = 45", "parameters: unknown pd_hours."),
        ("extension_confirmed = true", "extension_confirmed: give true or false."),
        ("apply_by_days = 30", "apply_from_days: give more days than apply_by_days."),
        ("reminder_days = [180, 60, 30]", "reminder_days: give a list of whole numbers of days"),
    ],
)
def test_a_wrong_version_is_refused_and_nothing_is_stored(runner, tmp_path, change, message):
    wrong = {
        "version = 2": "version = 3",
        "effective_on = 2027-07-01": "effective_on = 2026-01-01",
        "pd_contact_hours = 45": "pd_hours = 45",
        "extension_confirmed = true": 'extension_confirmed = "yes"',
        "apply_by_days = 30": "apply_by_days = 60",
        "reminder_days = [180, 60, 30]": "reminder_days = [180, 0]",
    }[change]
    result = _add(runner, tmp_path, VERSION_2.replace(change, wrong))
    assert result.exit_code == 1
    assert message in result.output
    assert len(_stored()) == 2
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == 0


def test_an_unreadable_file_is_refused(runner, tmp_path):
    result = _add(runner, tmp_path, "path = ", name="broken.toml")
    assert result.exit_code == 1 and "broken.toml cannot be read" in result.output
    result = _add(runner, tmp_path, "{}", name="rules.yaml")
    assert result.exit_code == 1 and "rules.yaml: give a .toml or a .json file." in result.output


def test_list_and_show_and_a_json_version_from_show(runner, tmp_path):
    listed = runner.invoke(args=["upgrade", "rules", "list"]).output.splitlines()
    assert [line.split("\t")[:3] for line in listed] == [
        ["ipc-ccpc", "version 1", "from 2026-12-06"],
        ["iss-css", "version 1", "from 2026-12-06"],
    ]
    shown = json.loads(runner.invoke(args=["upgrade", "rules", "show", "ipc-ccpc"]).output)
    assert (shown["version"], shown["parameters"]["pd_contact_hours"]) == (1, 30)
    assert "graduate_semester_hours" not in shown["parameters"]
    # The shown version, edited, is the next one.
    shown |= {"version": 2, "effective_on": "2028-01-01"}
    shown["parameters"]["pd_contact_hours"] = 36
    result = _add(runner, tmp_path, json.dumps(shown), name="ipc-ccpc-2.json")
    assert result.output == "Added ipc-ccpc version 2, in effect from 2028-01-01.\n"
    assert queries.rules_in_effect(date(2028, 1, 1), "ipc-ccpc").pd_contact_hours == 36
    missing = runner.invoke(args=["upgrade", "rules", "show", "ipc-ccpc", "--version", "9"])
    assert missing.exit_code == 1 and "No rule set ipc-ccpc version 9." in missing.output


# The pages -------------------------------------------------------------------------------------


def test_specialists_read_every_version_and_its_figures(client, auth, runner, tmp_path):
    assert _add(runner, tmp_path, VERSION_2).exit_code == 0
    auth.login_as(make_user(Role.SPECIALIST))
    listed = _text(client.get("/upgrade/rule-sets"))
    assert re.search(
        r"Teachers: IPC to CCPC, version 1 \(ipc-ccpc\) 1 December 6, 2026 [^I]* In effect", listed
    )
    assert (
        "ISS to CSS, version 2 (iss-css) 2 July 1, 2027 5 CSR 20-400.650, as amended Not in"
        in listed
    )
    assert "ISS to CSS, version 1 (iss-css) 1 December 6, 2026 Missouri" in listed

    ids = dict(
        db.session.execute(
            select(RuleSetVersion.version, RuleSetVersion.id).where(
                RuleSetVersion.path == "iss-css"
            )
        ).all()
    )
    first = _text(client.get(f"/upgrade/rule-sets/{ids[1]}"))
    assert "Student Services: ISS to CSS, version 1" in first
    assert "In effect today." in first  # today is November 22, 2026: version 1 applies
    assert "40 contact hours completed while the initial certificate is valid" in first
    assert "or 3 graduate semester hours toward an advanced degree (5 CSR 20-400.650)" in first
    assert f"Not confirmed for this path: {TEACHERS_ONLY}." in first
    second = _text(client.get(f"/upgrade/rule-sets/{ids[2]}"))
    assert "45 contact hours" in second and "1 college semester hour is 10 contact hours" in second
    assert "Not in effect yet." in second
    assert "Resets the 4-year period. Confirmed for this path." in second
    assert client.get("/upgrade/rule-sets/999").status_code == 404
