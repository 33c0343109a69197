"""The dashboards: specialist home, cohort page, mentor home and mentee home.

Every number on them comes from progress_for(); these tests check what is shown, to whom, and
that each page takes the same number of queries for 10 mentees as for 300.
"""

import html
import re
from datetime import date

import pytest
from sqlalchemy import select

from mentoring.certificates import operations as certificate_operations
from mentoring.cohorts import operations as cohort_operations
from mentoring.cohorts.models import Cohort, CohortStatus, PlcGroup
from mentoring.core.roles import Role
from mentoring.dashboards import charts
from mentoring.dashboards.queries import meetings_per_month
from mentoring.extensions import db
from mentoring.progress import tallies
from tests.factories import (
    complete_both_years,
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
from tests.progress.helpers import make_program

TODAY = date(2027, 1, 1)  # program year 1 of the 2026 cohorts, 184 days after July 1


def _words(response) -> str:
    """The page's text without tags, each run of white space made one space."""
    text = re.sub(r"<[^>]+>", " ", html.unescape(response.get_data(as_text=True)))
    return " ".join(text.split())


def _enroll_on(cohort, name: str, group, enrolled_on: date):
    enrollment = enroll(cohort, make_mentee(name=name), group)
    enrollment.enrolled_on = enrolled_on
    tallies.refresh([enrollment.id])  # what the tallies keep depends on the enrollment date
    db.session.commit()
    return enrollment


# Specialist home -----------------------------------------------------------------------------


@pytest.fixture
def program_office(app):
    """An active cohort with one mentee of each status, a withdrawn one, and a completed cohort
    whose mentee met both years."""
    north = make_cohort(name="North 2026", start_year=2026)
    mia = make_mentor(name="Mia Mentor")
    group = make_group(north, mia)
    on_track = _enroll_on(north, "Ann On-Track", group, date(2026, 7, 1))
    for day in (date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1), date(2026, 12, 20)):
        log_meeting(group, day, 91, [on_track])
    write_reflection(on_track, date(2026, 10, 2))
    write_reflection(on_track, date(2026, 12, 21))
    _enroll_on(north, "Ben At-Risk", group, date(2026, 7, 1))  # nothing since July 1
    _enroll_on(north, "Cat Newcomer", group, date(2026, 12, 1))  # 31 quiet days: not started
    gone = _enroll_on(north, "Dan Withdrawn", group, date(2026, 7, 1))
    cohort_operations.withdraw(gone, None, "Moved", date(2026, 12, 1))
    db.session.commit()

    done = make_cohort(name="South 2024", start_year=2024)
    max_group = make_group(done, make_mentor(name="Max Mentor"))
    eve = _enroll_on(done, "Eve Finisher", max_group, date(2024, 7, 1))
    complete_both_years(max_group, eve, 2024)
    done.status = CohortStatus.COMPLETED
    db.session.commit()
    make_cohort(name="Planned 2027", start_year=2027, status=CohortStatus.PLANNING)
    return north


def test_specialist_home_counts_statuses_with_progress_bars(
    client, auth, program_office, freeze_today
):
    freeze_today(TODAY)
    auth.login_as(make_user(Role.SPECIALIST))
    response = client.get("/")
    page = html.unescape(response.get_data(as_text=True))
    words = _words(response)
    # The existing cards stay.
    assert "Manage users" in page and "Applications" in page and "Open the audit log" in page
    assert 'href="/admin/requirements"' in page
    assert "North 2026" in words and "Program year 1 · 3 mentees" in words
    assert "Planned 2027" not in words and "South 2024 Program year" not in words
    # 3 mentees: 1 on track, 1 at risk, 1 not started (33 %, drawn at 35 %); none complete.
    assert "Complete 0 of 3 On track 1 of 3 At risk 1 of 3 Not started 1 of 3" in words
    assert 'aria-label="On track in North 2026"' in page
    assert 'aria-valuenow="33"' in page and 'aria-valuetext="1 of 3 mentees (33%)"' in page
    assert page.count("progress-bar bg-primary pct-35") == 1
    assert "progress-bar bg-success pct-0" in page
    assert "style=" not in page


