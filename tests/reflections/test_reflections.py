"""Reflections: writing, editing, sharing, deleting, acknowledging, and who reads them."""

import html
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from mentoring.cohorts import operations as cohort_operations
from mentoring.core import localtime
from mentoring.core.audit import AuditEvent
from mentoring.core.errors import MentoringError, NotAllowed
from mentoring.core.localtime import school_year_of
from mentoring.core.models import utcnow
from mentoring.core.roles import Role
from mentoring.extensions import db
from mentoring.reflections import operations
from mentoring.reflections.models import Reflection
from mentoring.users.models import User
from tests.concurrency import a_then_b
from tests.factories import (
    count_statements,
    enroll,
    log_meeting,
    make_cohort,
    make_group,
    make_mentee,
    make_mentor,
    make_user,
    sign_off,
    write_reflection,
)
from tests.progress.helpers import Program, make_program

TODAY = date(2026, 11, 22)  # the operations take today as an argument: a fixed date
EDIT_CLOSED = (
    "A reflection can be edited for 14 days after it is written; this one was written on "
    "{:%B %-d, %Y}. You can still mark it private."
)
DELETE_REFUSED = (
    "This reflection counts toward program year 1, which is signed off as met, so it cannot be "
    "deleted. You can mark it private instead."
)


@pytest.fixture
def program(app) -> Program:
    """A cohort that started on July 1, 2026 (TODAY is in its program year 1)."""
    return make_program(2026, enrolled_on=None)


@pytest.fixture
def live(app) -> Program:
    """A cohort in whose program year 1 the real today falls, for the views."""
    today = localtime.today()
    return make_program(school_year_of(today), enrolled_on=None)


def _write(program: Program, today: date = TODAY, **fields) -> Reflection:
    fields = {"title": "Caseload week", "body": "Three crises, one good day.", **fields}
    reflection = operations.write_reflection(program.mentee, today, **fields)
    db.session.commit()
    return reflection


def _text(reflection: Reflection) -> tuple[str, str, str | None]:
    row = db.session.execute(
        select(Reflection.title, Reflection.body, Reflection.mentor_reply).where(
            Reflection.id == reflection.id
        )
    ).one()
    return tuple(row)


def _events(column) -> list[str]:
    return list(
        db.session.scalars(
            select(column).where(AuditEvent.target_type == "Reflection").order_by(AuditEvent.id)
        )
    )


def _summaries() -> list[str]:
    return _events(AuditEvent.summary)


def _actions() -> list[str]:
    return _events(AuditEvent.action)


def _reflection_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Reflection))


def _page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _set_written_on(reflection: Reflection, written_on: date) -> None:
    db.session.execute(
        update(Reflection).where(Reflection.id == reflection.id).values(written_on=written_on)
    )
    db.session.commit()


# Writing -------------------------------------------------------------------------------------


def test_a_reflection_is_written_for_the_current_mentor_and_program_year(program):
    reflection = _write(program)
    assert reflection.author_id == program.mentee.id
    assert reflection.enrollment_id == program.enrollment.id
    assert reflection.mentor_id == program.mentor.id
    assert reflection.written_on == TODAY and reflection.program_year == 1
    assert reflection.is_shared and reflection.meeting_id is None
    year_two = _write(program, date(2027, 7, 1), title="Year two", body="A new start.")
    assert year_two.program_year == 2
    assert _actions() == ["reflection.written", "reflection.written"]
    assert _summaries()[0] == (
        f"Reflection {reflection.id} written on 2026-11-22 for program year 1 (shared)"
    )


def test_the_text_is_deferred_and_raises_unless_asked_for(program):
    reflection_id = _write(program).id
    db.session.expunge_all()
    loaded = db.session.get(Reflection, reflection_id)
    for name in ("title", "body", "mentor_reply"):
        with pytest.raises(Exception, match="raiseload"):
            getattr(loaded, name)


def test_writing_needs_an_active_enrollment(program):
    message = (
        "You are not enrolled in a cohort at the moment, so you cannot write a reflection. "
        "The program staff can tell you more."
    )
    loner = make_mentee()
    with pytest.raises(MentoringError, match=re.escape(message)):
        operations.write_reflection(loner, TODAY, title="T", body="B")
    cohort_operations.withdraw(program.enrollment, None, "Moved away", TODAY)
    db.session.commit()
    with pytest.raises(MentoringError, match=re.escape(message)):
        _write(program)
    assert _reflection_count() == 0


