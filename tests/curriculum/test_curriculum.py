"""The PLC curriculum: a specialist sets a month's topic with links and files; bad input saves
nothing; files go to the cohort's people only, as attachments; mentors see this month's topic
on their home and in the meeting log (chosen there); the cohort page shows which topics each
PLC group covered, in a fixed number of statements."""

from dataclasses import dataclass
from datetime import date

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select

from mentoring import create_app
from mentoring.cohorts.models import Cohort, EnrollmentStatus, PlcGroup, program_year_for
from mentoring.core import localtime
from mentoring.core.audit import AuditEvent
from mentoring.core.localtime import school_year_of
from mentoring.core.models import utcnow
from mentoring.core.roles import Role
from mentoring.curriculum import operations, queries
from mentoring.curriculum.models import (
    CurriculumFile,
    CurriculumLink,
    CurriculumMonth,
    CurriculumTopic,
)
from mentoring.curriculum.seed import PROGRAM_TOPICS
from mentoring.extensions import db
from mentoring.meetings.models import Meeting
from mentoring.users.models import User
from tests.factories import (
    count_statements,
    enroll,
    log_meeting,
    make_cohort,
    make_group,
    make_mentee,
    make_mentor,
    make_user,
)
from tests.files import DOCX, MB, PDF, PNG, PPTX, XLSX, padded, post_multipart

TODAY = localtime.today()
START_YEAR = school_year_of(TODAY)  # year 1 runs now


@dataclass
class Program:
    cohort: Cohort
    group: PlcGroup
    mentor: User
    mentee: User
    enrollment: object
    specialist: User


@pytest.fixture
def program(app) -> Program:
    """A running cohort in its first year, Mia's group in it, Noor enrolled there."""
    cohort = make_cohort(name="Heartland", start_year=START_YEAR)
    mentor = make_mentor(name="Mia Mentor")
    group = make_group(cohort, mentor)
    mentee = make_mentee(name="Noor Mentee")
    enrollment = enroll(cohort, mentee, group)
    return Program(cohort, group, mentor, mentee, enrollment, make_user(Role.SPECIALIST))


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _month_url(cohort, year=1, month=10) -> str:
    return f"/admin/cohorts/{cohort.id}/curriculum/{year}/{month}"


def _send(client, url, files=None, **fields):
    answers = {"chosen": "", "typed": "", "link_url": "", "link_label": ""} | fields
    return post_multipart(client, url, answers, files or {})


# The topic list ------------------------------------------------------------------------------


def test_a_new_installation_starts_with_the_programs_own_topics(tmp_path, monkeypatch):
    monkeypatch.setenv("MENTORING_INSTANCE_PATH", str(tmp_path))
    fresh = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'fresh.sqlite'}"})
    with fresh.app_context():
        upgrade()
        titles = set(db.session.scalars(select(CurriculumTopic.title)))
        db.session.remove()
        db.engine.dispose()
    assert len(titles) == 9
    assert "Skill development, collaboration and reflection" in titles
    assert "The annual Performance-Based Student Services Evaluation" in titles
    assert titles == set(PROGRAM_TOPICS)


def test_specialists_add_and_remove_list_topics(client, auth, program):
    auth.login_as(program.specialist)
    assert client.post("/admin/curriculum/topics", data={"title": "Calendars"}).status_code == 302
    for title, message in (
        ("  ", "Type the topic."),
        ("calendars", None),  # another spelling is another topic
        ("Calendars", "That topic is already on the list."),
        ("x" * 201, "Keep the topic to 200 characters or fewer (it has 201)."),
    ):
        response = client.post("/admin/curriculum/topics", data={"title": title})
        if message:
            assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert sorted(db.session.scalars(select(CurriculumTopic.title))) == ["Calendars", "calendars"]
    topic = db.session.scalar(select(CurriculumTopic).where(CurriculumTopic.title == "Calendars"))
    # A month that chose it keeps its title when it leaves the list.
    operations.set_month(program.cohort, 1, 9, program.specialist, utcnow(), chosen="Calendars")
    db.session.commit()
    assert client.post(f"/admin/curriculum/topics/{topic.id}/delete").status_code == 302
    assert _count(CurriculumTopic) == 1
    assert db.session.scalar(select(CurriculumMonth.title)) == "Calendars"


# Setting a month -----------------------------------------------------------------------------