def test_specialist_home_pages_the_active_cohorts_newest_first(client, auth, freeze_today):
    freeze_today(TODAY)
    # Two more than a page: 2026 cohorts A..L fill the first page, the 2025 ones the second.
    for letter in "ABCDEFGHIJKL":
        make_cohort(name=f"Cohort {letter} 2026", start_year=2026)
    for letter in "MN":
        make_cohort(name=f"Cohort {letter} 2025", start_year=2025)
    make_cohort(name="Done 2023", start_year=2023, status=CohortStatus.COMPLETED)
    auth.login_as(make_user(Role.SPECIALIST))

    first = _words(client.get("/"))
    assert "Active cohorts (14)" in first and "Page 1 of 2" in first
    assert all(f"Cohort {letter} 2026 Program year 1" in first for letter in "ABCDEFGHIJKL")
    assert "Cohort M 2025" not in first and "Done 2023" not in first
    second_response = client.get("/?cohort_page=2")
    second = _words(second_response)
    assert "Cohort M 2025 Program year 2" in second and "Cohort N 2025 Program year 2" in second
    assert "Cohort A 2026" not in second and "Page 2 of 2" in second
    assert 'href="/?cohort_page=1"' in second_response.get_data(as_text=True)
    # Past the end shows the last page rather than an empty one.
    assert "Cohort N 2025" in _words(client.get("/?cohort_page=9"))


def test_specialist_home_lists_the_at_risk_and_those_due_a_certificate(
    client, auth, program_office, freeze_today
):
    freeze_today(TODAY)
    auth.login_as(make_user(Role.SPECIALIST))
    words = _words(client.get("/"))
    at_risk = words.split("At-risk mentees (1)")[1].split("Met both years")[0]
    # Ben: July 1 to January 1 without a meeting = 184 days.
    assert "Ben At-Risk Mia Mentor North 2026 184 none yet" in at_risk
    assert "Dan Withdrawn" not in words and "Ann On-Track" not in at_risk
    due = words.split("Met both years, waiting for a certificate (1)")[1]
    assert "Eve Finisher South 2024 Max Mentor" in due


def test_only_the_uncertified_who_met_every_minimum_wait_for_a_certificate(
    client, auth, program_office, freeze_today
):
    """Signed off in both years is not enough (the minimums count too), and a certificate
    takes the mentee off the list; Eve, from the fixture, still waits."""
    freeze_today(TODAY)
    specialist = make_user(Role.SPECIALIST)
    south = db.session.scalars(select(Cohort).where(Cohort.name == "South 2024")).one()
    group = db.session.scalars(select(PlcGroup).where(PlcGroup.cohort_id == south.id)).one()
    south.status = CohortStatus.ACTIVE  # to enroll two more, as in 2024
    generous = _enroll_on(south, "Gil Generous", group, date(2024, 7, 1))
    sign_off(generous, 1)
    sign_off(generous, 2)  # signed off as met, without a single meeting
    certified = _enroll_on(south, "Hal Certified", group, date(2024, 7, 1))
    complete_both_years(group, certified, 2024)
    certificate_operations.issue_certificate(certified, specialist, TODAY)
    south.status = CohortStatus.COMPLETED
    db.session.commit()

    auth.login_as(specialist)
    due = _words(client.get("/")).split("Met both years, waiting for a certificate (1)")[1]
    assert "Eve Finisher" in due
    assert "Gil Generous" not in due and "Hal Certified" not in due


