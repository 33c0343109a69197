"""The one home of each rule in core/: the school year, date display, hours, text checks and
paging. Expected values worked out by hand."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from flask import render_template_string
from sqlalchemy import select

from mentoring.core.hours import hours_of, hours_text, minutes_of
from mentoring.core.localtime import (
    day_in_school_year,
    format_date,
    school_year_bounds,
    school_year_of,
)
from mentoring.core.paging import paginate, paginate_list, paginate_open_ended, paginate_windowed
from mentoring.core.roles import Role
from mentoring.core.sqldates import school_year_in_sql
from mentoring.core.text import line_problem, paragraphs_problem
from mentoring.extensions import db
from mentoring.users.models import User
from tests.factories import make_user


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (date(2026, 6, 30), 2025),
        (date(2026, 7, 1), 2026),
        (date(2026, 12, 31), 2026),
        (date(2027, 1, 1), 2026),
        (date(2027, 6, 30), 2026),
    ],
)
def test_the_school_year_runs_july_1_to_june_30(app, day, year):
    assert school_year_of(day) == year
    # The SQL form of the rule agrees with the Python one.
    assert db.session.scalar(select(school_year_in_sql(day))) == year


def test_a_school_years_days():
    assert school_year_bounds(2026) == (date(2026, 7, 1), date(2027, 6, 30))
    assert day_in_school_year(2026, 9, 12) == date(2026, 9, 12)
    assert day_in_school_year(2026, 2, 12) == date(2027, 2, 12)


# 03:00 UTC on January 1, 2027 is 9 PM on December 31, 2026 in Chicago.
NEW_YEAR = datetime(2027, 1, 1, 3, 0, tzinfo=UTC)


def test_one_filter_per_format(app):
    with app.test_request_context():
        shown = render_template_string(
            "{{ d|date }}|{{ d|date_short }}|{{ d|iso }}|{{ d|month }}|{{ d|month_day }}|"
            "{{ t|weekday_time }}|{{ t|time }}|{{ t|time_zone }}|{{ t|zone_name }}|{{ t|date }}",
            d=date(2026, 12, 6),
            t=NEW_YEAR,
        )
    assert shown.split("|") == [
        "December 6, 2026",
        "Dec 6, 2026",
        "2026-12-06",
        "December 2026",
        "December 6",
        "Thursday, December 31, 2026, 9:00 PM",
        "9:00 PM",
        "9:00 PM CST",
        "CST",
        "December 31, 2026",
    ]
    assert format_date(NEW_YEAR) == "December 31, 2026"
    assert format_date(date(2026, 12, 6), "month") == "December 2026"


@pytest.mark.parametrize(
    ("minutes", "hours", "text"),
    [
        (570, Decimal("9.5"), "9.5"),
        (720, Decimal("12"), "12"),
        (100, Decimal("1.67"), "1.67"),
        (135, Decimal("2.25"), "2.25"),
        (0, Decimal("0"), "0"),
        (72000, Decimal("1200"), "1,200"),
    ],
)
def test_hours_one_conversion_and_one_formatter(app, minutes, hours, text):
    assert hours_of(minutes) == hours
    assert hours_text(minutes) == text
    with app.test_request_context():
        assert render_template_string("{{ m|hours }}", m=minutes) == text


def test_minutes_of_hours():
    assert minutes_of(Decimal("9.5")) == 570
    assert minutes_of(Decimal("2.25")) == 135
    assert minutes_of(12) == 720


def test_text_checks_share_their_messages():
    assert line_problem("", "the title", 10, "Give the title.") == "Give the title."
    assert line_problem("", "the title", 10) is None
    assert line_problem("x" * 11, "the title", 10) == (
        "Keep the title to 10 characters or fewer (it has 11)."
    )
    assert paragraphs_problem("x" * 1001, "the note", 1000) == (
        "Keep the note to 1,000 characters or fewer (it has 1,001)."
    )
    assert line_problem("two\nlines", "the title", 100) == (
        "Write this on one line: remove the line break."
    )
    assert paragraphs_problem("two\nlines", "the note", 100) is None


def test_one_page_type_for_every_way_of_paging(app):
    for number in range(5):
        make_user(Role.MENTEE, email=f"person{number}@example.test")
    query = select(User).order_by(User.email)
    first = paginate(query, 1, 2)
    assert [user.email for user in first] == ["person0@example.test", "person1@example.test"]
    assert (first.total, first.pages, first.has_prev, first.has_next) == (5, 3, False, True)
    last = paginate(query, 3, 2)
    assert ([user.email for user in last], last.has_next, last.prev_num) == (
        ["person4@example.test"],
        False,
        2,
    )
    assert paginate(query, 4, 2).items == []  # past the end: empty
    # Windowed: past the end shows the last page.
    past = paginate_windowed(select(User.email).order_by(User.email), 9, 2)
    assert (past.items, past.page, past.total) == (["person4@example.test"], 3, 5)
    # Open-ended: no total, whether a next page exists.
    open_ended = paginate_open_ended(select(User.email).order_by(User.email), 2, 2)
    assert (open_ended.items, open_ended.pages, open_ended.has_next) == (
        ["person2@example.test", "person3@example.test"],
        None,
        True,
    )
    listed = paginate_list(list("abcde"), 7, 2)
    assert (listed.items, listed.page, listed.pages) == (["e"], 3, 3)
    assert listed.with_items(["E"]).items == ["E"] and listed.with_items(["E"]).page == 3