def test_a_month_is_set_with_a_topic_from_the_list_a_link_and_a_file(client, auth, program):
    db.session.add(CurriculumTopic(title="Building a yearly calendar"))
    db.session.commit()
    auth.login_as(program.specialist)
    page = client.get(_month_url(program.cohort))
    assert page.status_code == 200
    assert f"PLC topic for October {START_YEAR}" in page.get_data(as_text=True)
    response = _send(
        client,
        _month_url(program.cohort),
        files={"file": ("Calendar template.pdf", PDF)},
        chosen="Building a yearly calendar",
        link_url="https://dese.mo.gov/calendar",
        link_label="The department's calendar guide",
    )
    assert response.status_code == 302
    (entry,) = db.session.scalars(select(CurriculumMonth))
    assert (entry.cohort_id, entry.program_year, entry.month, entry.title) == (
        program.cohort.id,
        1,
        10,
        "Building a yearly calendar",
    )
    (link,) = db.session.scalars(select(CurriculumLink))
    assert (link.url, link.label) == (
        "https://dese.mo.gov/calendar",
        "The department's calendar guide",
    )
    (stored,) = db.session.scalars(select(CurriculumFile))
    assert (stored.file_name, stored.content_type, stored.size_bytes, stored.data) == (
        "Calendar template.pdf",
        "application/pdf",
        len(PDF),
        PDF,
    )
    (event,) = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "curriculum.month_set")
    )
    assert event.summary == (
        f"Cohort {program.cohort.id}, year 1, month 10: topic set, a link and a file "
        f"(application/pdf, {len(PDF):,} bytes) added"
    )
    # Sending the month again changes its topic and adds to its resources.
    assert (
        _send(
            client,
            _month_url(program.cohort),
            files={"file": ("slides.pdf", PPTX)},  # its name says PDF, its content PowerPoint
            typed="A calendar of our own",
        ).status_code
        == 302
    )
    db.session.refresh(entry)
    assert entry.title == "A calendar of our own"
    assert sorted(db.session.scalars(select(CurriculumFile.file_name))) == [
        "Calendar template.pdf",
        "slides.pptx",
    ]
    assert _count(CurriculumMonth) == 1


@pytest.mark.parametrize(
    ("fields", "files", "field", "message"),
    [
        ({}, {}, "chosen", "Choose a topic from the list or type one."),
        ({"typed": "   "}, {}, "chosen", "Choose a topic from the list or type one."),
        (
            {"chosen": "On the list", "typed": "Typed"},
            {},
            "typed",
            "Choose a topic from the list or type one, not both.",
        ),
        ({"chosen": "Not on the list"}, {}, "chosen", "Choose a topic from the list."),
        (
            {"typed": "Calendars", "link_url": "http://dese.mo.gov/"},
            {},
            "link_url",
            "Give a link that starts with https:// (e.g. https://dese.mo.gov/…).",
        ),
        (
            {"typed": "Calendars", "link_url": "javascript:alert(1)"},
            {},
            "link_url",
            "Give a link that starts with https:// (e.g. https://dese.mo.gov/…).",
        ),
        (
            {"typed": "Calendars", "link_label": "A name without a link"},
            {},
            "link_label",
            "Give the link's address too, or clear its name.",
        ),
        (
            {"typed": "Calendars"},
            {"file": ("picture.pdf", PNG)},
            "file",
            "Attach a PDF, DOCX or PPTX file; this file is none of them.",
        ),
        (
            {"typed": "Calendars"},
            {"file": ("sheet.docx", XLSX)},
            "file",
            "Attach a PDF, DOCX or PPTX file; this file is none of them.",
        ),
        (
            {"typed": "Calendars"},
            {"file": ("big.pdf", padded(PDF, 10 * MB + 1))},
            "file",
            "A file can be at most 10 MB (10,485,760 bytes); this one has 10,485,761 bytes.",
        ),
    ],
)
def test_bad_input_is_answered_beside_its_field_and_nothing_is_saved(
    client, auth, program, fields, files, field, message
):
    db.session.add(CurriculumTopic(title="On the list"))
    db.session.commit()
    auth.login_as(program.specialist)
    response = _send(client, _month_url(program.cohort), files=files, **fields)
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'<div id="{field}-error" class="invalid-feedback d-block">{message}</div>' in (
        body.replace("&#39;", "'")
    )
    assert (_count(CurriculumMonth), _count(CurriculumLink), _count(CurriculumFile)) == (0, 0, 0)