def test_the_at_risk_list_is_paged(client, auth, app, freeze_today):
    freeze_today(TODAY)
    app.config["ITEMS_PER_PAGE"] = 2
    cohort = make_cohort(start_year=2026)
    group = make_group(cohort, make_mentor(capacity=10))
    # Enrolled a day apart: the longest without a meeting comes first.
    for number in range(5):
        _enroll_on(cohort, f"Quiet {number}", group, date(2026, 7, 1 + number))
    auth.login_as(make_user(Role.SPECIALIST))
    first = _words(client.get("/"))
    assert "At-risk mentees (5)" in first and "Page 1 of 3" in first
    assert "Quiet 0" in first and "Quiet 1" in first and "Quiet 2" not in first
    page = html.unescape(client.get("/").get_data(as_text=True))
    # Keyset pages: the next page starts after the last row shown, Quiet 1 (enrollment 2),
    # 183 days without a meeting (enrolled July 2, 2026; today January 1, 2027).
    (next_link,) = re.findall(r'href="([^"]*at_risk_page=2[^"]*)"', page)
    assert sorted(next_link.removeprefix("/?").split("&")) == [
        "at_risk_after=183.2",
        "at_risk_page=2",
    ]
    second_response = client.get(next_link)
    second = _words(second_response)
    assert "Quiet 2" in second and "Quiet 3" in second and "Page 2 of 3" in second
    assert "Quiet 1" not in second and "Quiet 4" not in second
    (third_link,) = re.findall(
        r'href="([^"]*at_risk_page=3[^"]*)"', html.unescape(second_response.get_data(as_text=True))
    )
    third_response = client.get(third_link)
    third = _words(third_response)
    assert "Quiet 4" in third and "Quiet 0" not in third and "Page 3 of 3" in third
    # Back from page 3: the page before its first row (Quiet 4, 180 days).
    (back_link,) = re.findall(
        r'href="([^"]*at_risk_page=2[^"]*)"', html.unescape(third_response.get_data(as_text=True))
    )
    assert "at_risk_before=180.5" in back_link and "at_risk_after" not in back_link
    back = _words(client.get(back_link))
    assert "Quiet 2" in back and "Quiet 3" in back and "Quiet 4" not in back
    # An old link without a key still finds its page.
    old = _words(client.get("/?at_risk_page=3"))
    assert "Quiet 4" in old and "Quiet 0" not in old and "Page 3 of 3" in old
    # A nonsense key is ignored.
    assert "Quiet 0" in _words(client.get("/?at_risk_after=x.y"))
    # Past the end or nonsense: the nearest real page.
    assert "Quiet 4" in _words(client.get("/?at_risk_page=99"))
    assert "Quiet 0" in _words(client.get("/?at_risk_page=abc"))