@pytest.mark.parametrize("day", [date(2026, 6, 30), date(2028, 7, 1)])
def test_writing_outside_the_cohorts_two_years_is_refused(program, day):
    with pytest.raises(MentoringError) as refused:
        _write(program, day)
    assert refused.value.message == (
        "Reflections are written during 2026 Central Cohort's two program years "
        f"(July 1, 2026 to June 30, 2028); {day:%B %-d, %Y} is outside them."
    )
    assert _write(program, date(2028, 6, 30)).program_year == 2


def test_a_mentee_without_a_mentor_writes_a_reflection_nobody_else_reads(app):
    cohort = make_cohort()
    mentee = make_mentee()
    enroll(cohort, mentee)
    reflection = operations.write_reflection(mentee, TODAY, title="Alone", body="For now.")
    assert reflection.mentor_id is None


def test_a_reflection_can_name_only_a_meeting_its_author_attended(program):
    other = make_mentee()
    other_enrollment = enroll(program.cohort, other, program.group)
    attended = log_meeting(program.group, date(2026, 10, 1), attendees=[program.enrollment])
    missed = log_meeting(program.group, date(2026, 10, 8), attendees=[other_enrollment])
    assert _write(program, meeting_id=attended.id).meeting_id == attended.id
    for meeting_id in (missed.id, 999_999):
        with pytest.raises(MentoringError, match="Choose a meeting you attended, or none.") as e:
            _write(program, body=f"About {meeting_id}", meeting_id=meeting_id)
        assert e.value.field == "meeting_id"


@pytest.mark.parametrize(
    ("title", "body", "field", "message"),
    [
        ("", "Body", "title", "Give your reflection a title."),
        ("   ", "Body", "title", "Give your reflection a title."),
        ("T" * 201, "Body", "title", "Keep the title to 200 characters or fewer (it has 201)."),
        ("Two\nlines", "Body", "title", "Write this on one line: remove the line break."),
        ("Title", "", "body", "Write your reflection."),
        (
            "Title",
            "x" * 10_001,
            "body",
            "Keep the reflection to 10,000 characters or fewer (it has 10,001).",
        ),
        (
            "Title",
            "NUL \x00 here",
            "body",
            "Remove the control character (such as ESC or NUL) from this text.",
        ),
    ],
)
def test_title_and_body_rules(program, title, body, field, message):
    with pytest.raises(MentoringError) as refused:
        _write(program, title=title, body=body)
    assert (refused.value.field, refused.value.message) == (field, message)
    assert _reflection_count() == 0


def test_the_limits_themselves_are_allowed_and_line_breaks_are_normalised(program):
    reflection = _write(program, title="T" * 200, body="x" * 9_998 + "\r\ny")
    assert _text(reflection)[:2] == ("T" * 200, "x" * 9_998 + "\ny")
    assert len(_text(reflection)[1]) == 10_000


def test_the_same_reflection_submitted_twice_is_written_once(program):
    first = _write(program)
    again = _write(program)
    assert again.id == first.id and _reflection_count() == 1
    assert _actions() == ["reflection.written"]
    assert _write(program, body="Something else").id != first.id
    # Ten minutes later the same words are a new reflection.
    db.session.execute(
        update(Reflection)
        .where(Reflection.id == first.id)
        .values(created_at=utcnow() - timedelta(minutes=11))
    )
    db.session.commit()
    assert _write(program).id != first.id
    assert _reflection_count() == 3