def test_the_operation_refuses_what_the_form_would(program):
    """All or nothing: a bad file refuses the topic and the link sent with it."""
    with pytest.raises(Exception, match="none of them") as refused:
        operations.set_month(
            program.cohort,
            1,
            10,
            program.specialist,
            utcnow(),
            typed="Calendars",
            link_url="https://dese.mo.gov/",
            file_name="x.pdf",
            file_data=b"MZ\x90\x00 an executable",
        )
    assert refused.value.field == "file"
    assert (_count(CurriculumMonth), _count(CurriculumLink)) == (0, 0)


def test_a_body_far_over_the_limit_is_refused_unread_with_the_pages_own_limit(
    client, auth, program
):
    auth.login_as(program.specialist)
    response = _send(
        client, _month_url(program.cohort), files={"file": ("huge.pdf", padded(PDF, 21 * MB))}
    )
    assert response.status_code == 413
    assert "A file here can be at most 10 MB" in response.get_data(as_text=True)
    assert _count(CurriculumMonth) == 0


def test_a_month_outside_the_program_year_or_a_third_year_does_not_exist(client, auth, program):
    auth.login_as(program.specialist)
    assert client.get(_month_url(program.cohort, year=3)).status_code == 404
    assert client.get(_month_url(program.cohort, month=13)).status_code == 404
    assert client.get(_month_url(program.cohort, month=0)).status_code == 404


# Removing ------------------------------------------------------------------------------------


def _october(program, **resources) -> CurriculumMonth:
    entry = operations.set_month(
        program.cohort, 1, 10, program.specialist, utcnow(), typed="Calendars", **resources
    )
    db.session.commit()
    return entry


def test_links_files_and_the_month_itself_are_removed(client, auth, program):
    entry = _october(program, link_url="https://a.example/", file_name="a.docx", file_data=DOCX)
    meeting = log_meeting(program.group, TODAY, attendees=[program.enrollment])
    meeting.curriculum_month_id = entry.id
    db.session.commit()
    link_id = db.session.scalar(select(CurriculumLink.id))
    file_id = db.session.scalar(select(CurriculumFile.id))
    auth.login_as(program.specialist)
    assert client.post(f"/admin/curriculum/links/{link_id}/delete").status_code == 302
    assert client.post(f"/admin/curriculum/files/{file_id}/delete").status_code == 302
    assert (_count(CurriculumLink), _count(CurriculumFile)) == (0, 0)
    _october(program, link_url="https://b.example/")
    clear = f"{_month_url(program.cohort)}/clear"
    asked = client.post(clear)
    assert asked.status_code == 200
    assert "“Calendars” is removed for Heartland, with its 1 link and 0 files." in (
        asked.get_data(as_text=True)
    )
    assert _count(CurriculumMonth) == 1
    assert client.post(clear, data={"confirmed": "yes"}).status_code == 302
    assert (_count(CurriculumMonth), _count(CurriculumLink)) == (0, 0)
    # The meeting keeps its record and no longer names the topic.
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).curriculum_month_id is None


# Who reads it --------------------------------------------------------------------------------


def test_files_go_to_the_cohorts_people_only_as_attachments(client, auth, program):
    _october(program, file_name="Guide.docx", file_data=DOCX)
    file_id = db.session.scalar(select(CurriculumFile.id))
    url = f"/curriculum/files/{file_id}"
    other_cohort = make_cohort(name="Elsewhere", start_year=START_YEAR)
    other_mentor = make_mentor()
    other_mentee = make_mentee()
    enroll(other_cohort, other_mentee, make_group(other_cohort, other_mentor))
    withdrawn = make_mentee()
    enroll(program.cohort, withdrawn, program.group).status = EnrollmentStatus.WITHDRAWN
    db.session.commit()
    for person, status in (
        (program.specialist, 200),
        (program.mentor, 200),
        (program.mentee, 200),
        (other_mentor, 404),
        (other_mentee, 404),
        (withdrawn, 404),
    ):
        client.post("/logout")
        auth.login_as(person)
        response = client.get(url)
        assert response.status_code == status, person.name
        year_page = client.get(f"/cohorts/{program.cohort.id}/curriculum/1")
        assert year_page.status_code == status, person.name
        if status == 200:
            assert response.data == DOCX
            assert response.headers["Content-Type"] == (
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            )
            assert response.headers["Content-Disposition"] == 'attachment; filename="Guide.docx"'
            assert response.headers["Cache-Control"] == "no-store"
            assert response.headers["X-Content-Type-Options"] == "nosniff"
    client.post("/logout")
    assert client.get(url).headers["Location"].startswith("/login")
    assert client.get("/curriculum/files/999999").status_code == 302