def _program_of(size: int, name: str):
    """An active cohort of `size` mentees in groups of up to 30, with meetings, a reflection,
    one mentee at risk and one complete in both years."""
    cohort = make_cohort(name=name, start_year=2025)
    groups = [make_group(cohort, make_mentor(capacity=30)) for _ in range((size + 29) // 30)]
    enrollments = [
        _enroll_on(cohort, f"{name} mentee {n:02d}", groups[n % len(groups)], date(2025, 7, 1))
        for n in range(size)
    ]
    for group in groups:
        members = [e for e in enrollments if e.plc_group_id == group.id]
        for month in (9, 10, 11):
            log_meeting(group, date(2026, month, 2), 90, members[1:])
    write_reflection(enrollments[1], date(2026, 11, 1))
    complete_both_years(groups[0], enrollments[2], 2025)
    return cohort, groups, enrollments


def test_the_dashboards_take_the_same_queries_for_10_or_300_mentees(client, auth, freeze_today):
    freeze_today(date(2026, 11, 22))
    specialist = make_user(Role.SPECIALIST)
    small, small_groups, small_enrollments = _program_of(10, "Small")
    auth.login_as(specialist)
    ten = count_statements(client, "/")
    auth.logout()

    large, large_groups, large_enrollments = _program_of(300, "Large")
    auth.login_as(specialist)
    home = _words(client.get("/"))
    assert "At-risk mentees" in home and "Small mentee 00" in home and "Large mentee 00" in home
    assert "Met both years, waiting for a certificate (2)" in home
    assert count_statements(client, "/") == ten  # now 310 mentees in two cohorts
    cohort_queries = [count_statements(client, f"/admin/cohorts/{c.id}") for c in (small, large)]
    assert cohort_queries[0] == cohort_queries[1]
    sorted_queries = count_statements(client, f"/admin/cohorts/{large.id}?sort=status")
    assert sorted_queries == cohort_queries[0]
    auth.logout()

    # A mentor with one group of 10 against a mentor with two groups (two cohorts) of 30.
    auth.login_as(db.session.get(type(specialist), small_groups[0].mentor_id))
    one_group = count_statements(client, "/")
    auth.logout()
    two_groups_mentor = make_mentor(capacity=30)
    for cohort, name in ((large, "A"), (make_cohort(name="Other", start_year=2026), "B")):
        group = make_group(cohort, two_groups_mentor)
        for number in range(30):
            enroll(cohort, make_mentee(name=f"{name}{number}"), group)
        log_meeting(group, date(2026, 11, 2), 60, [])
    auth.login_as(two_groups_mentor)
    assert count_statements(client, "/") == one_group
    auth.logout()

    # A mentee with 3 attended meetings against one with 12.
    auth.login_as(db.session.get(type(specialist), small_enrollments[1].mentee_id))
    few = count_statements(client, "/")
    auth.logout()
    for day in range(1, 10):
        log_meeting(large_groups[0], date(2026, 10, day + 10), 60, [large_enrollments[30]])
    auth.login_as(db.session.get(type(specialist), large_enrollments[30].mentee_id))
    assert count_statements(client, "/") == few


# Cohort page ---------------------------------------------------------------------------------


@pytest.fixture
def cohort_scene(app):
    """Noor: 6 meetings (5 × 90 + 120 = 570 min = 9.5 h) and 2 reflections; Zed: nothing."""
    program = make_program()
    for month in (7, 8, 9, 10, 11):
        log_meeting(program.group, date(2026, month, 15), 90, [program.enrollment])
    log_meeting(program.group, date(2026, 12, 1), 120, [program.enrollment])
    write_reflection(program.enrollment, date(2026, 9, 16))
    write_reflection(program.enrollment, date(2026, 11, 16))
    zed = _enroll_on(program.cohort, "Zed Quiet", program.group, date(2026, 7, 1))
    return program, zed


def test_the_cohort_page_shows_every_mentees_two_years(client, auth, cohort_scene, freeze_today):
    freeze_today(date(2026, 12, 10))
    program, _ = cohort_scene
    auth.login_as(make_user(Role.SPECIALIST))
    response = client.get(f"/admin/cohorts/{program.cohort.id}")
    words = _words(response)
    # The existing page stays.
    assert "PLC groups" in words and "Enroll a mentee" in words
    assert "Edit the requirements" in words
    # Noor: share = (Dec 10 − Jul 1 = 162, + 1)/365 = 0.447; expected floor(3.57) = 3
    # meetings, floor(321.6) = 321 minutes, floor(1.79) = 1 reflection: on track.
    assert (
        "Noor Mentee Mia Mentor 6 of 8 meetings · 9.5 of 12 h · 2 of 4 reflections "
        "On track · Not signed off 0 of 8 meetings · 0 of 12 h · 0 of 4 reflections "
        "Not started · Not signed off" in words
    )
    # Zed: 162 days without a meeting > 45.
    assert "Zed Quiet Mia Mentor 0 of 8 meetings · 0 of 12 h · 0 of 4 reflections At risk" in words
    # Sorted by name: Noor before Zed; by status: Zed (at risk) first.
    assert words.index("Noor Mentee Mia") < words.index("Zed Quiet Mia")
    by_status = _words(client.get(f"/admin/cohorts/{program.cohort.id}?sort=status"))
    assert by_status.index("Zed Quiet Mia") < by_status.index("Noor Mentee Mia")
    assert "Sorted by status" in by_status and "Sort by name" in by_status
    # An unknown sort is the default.
    unknown = _words(client.get(f"/admin/cohorts/{program.cohort.id}?sort=drop"))
    assert "Sorted by name" in unknown


def test_the_cohort_page_links_sign_offs_when_they_are_due(
    client, auth, cohort_scene, freeze_today
):
    program, zed = cohort_scene
    sign_off(zed, 1, met=False)
    auth.login_as(make_user(Role.SPECIALIST))
    freeze_today(date(2026, 12, 10))
    page = client.get(f"/admin/cohorts/{program.cohort.id}").get_data(as_text=True)
    assert f"/enrollments/{program.enrollment.id}/sign-off/1" not in page
    assert f"/enrollments/{zed.id}/sign-off/1" in page  # signed: a specialist may correct
    freeze_today(date(2027, 5, 2))
    page = client.get(f"/admin/cohorts/{program.cohort.id}").get_data(as_text=True)
    assert f"/enrollments/{program.enrollment.id}/sign-off/1" in page
    assert f"/enrollments/{program.enrollment.id}/sign-off/2" not in page


def test_the_cohort_page_charts_meetings_per_month_in_svg(client, auth, cohort_scene, freeze_today):
    freeze_today(date(2026, 12, 10))
    program, _ = cohort_scene
    # Another cohort's meeting is not this cohort's.
    other = make_program(start_year=2026, mentee_name="Elsewhere", mentor_name="Elsa")
    log_meeting(other.group, date(2026, 7, 20), 60, [other.enrollment])
    auth.login_as(make_user(Role.SPECIALIST))
    page = client.get(f"/admin/cohorts/{program.cohort.id}").get_data(as_text=True)
    assert '<svg class="chart"' in page and 'role="img"' in page
    assert 'aria-labelledby="chart-title chart-desc"' in page
    assert '<title id="chart-title">Meetings per month in 2026 Central Cohort</title>' in page
    assert page.count('<rect class="chart-bar"') == 24
    assert "<title>July 2026: 1 meeting</title>" in page
    assert "<title>December 2026: 1 meeting</title>" in page
    assert "<title>June 2028: 0 meetings</title>" in page
    assert "6 meetings in all" in page
    # The table that carries the same numbers.
    assert '<th scope="row">November 2026</th><td>1</td>' in page
    assert "style=" not in page and "<script>" not in page


def test_meetings_per_month_counts_the_cohorts_24_months(app, cohort_scene):
    program, _ = cohort_scene
    log_meeting(program.group, date(2028, 6, 30), 60, [])
    months = meetings_per_month(program.cohort)
    assert len(months) == 24
    assert months[0] == (date(2026, 7, 1), 1) and months[5] == (date(2026, 12, 1), 1)
    assert months[6] == (date(2027, 1, 1), 0) and months[-1] == (date(2028, 6, 1), 1)
    assert sum(count for _, count in months) == 7


def test_the_bar_chart_scales_to_whole_steps():
    chart = charts.bar_chart([("J", "July", 0), ("A", "August", 6), ("S", "September", 3)])
    # Largest 6 → step ceil(6 / 4) = 2 → grid lines at 0, 2, 4, 6.
    assert [tick.value for tick in chart.ticks] == [0, 2, 4, 6]
    plot = chart.bottom - chart.top
    assert chart.bars[1].height == plot and chart.bars[2].height == plot / 2
    assert chart.bars[0].height == 0 and chart.bars[0].y == chart.bottom
    empty = charts.bar_chart([("J", "July", 0)])
    assert [tick.value for tick in empty.ticks] == [0, 1] and empty.bars[0].height == 0


def test_the_mentor_home_shows_groups_progress_and_the_log_button(
    client, auth, cohort_scene, freeze_today
):
    freeze_today(date(2026, 12, 10))
    program, zed = cohort_scene
    other_cohort = make_cohort(name="Other cohort")
    theirs = make_program(start_year=2026, mentee_name="Not Mine", mentor_name="Other Mentor")
    auth.login_as(program.mentor)
    response = client.get("/")
    page = response.get_data(as_text=True)
    words = _words(response)
    assert "Your PLC groups" in words and "2026 Central Cohort" in words
    assert "last meeting: December 1, 2026" in words
    assert f'href="/groups/{program.group.id}/meetings/new"' in page
    assert (
        "Noor Mentee Year 1: 6 of 8 meetings · 9.5 of 12 h · 2 of 4 reflections No plan yet · "
        "0 of 5 essential experiences done (Noor Mentee) On track December 1, 2026 "
        "Not signed off" in words
    )
    assert "Zed Quiet Year 1: 0 of 8 meetings" in words and "none yet" in words
    assert "Not Mine" not in words and other_cohort.name not in words
    assert theirs.mentor.name not in words
    # The last meeting was 9 days ago: no reminder.
    assert "No meeting of this group has been logged" not in words
    # Sign-off opens on May 2: no link before.
    assert "/sign-off/" not in page


def test_the_mentor_is_reminded_after_30_days_without_a_meeting(
    client, auth, cohort_scene, freeze_today
):
    program, _ = cohort_scene
    auth.login_as(program.mentor)
    # December 1 + 29 days = December 30: not yet.
    freeze_today(date(2026, 12, 30))
    assert "No meeting of this group has been logged" not in _words(client.get("/"))
    # December 31: 30 days without a meeting.
    freeze_today(date(2026, 12, 31))
    words = _words(client.get("/"))
    assert (
        "No meeting of this group has been logged for 30 days (the last was on December 1, 2026)"
        in words
    )


def test_a_group_that_never_met_is_reminded_from_the_cohort_start(client, auth, freeze_today):
    program = make_program()
    freeze_today(date(2026, 8, 1))  # July 1 + 31 days
    auth.login_as(program.mentor)
    words = _words(client.get("/"))
    assert "since the program began on July 1, 2026" in words
    assert "last meeting: none yet" in words


def test_the_mentor_gets_a_sign_off_link_per_mentee_year_when_it_is_due(
    client, auth, cohort_scene, freeze_today
):
    program, zed = cohort_scene
    sign_off(zed, 1)
    auth.login_as(program.mentor)
    freeze_today(date(2027, 5, 2))
    page = client.get("/").get_data(as_text=True)
    assert f'href="/enrollments/{program.enrollment.id}/sign-off/1"' in page
    assert f"/enrollments/{zed.id}/sign-off/1" not in page  # already signed off
    # In year 2, year 1 can still be signed off, and the row shows year 2.
    freeze_today(date(2027, 7, 2))
    response = client.get("/")
    assert f'href="/enrollments/{program.enrollment.id}/sign-off/1"' in response.get_data(
        as_text=True
    )
    assert "Noor Mentee Year 2: 0 of 8 meetings" in _words(response)


def test_a_mentor_without_groups_is_told_so(client, auth):
    auth.login_as(make_mentor())
    assert "You do not lead a PLC group yet" in _words(client.get("/"))


# Mentee home ---------------------------------------------------------------------------------


def test_the_mentee_home_says_where_they_stand_in_plain_words(
    client, auth, cohort_scene, freeze_today
):
    freeze_today(date(2026, 12, 10))
    program, _ = cohort_scene
    for day in range(1, 8):  # 7 more meetings that Noor missed, and one she attended
        log_meeting(program.group, date(2026, 8, day), 60, [])
    log_meeting(program.group, date(2026, 12, 8), 30, [program.enrollment], kind="one_on_one")
    auth.login_as(program.mentee)
    response = client.get("/")
    words = _words(response)
    # The cohort and mentor block stays.
    assert "Your program Cohort 2026 Central Cohort" in words and "Mia Mentor" in words
    # 7 meetings: 570 + 30 = 600 minutes = 10 hours.
    assert "7 of 8 meetings, 10 of 12 contact hours, 2 of 4 reflections." in words
    assert "Program year 1 On track" in words and "Program year 2 Not started" in words
    assert "Not signed off yet" in words
    assert (
        "Left to do: 1 more meeting 2 more contact hours 2 more reflections "
        "your mentor's sign-off at the end of the year" in words
    )
    assert "This year starts on July 1, 2027." in words
    # The last 10 attended of 7, newest first, with minutes, kind and what was agreed.
    meetings = words.split("Meetings you attended")[1].split("Your reflections")[0]
    assert (
        "Next meeting December 8, 2026 30 One-on-one Counseling skills Caseload planning "
        "Draft a calendar — December 1, 2026 120 PLC group" in meetings
    )
    assert "August 1, 2026" not in meetings  # not attended
    assert "You have written 2 reflections in this program, the latest on November 16, 2026" in (
        words
    )
    assert 'href="/reflections"' in response.get_data(as_text=True)


def test_the_mentee_sees_what_was_agreed_but_never_the_private_notes(client, auth, freeze_today):
    freeze_today(date(2026, 12, 10))
    program = make_program()
    log_meeting(program.group, date(2026, 11, 2), 60, [program.enrollment])
    latest = log_meeting(program.group, date(2026, 12, 1), 90, [program.enrollment])
    latest.focus, latest.next_steps = "Testing calendar", "Book the January parent night"
    latest.next_meeting_on, latest.private_notes = date(2026, 12, 15), "PRIVATE-NOTE-MARKER"
    db.session.commit()
    auth.login_as(program.mentee)
    response = client.get("/")
    words = _words(response)
    assert (
        "What was agreed on December 1, 2026 Next meeting: December 15, 2026 Next steps: "
        "Book the January parent night" in words
    )
    assert (
        "December 1, 2026 90 PLC group Counseling skills Testing calendar Book the January "
        "parent night December 15, 2026" in words
    )
    assert "PRIVATE-NOTE-MARKER" not in response.get_data(as_text=True)


def test_the_mentee_home_lists_only_the_last_ten_meetings(client, auth, freeze_today):
    freeze_today(date(2026, 12, 31))
    program = make_program()
    for day in range(1, 13):
        log_meeting(program.group, date(2026, 10, day), 30, [program.enrollment])
    auth.login_as(program.mentee)
    words = _words(client.get("/"))
    assert "October 12, 2026" in words and "October 3, 2026" in words
    assert "October 2, 2026" not in words and "October 1, 2026" not in words
    assert "12 of 8 meetings, 6 of 12 contact hours" in words


def test_a_mentee_without_an_enrollment_is_told_so(client, auth):
    auth.login_as(make_mentee())
    words = _words(client.get("/"))
    assert "You are not enrolled in a cohort yet" in words and "Your progress" not in words


def test_a_withdrawn_mentee_sees_their_record_as_it_stood(client, auth, freeze_today):
    freeze_today(date(2027, 1, 15))
    program = make_program()
    log_meeting(program.group, date(2026, 8, 1), 180, [program.enrollment])
    cohort_operations.withdraw(program.enrollment, None, "Moved", date(2026, 9, 1))
    db.session.commit()
    auth.login_as(program.mentee)
    words = _words(client.get("/"))
    assert "Status Withdrawn" in words and "Mentor Not assigned yet" in words
    assert "1 of 8 meetings, 3 of 12 contact hours" in words
    assert "Program year 1 On track" in words  # as of September 1, the day they left
