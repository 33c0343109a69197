"""Day numbers in SQL agree with Python's calendar, on SQLite and PostgreSQL."""

from datetime import date

from sqlalchemy import Date, Integer, literal, select

from mentoring.core.sqldates import day_number, day_number_of, day_of, greatest, least
from mentoring.extensions import db

DATES = [
    date(1970, 1, 1),
    date(2000, 2, 29),
    date(2024, 2, 29),
    date(2026, 7, 1),
    date(2028, 6, 30),
    date(2100, 3, 1),  # 2100 is not a leap year
]


def test_day_of_counts_from_1970():
    assert day_of(date(1970, 1, 1)) == 0
    assert day_of(date(1970, 2, 1)) == 31
    assert day_of(date(2027, 7, 1)) - day_of(date(2026, 7, 1)) == 365
    assert day_of(date(2028, 7, 1)) - day_of(date(2027, 7, 1)) == 366  # through Feb 29, 2028


def test_day_number_of_a_date_matches_python(app):
    for value in DATES:
        assert db.session.scalar(select(day_number(literal(value, Date)))) == day_of(value)
    assert db.session.scalar(select(day_number(literal(None, Date)))) is None


def test_day_number_of_a_calendar_date_matches_python(app):
    for year in range(2023, 2031):
        year_column = literal(year, Integer)
        assert db.session.scalar(select(day_number_of(year_column, 7, 1))) == day_of(
            date(year, 7, 1)
        )
        assert db.session.scalar(select(day_number_of(year_column + 1, 6, 30))) == day_of(
            date(year + 1, 6, 30)
        )


def test_day_number_of_every_day_across_leap_and_century_years_matches_python(app):
    # Every month and day the rules could write, in ordinary, leap and century years.
    probes = [(month, day) for month in range(1, 13) for day in (1, 28)] + [(2, 29), (6, 30)]
    for year in (1999, 2000, 2023, 2024, 2100, 2400):
        for month, day in probes:
            if (month, day) == (2, 29) and not (year % 4 == 0 and (year % 100 or year % 400 == 0)):
                continue
            got = db.session.scalar(select(day_number_of(literal(year, Integer), month, day)))
            assert got == day_of(date(year, month, day)), (year, month, day)


def test_greatest_and_least_of_day_numbers(app):
    values = [literal(20000, Integer), literal(19999, Integer) + 2, literal(-5, Integer)]
    assert db.session.scalar(select(greatest(*values))) == 20001
    assert db.session.scalar(select(least(*values))) == -5
    assert db.session.scalar(select(greatest(literal(3, Integer), literal(3, Integer)))) == 3