def test_the_year_page_lists_every_month_in_program_order(client, auth, program):
    _october(program, link_url="https://dese.mo.gov/x", link_label="Guide")
    operations.set_month(program.cohort, 1, 3, program.specialist, utcnow(), typed="Evaluation")
    db.session.commit()
    auth.login_as(program.mentor)
    body = client.get(f"/cohorts/{program.cohort.id}/curriculum/1").get_data(as_text=True)
    months = [f"July {START_YEAR}", f"October {START_YEAR}", f"March {START_YEAR + 1}"]
    months += [f"June {START_YEAR + 1}"]
    positions = [body.index(f">{month}</h2>") for month in months]
    assert positions == sorted(positions)
    assert body.count("No topic set.") == 10
    assert '<a href="https://dese.mo.gov/x" rel="noopener noreferrer">Guide</a>' in body
    assert "Set the topic" not in body  # mentors read; specialists change


# This month on the home page and in the meeting log -------------------------------------------


def _this_month(program, **resources) -> CurriculumMonth:
    entry = operations.set_month(
        program.cohort,
        program_year_for(TODAY, program.cohort),
        TODAY.month,
        program.specialist,
        utcnow(),
        typed="This month's topic",
        **resources,
    )
    db.session.commit()
    return entry


def test_mentors_and_mentees_see_this_months_topic_on_their_home(client, auth, program):
    if TODAY.month != 10:
        _october(program)
    _this_month(program, link_url="https://dese.mo.gov/now", file_name="now.pptx", file_data=PPTX)
    file_id = db.session.scalar(select(CurriculumFile.id))
    for person in (program.mentor, program.mentee):
        client.post("/logout")
        auth.login_as(person)
        home = client.get("/").get_data(as_text=True).replace("&#39;", "'")
        assert "This month’s PLC topic</h2>" in home
        assert "This month's topic" in home
        assert f'href="/curriculum/files/{file_id}">now.pptx</a>' in home
        assert "https://dese.mo.gov/now" in home
        if TODAY.month != 10:
            assert "Calendars" not in home  # another month's topic


def test_a_month_without_a_topic_shows_nothing_on_the_home(client, auth, program):
    auth.login_as(program.mentor)
    assert "This month’s PLC topic" not in client.get("/").get_data(as_text=True)


def test_the_meeting_form_chooses_this_months_topic_and_logs_it(client, auth, program):
    entry = _this_month(program, link_url="https://dese.mo.gov/now")
    other = _october(program) if TODAY.month != 10 else None
    auth.login_as(program.mentor)
    url = f"/groups/{program.group.id}/meetings/new"
    form = client.get(url).get_data(as_text=True).replace("&#39;", "'")
    assert "This month’s PLC topic: This month's topic" in form
    assert f'<option selected value="{entry.id}">' in form
    answers = {
        "held_on": TODAY.isoformat(),
        "duration_minutes": "60",
        "kind": "plc_group",
        "format": "in_person",
        "topics": ["counseling_skills"],
        "attendees": [str(program.enrollment.id)],
        "focus": "Calendars",
        "next_steps": "Draft one",
        "submission_token": "t" * 24,
        "curriculum_month_id": str(entry.id),
    }
    assert client.post(url, data=answers).status_code == 302
    assert db.session.scalar(select(Meeting.curriculum_month_id)) == entry.id
    # Another cohort's topic is refused beside the field.
    foreign_cohort = make_cohort(name="Foreign", start_year=START_YEAR)
    foreign = operations.set_month(
        foreign_cohort, 1, 9, program.specialist, utcnow(), typed="Foreign topic"
    )
    db.session.commit()
    refused = client.post(
        url, data=answers | {"submission_token": "u" * 24, "curriculum_month_id": str(foreign.id)}
    )
    assert refused.status_code == 400
    assert "Choose one of this cohort’s curriculum topics, or none." in refused.get_data(
        as_text=True
    )
    assert _count(Meeting) == 1
    if other is not None:
        # A meeting may cover another month's topic, chosen by hand.
        later = answers | {"submission_token": "v" * 24, "curriculum_month_id": str(other.id)}
        assert client.post(url, data=later).status_code == 302
        assert sorted(db.session.scalars(select(Meeting.curriculum_month_id))) == sorted(
            [entry.id, other.id]
        )