def test_the_same_reflection_sent_twice_at_the_same_moment_is_written_once(app, program):
    """A double click reaching two servers: A writes and holds its transaction; B waits on the
    mentee's enrollment row, then finds A's reflection instead of writing a second one."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("row locks between two connections are tested on PostgreSQL")
    mentee_id = program.mentee.id
    db.session.remove()

    def request(index: int) -> int:
        # B looks for a duplicate while A's is not committed yet.
        return operations.write_reflection(
            db.session.get(User, mentee_id),
            TODAY,
            title="Caseload week",
            body="Three crises, one good day.",
        ).id

    results = a_then_b(app, request)
    assert isinstance(results[0], int) and results[1] == results[0]
    assert _reflection_count() == 1 and _actions() == ["reflection.written"]


# Editing, sharing, deleting ------------------------------------------------------------------


def test_the_author_edits_for_14_days_then_not(program):
    reflection = _write(program, date(2026, 11, 8))
    operations.update_reflection(
        reflection, program.mentee, date(2026, 11, 22), title="New title", body="New body"
    )
    db.session.commit()
    assert _text(reflection)[:2] == ("New title", "New body")
    assert _summaries()[-1] == f"Reflection {reflection.id} of 2026-11-08 edited"
    with pytest.raises(NotAllowed) as refused:
        operations.update_reflection(
            reflection, program.mentee, date(2026, 11, 23), title="Late", body="Late"
        )
    assert refused.value.message == EDIT_CLOSED.format(date(2026, 11, 8))
    with pytest.raises(NotAllowed, match="Only the author can change a reflection."):
        operations.update_reflection(
            reflection, program.mentor, date(2026, 11, 9), title="X", body="Y"
        )
    with pytest.raises(MentoringError, match="Write your reflection."):
        operations.update_reflection(
            reflection, program.mentee, date(2026, 11, 9), title="X", body=" "
        )


def test_the_author_shares_or_makes_private_at_any_time(program):
    reflection = _write(program, date(2026, 7, 1))
    later = date(2028, 6, 30)
    assert operations.edit_problem(reflection, later)
    operations.set_shared(reflection, program.mentee, False)
    assert not reflection.is_shared
    operations.set_shared(reflection, program.mentee, False)
    operations.set_shared(reflection, program.mentee, True)
    assert reflection.is_shared
    assert _actions() == ["reflection.written", "reflection.made_private", "reflection.shared"]
    with pytest.raises(NotAllowed, match="Only the author can change a reflection."):
        operations.set_shared(reflection, program.mentor, False)


def test_a_reflection_of_a_year_signed_off_as_met_cannot_be_deleted(program):
    kept = _write(program, date(2026, 9, 1), title="Kept")
    year_two = _write(program, date(2027, 9, 1), title="Year two")
    sign_off(program.enrollment, 1, met=True)
    with pytest.raises(NotAllowed) as refused:
        operations.delete_reflection(kept, program.mentee)
    assert refused.value.message == DELETE_REFUSED
    operations.set_shared(kept, program.mentee, False)  # the way out it suggests
    operations.delete_reflection(year_two, program.mentee)
    db.session.commit()
    assert db.session.scalars(select(Reflection.id)).all() == [kept.id]
    assert _summaries()[-1] == f"Reflection {year_two.id} of 2027-09-01 deleted"


def test_a_year_signed_off_as_not_met_does_not_hold_its_reflections(program):
    reflection = _write(program)
    sign_off(program.enrollment, 1, met=False)
    with pytest.raises(NotAllowed, match="Only the author"):
        operations.delete_reflection(reflection, program.mentor)
    operations.delete_reflection(reflection, program.mentee)
    db.session.commit()
    assert _reflection_count() == 0


# Acknowledging -------------------------------------------------------------------------------


def test_the_mentor_acknowledges_a_shared_reflection_once_with_an_optional_reply(program):
    reflection = _write(program)
    operations.acknowledge(reflection, program.mentor, "  Thank you.\r\nLet us talk.  ")
    db.session.commit()
    assert reflection.acknowledged_at is not None
    assert _text(reflection)[2] == "Thank you.\nLet us talk."
    assert _summaries()[-1] == f"Reflection {reflection.id} acknowledged with a reply"
    with pytest.raises(NotAllowed, match="You have already acknowledged this reflection."):
        operations.acknowledge(reflection, program.mentor)
    quiet = _write(program, body="Another")
    operations.acknowledge(quiet, program.mentor, "")
    assert _text(quiet)[2] is None
    assert _summaries()[-1] == f"Reflection {quiet.id} acknowledged"


def test_only_its_mentor_acknowledges_and_only_while_shared(program):
    reflection = _write(program)
    for outsider in (make_mentor(), program.mentee, make_user(Role.SPECIALIST)):
        with pytest.raises(NotAllowed, match="Only the mentor it was written for"):
            operations.acknowledge(reflection, outsider)
    operations.set_shared(reflection, program.mentee, False)
    with pytest.raises(NotAllowed, match="This reflection is private."):
        operations.acknowledge(reflection, program.mentor)
    operations.set_shared(reflection, program.mentee, True)
    with pytest.raises(MentoringError, match=r"Keep the reply to 1,000 characters or fewer"):
        operations.acknowledge(reflection, program.mentor, "r" * 1001)
    operations.acknowledge(reflection, program.mentor, "r" * 1000)
    assert len(_text(reflection)[2]) == 1000


def test_audit_summaries_never_hold_the_text(program):
    reflection = _write(program, title="SECRET-TITLE", body="SECRET-BODY")
    operations.update_reflection(
        reflection, program.mentee, TODAY, title="SECRET-TITLE-2", body="SECRET-BODY-2"
    )
    operations.acknowledge(reflection, program.mentor, "SECRET-REPLY")
    operations.set_shared(reflection, program.mentee, False)
    operations.delete_reflection(reflection, program.mentee)
    db.session.commit()
    assert len(_summaries()) == 5
    assert not any("SECRET" in summary for summary in _summaries())


# The pages -----------------------------------------------------------------------------------


def test_the_form_shares_by_default_states_the_limit_and_lists_attended_meetings(
    client, auth, live
):
    other = enroll(live.cohort, make_mentee(), live.group)
    starts = live.cohort.starts_on
    for day in range(55):
        log_meeting(live.group, starts + timedelta(days=day), attendees=[live.enrollment])
    log_meeting(live.group, starts + timedelta(days=100), attendees=[other])
    auth.login_as(live.mentee)
    page = client.get("/reflections/new").get_data(as_text=True)
    assert re.search(r'<input [^>]*\bchecked\b[^>]*id="is_shared"', page)
    assert "Share with my mentor" in page and "up to 10,000 characters" in page
    options = re.findall(r'<option (?:selected )?value="(\d*)">([^<]*)</option>', page)
    assert options[0] == ("", "No particular meeting")
    dates = [label.split(":")[0] for _, label in options[1:]]
    assert len(dates) == 50
    assert dates[0] == f"{starts + timedelta(days=54):%B %-d, %Y}"
    assert dates[-1] == f"{starts + timedelta(days=5):%B %-d, %Y}"
    assert f"{starts + timedelta(days=100):%B %-d, %Y}" not in dates


def test_a_mentee_writes_a_reflection_and_reads_it_back(client, auth, live):
    meeting = log_meeting(live.group, live.cohort.starts_on, attendees=[live.enrollment])
    auth.login_as(live.mentee)
    response = client.post(
        "/reflections/new",
        data={
            "title": "First month",
            "body": "Line one\r\nLine two",
            "is_shared": "y",
            "meeting_id": str(meeting.id),
        },
    )
    reflection = db.session.scalars(select(Reflection)).one()
    assert response.status_code == 302
    assert response.headers["Location"] == f"/reflections/{reflection.id}"
    assert reflection.is_shared and reflection.meeting_id == meeting.id
    assert reflection.written_on == localtime.today()
    page = _page(client.get(response.headers["Location"]))
    assert "Your reflection is saved." in page and "First month" in page
    assert f"about the meeting of {meeting.held_on:%B %-d, %Y}" in page
    listed = _page(client.get("/reflections"))
    assert "First month" in listed and "Shared" in listed and "Not acknowledged yet" in listed


def test_an_unticked_box_writes_a_private_reflection(client, auth, live):
    auth.login_as(live.mentee)
    client.post("/reflections/new", data={"title": "Mine", "body": "Only mine", "meeting_id": ""})
    assert not db.session.scalars(select(Reflection)).one().is_shared
    auth.logout()
    auth.login_as(live.mentor)
    assert "Mine" not in _page(client.get("/mentor/reflections"))


def test_a_refused_form_comes_back_with_the_text_intact(client, auth, live):
    auth.login_as(live.mentee)
    long_body = "Paragraph one.\n\n" + "x" * 10_000
    response = client.post(
        "/reflections/new", data={"title": "Kept title", "body": long_body, "meeting_id": ""}
    )
    assert response.status_code == 400
    page = _page(response)
    assert "Keep the reflection to 10,000 characters or fewer (it has 10,016)." in page
    assert 'value="Kept title"' in page
    assert f"{long_body}</textarea>" in page
    assert "checked" not in page.split('id="is_shared"')[0].rsplit("<input", 1)[1]
    response = client.post("/reflections/new", data={"title": "", "body": "Kept body"})
    assert "Give your reflection a title." in _page(response)
    assert "Kept body</textarea>" in _page(response)
    assert _reflection_count() == 0


def test_exactly_10000_characters_are_accepted_through_the_form(client, auth, live):
    auth.login_as(live.mentee)
    response = client.post("/reflections/new", data={"title": "Long", "body": "y" * 10_000})
    assert response.status_code == 302
    assert len(_text(db.session.scalars(select(Reflection)).one())[1]) == 10_000


def test_a_double_submitted_form_makes_one_reflection(client, auth, live):
    auth.login_as(live.mentee)
    data = {"title": "Twice", "body": "Clicked twice", "is_shared": "y"}
    first, second = (
        client.post("/reflections/new", data=data),
        client.post("/reflections/new", data=data),
    )
    assert first.headers["Location"] == second.headers["Location"]
    assert _reflection_count() == 1


def test_markup_is_shown_as_text_with_its_line_breaks(client, auth, live):
    body = "<script>alert(1)</script>\nSecond line\n\n<b>bold?</b>"
    reflection = write_reflection(
        live.enrollment, localtime.today(), title="<i>Title</i>", body=body
    )
    operations.acknowledge(reflection, live.mentor, "<img src=x>\nSee you")
    db.session.commit()
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;\nSecond line\n\n&lt;b&gt;bold?&lt;/b&gt;</div>"
    for user in (live.mentee, live.mentor):
        auth.login_as(user)
        page = client.get(f"/reflections/{reflection.id}").get_data(as_text=True)
        assert '<div class="plain-text border rounded p-3">' + escaped in page
        assert "&lt;i&gt;Title&lt;/i&gt;" in page and "<i>Title" not in page
        assert "&lt;img src=x&gt;\nSee you</blockquote>" in page
        assert "<script>alert" not in page and "<img src=x>" not in page
        auth.logout()
    auth.login_as(live.mentee)
    listed = client.get("/reflections").get_data(as_text=True)
    assert "&lt;i&gt;Title&lt;/i&gt;" in listed and "&lt;img src=x&gt;\nSee you</div>" in listed
    css = (Path(__file__).parents[2] / "static/css/app.css").read_text()
    assert ".plain-text { white-space: pre-wrap;" in css


def test_the_edit_page_works_on_day_14_and_not_on_day_15(client, auth, live):
    reflection = write_reflection(live.enrollment, localtime.today(), title="Old", body="Old body")
    auth.login_as(live.mentee)
    url = f"/reflections/{reflection.id}/edit"
    _set_written_on(reflection, localtime.today() - timedelta(days=14))
    page = _page(client.get(url))
    assert 'value="Old"' in page and "Old body</textarea>" in page
    response = client.post(url, data={"title": "New", "body": "New body"})
    assert response.status_code == 302
    assert _text(reflection)[:2] == ("New", "New body")
    fifteen = localtime.today() - timedelta(days=15)
    _set_written_on(reflection, fifteen)
    response = client.get(url)
    assert response.headers["Location"] == f"/reflections/{reflection.id}"
    assert EDIT_CLOSED.format(fifteen) in _page(client.get(response.headers["Location"]))
    response = client.post(url, data={"title": "Late", "body": "Typed late"})
    assert response.status_code == 400
    page = _page(response)
    assert EDIT_CLOSED.format(fifteen) in page and "Typed late</textarea>" in page
    assert _text(reflection)[:2] == ("New", "New body")


def test_private_and_shared_buttons_decide_what_the_mentor_reads(client, auth, live):
    reflection = write_reflection(live.enrollment, localtime.today(), title="Toggle me")
    auth.login_as(live.mentee)
    assert client.post(f"/reflections/{reflection.id}/private").status_code == 302
    page = _page(client.get(f"/reflections/{reflection.id}"))
    assert "This reflection is now private: only you can read it." in page
    assert "Share with my mentor" in page
    auth.logout()
    auth.login_as(live.mentor)
    assert client.get(f"/reflections/{reflection.id}").status_code == 404
    assert client.post(f"/reflections/{reflection.id}/acknowledge").status_code == 404
    assert "Toggle me" not in _page(client.get("/mentor/reflections"))
    auth.logout()
    auth.login_as(live.mentee)
    client.post(f"/reflections/{reflection.id}/share")
    auth.logout()
    auth.login_as(live.mentor)
    assert "Toggle me" in _page(client.get(f"/reflections/{reflection.id}"))


def test_the_delete_button_refuses_a_reflection_of_a_year_signed_off_as_met(client, auth, live):
    kept = write_reflection(live.enrollment, localtime.today(), title="Kept")
    sign_off(live.enrollment, 1, met=True)
    auth.login_as(live.mentee)
    page = _page(client.get(f"/reflections/{kept.id}"))
    assert DELETE_REFUSED in page and "Yes, delete it" not in page
    response = client.post(f"/reflections/{kept.id}/delete")
    assert response.headers["Location"] == f"/reflections/{kept.id}"
    assert DELETE_REFUSED in _page(client.get(response.headers["Location"]))
    assert _reflection_count() == 1
    db.session.execute(update(Reflection).where(Reflection.id == kept.id).values(program_year=2))
    db.session.commit()
    assert "Yes, delete it" in _page(client.get(f"/reflections/{kept.id}"))
    response = client.post(f"/reflections/{kept.id}/delete")
    assert response.headers["Location"] == "/reflections"
    assert "The reflection is deleted." in _page(client.get("/reflections"))
    assert _reflection_count() == 0


def test_a_reassigned_mentees_old_reflection_stays_with_the_old_mentor(client, auth, live):
    old = write_reflection(live.enrollment, localtime.today(), title="Written for the old mentor")
    new_mentor = make_mentor(name="Nils Newmentor")
    cohort_operations.assign(live.enrollment, make_group(live.cohort, new_mentor), None)
    db.session.commit()
    auth.login_as(live.mentee)
    client.post(
        "/reflections/new", data={"title": "For the new mentor", "body": "Hello", "is_shared": "y"}
    )
    new = db.session.scalars(select(Reflection).where(Reflection.id != old.id)).one()
    assert new.mentor_id == new_mentor.id
    auth.logout()
    titles = {old.id: "Written for the old mentor", new.id: "For the new mentor"}
    for mentor, mine, theirs in ((live.mentor, old, new), (new_mentor, new, old)):
        auth.login_as(mentor)
        listed = _page(client.get("/mentor/reflections"))
        assert titles[mine.id] in listed and titles[theirs.id] not in listed
        assert client.get(f"/reflections/{mine.id}").status_code == 200
        assert client.get(f"/reflections/{theirs.id}").status_code == 404
        assert client.post(f"/reflections/{theirs.id}/acknowledge").status_code == 404
        auth.logout()


def test_the_mentee_sees_the_acknowledgement_and_the_reply(client, auth, live):
    older = write_reflection(live.enrollment, localtime.today() - timedelta(days=3), title="Older")
    newer = write_reflection(live.enrollment, localtime.today(), title="Newer")
    auth.login_as(live.mentor)
    listed = _page(client.get("/mentor/reflections"))
    assert listed.index("Newer") < listed.index("Older") and "Noor Mentee" in listed
    response = client.post(
        f"/reflections/{newer.id}/acknowledge", data={"reply": "Well observed.\nKeep going."}
    )
    assert response.headers["Location"] == "/mentor/reflections"
    listed = _page(client.get("/mentor/reflections"))
    assert "Acknowledged. The author can see it." in listed
    assert listed.index("Older") < listed.index("Newer")  # waiting ones first
    again = client.post(f"/reflections/{newer.id}/acknowledge", data={"reply": "Twice"})
    assert "You have already acknowledged this reflection." in _page(client.get(again.location))
    too_long = client.post(f"/reflections/{older.id}/acknowledge", data={"reply": "r" * 1001})
    assert too_long.status_code == 400
    assert "Keep the reply to 1,000 characters or fewer (it has 1,001)." in _page(too_long)
    assert "r" * 1001 + "</textarea>" in _page(too_long)
    auth.logout()
    auth.login_as(live.mentee)
    listed = _page(client.get("/reflections"))
    acknowledged_on = f"Acknowledged on {localtime.today():%B %-d, %Y}"
    assert acknowledged_on in listed and "Well observed.\nKeep going." in listed
    assert "Not acknowledged yet" in listed
    page = _page(client.get(f"/reflections/{newer.id}"))
    assert "Your mentor acknowledged this reflection on" in page
    assert "Your mentor’s reply" in page and "Well observed.\nKeep going." in page


def test_others_find_no_reflection_and_specialists_no_page(client, auth, live):
    reflection = write_reflection(live.enrollment, localtime.today())
    other_mentee = make_mentee()
    enroll(live.cohort, other_mentee, live.group)
    base = f"/reflections/{reflection.id}"
    # The author's pages are the mentees' (a mentor gets 403); acknowledging is the mentors'.
    expected = {
        other_mentee: {
            "edit": 404,
            "share": 404,
            "private": 404,
            "delete": 404,
            "acknowledge": 403,
        },
        make_mentor(): {
            "edit": 403,
            "share": 403,
            "private": 403,
            "delete": 403,
            "acknowledge": 404,
        },
        live.mentor: {"edit": 403, "share": 403, "private": 403, "delete": 403},
    }
    for outsider, statuses in expected.items():
        auth.login_as(outsider)
        if outsider != live.mentor:
            assert client.get(base).status_code == 404
        for action, status in statuses.items():
            method = "GET" if action == "edit" else "POST"
            assert client.open(f"{base}/{action}", method=method).status_code == status, action
        auth.logout()
    auth.login_as(make_user(Role.SPECIALIST))
    for url in ("/reflections", "/reflections/new", base, f"{base}/edit", "/mentor/reflections"):
        assert client.get(url).status_code == 403
    for action in ("share", "private", "delete", "acknowledge"):
        assert client.post(f"{base}/{action}").status_code == 403
    assert _reflection_count() == 1 and db.session.get(Reflection, reflection.id).is_shared


def test_a_mentee_who_is_not_enrolled_is_told_why(client, auth):
    mentee = make_mentee()
    auth.login_as(mentee)
    page = _page(client.get("/reflections/new"))
    assert "You are not enrolled in a cohort at the moment" in page and "<textarea" not in page
    response = client.post("/reflections/new", data={"title": "Kept", "body": "Kept text"})
    assert response.status_code == 400
    assert "You are not enrolled in a cohort at the moment" in _page(response)
    assert "Kept text</textarea>" in _page(response)


def test_the_lists_issue_the_same_statements_for_3_or_30_reflections(client, auth, live):
    few = live
    many_mentor = make_mentor(capacity=10)
    many_group = make_group(live.cohort, many_mentor)
    many_mentee = make_mentee()
    many = enroll(live.cohort, many_mentee, many_group)
    for enrollment, size in ((few.enrollment, 3), (many, 30)):
        for number in range(size):
            reflection = write_reflection(enrollment, localtime.today(), title=f"R{number}")
            if number % 2:
                operations.acknowledge(
                    reflection, db.session.get(User, reflection.mentor_id), "Noted"
                )
    db.session.commit()
    counts = {}
    for name, mentee, mentor in (
        ("few", few.mentee, few.mentor),
        ("many", many_mentee, many_mentor),
    ):
        auth.login_as(mentee)
        counts[name, "mentee"] = count_statements(client, "/reflections")
        auth.logout()
        auth.login_as(mentor)
        counts[name, "mentor"] = count_statements(client, "/mentor/reflections")
        auth.logout()
    assert counts["few", "mentee"] == counts["many", "mentee"]
    assert counts["few", "mentor"] == counts["many", "mentor"]