# Coverage ------------------------------------------------------------------------------------


def test_coverage_per_group_counted_by_hand(client, auth, program):
    """Three topics in year 1 (September, October, November) and one in year 2 (September).
    Mia's group covered September once and October twice; Ravi's group covered nothing (one
    meeting without a topic). So Mia: 2 of 3 in year 1, 0 of 1 in year 2; Ravi: 0 of 3, 0 of 1.
    """
    cohort = program.cohort
    ravi = make_mentor(name="Ravi Mentor")
    ravi_group = make_group(cohort, ravi)
    ravi_mentee = make_mentee()
    ravi_enrollment = enroll(cohort, ravi_mentee, ravi_group)
    topic = {}
    for year, month in ((1, 9), (1, 10), (1, 11), (2, 9)):
        topic[year, month] = operations.set_month(
            cohort, year, month, program.specialist, utcnow(), typed=f"Topic {year}-{month}"
        )
    db.session.commit()
    held_on = date(START_YEAR, 9, 15)
    for key in ((1, 9), (1, 10), (1, 10)):
        meeting = log_meeting(program.group, held_on, attendees=[program.enrollment])
        meeting.curriculum_month_id = topic[key].id
    log_meeting(ravi_group, held_on, attendees=[ravi_enrollment])
    db.session.commit()
    found = queries.coverage(cohort)
    assert found.covered == {
        (program.group.id, topic[1, 9].id),
        (program.group.id, topic[1, 10].id),
    }
    assert [found.count(program.group.id, y) for y in (1, 2)] == [2, 0]
    assert [found.count(ravi_group.id, y) for y in (1, 2)] == [0, 0]
    auth.login_as(program.specialist)
    page = client.get(f"/admin/cohorts/{cohort.id}").get_data(as_text=True)
    year_1 = page[page.index('id="coverage-1"') : page.index('id="coverage-2"')]
    mia_row = year_1[year_1.index("Mia Mentor") : year_1.index("</tr>", year_1.index("Mia Mentor"))]
    assert mia_row.count("covered</span>") == 2 and mia_row.count("not yet") == 1
    assert "<td>2 of 3</td>" in mia_row
    ravi_row = year_1[year_1.index("Ravi Mentor") :]
    assert "<td>0 of 3</td>" in ravi_row[: ravi_row.index("</tr>")]


def _grow(program, months: int, extra_groups: int, meetings: int) -> None:
    """More topics, resources, groups and meetings that covered them."""
    entries = []
    for month in (7, 8, 9, 10, 11, 12, 1, 2, 3, 4, 5, 6)[:months]:
        entries.append(
            operations.set_month(
                program.cohort,
                1,
                month,
                program.specialist,
                utcnow(),
                typed=f"Topic {month}",
                link_url="https://dese.mo.gov/",
                file_name="f.pdf",
                file_data=PDF,
            )
        )
    groups = [program.group]
    for _ in range(extra_groups):
        group = make_group(program.cohort, make_mentor())
        enroll(program.cohort, make_mentee(), group)
        groups.append(group)
    db.session.commit()
    for number in range(meetings):
        meeting = log_meeting(groups[number % len(groups)], date(START_YEAR, 9, 1), attendees=[])
        meeting.curriculum_month_id = entries[number % len(entries)].id
    db.session.commit()


def test_the_cohort_page_runs_the_same_statements_for_little_or_much_curriculum(
    client, auth, program
):
    auth.login_as(program.specialist)
    url = f"/admin/cohorts/{program.cohort.id}"
    _grow(program, months=1, extra_groups=0, meetings=1)
    small = count_statements(client, url)
    _grow(program, months=12, extra_groups=4, meetings=30)
    assert count_statements(client, url) == small


def test_home_and_year_page_statements_do_not_grow_with_resources(client, auth, program):
    auth.login_as(program.mentor)
    _this_month(program, link_url="https://dese.mo.gov/", file_name="a.pdf", file_data=PDF)
    home, year = (
        count_statements(client, "/"),
        count_statements(client, f"/cohorts/{program.cohort.id}/curriculum/1"),
    )
    _grow(program, months=12, extra_groups=0, meetings=5)
    for _ in range(5):
        _this_month(program, link_url="https://dese.mo.gov/", file_name="b.pdf", file_data=PDF)
    assert count_statements(client, "/") == home
    assert count_statements(client, f"/cohorts/{program.cohort.id}/curriculum/1") == year
