"""Dates as whole day numbers in SQL, the same on SQLite and PostgreSQL.

SQLite has no date type (dates are ISO text) and PostgreSQL subtracts dates into integers, so
rules that count days in SQL work on day numbers: days since 1970-01-01, as in Python's
`date.toordinal() - EPOCH_ORDINAL`.
"""

from datetime import date

from sqlalchemy import Integer, case, extract, literal_column
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from mentoring.core.localtime import FIRST_MONTH

EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
# From March 1 of the proleptic year 0 to 1970-01-01: the offset of the civil-days formula.
DAYS_FROM_YEAR_0_TO_1970 = 719468


def day_of(value: date) -> int:
    """A Python date's day number, to compare with day_number() in SQL."""
    return value.toordinal() - EPOCH_ORDINAL


class day_number(FunctionElement):  # noqa: N801 (a SQL function, named like one)
    """day_number(date column): its day number (NULL stays NULL)."""

    type = Integer()
    inherit_cache = True


class _DayNumberOf(FunctionElement):
    type = Integer()
    inherit_cache = True


def day_number_of(year, month, day) -> _DayNumberOf:
    """The day number of a calendar date whose year is a SQL expression; month and day are
    numbers (written into the SQL) or SQL expressions too (a cohort's plan due date)."""
    return _DayNumberOf(
        year,
        *(
            literal_column(str(int(part))) if isinstance(part, int) else part
            for part in (month, day)
        ),
    )


# julianday() of a date is its Julian day at midnight, always n + 0.5, so the difference from
# 1970-01-01 (2440587.5) is a whole number before the cast.
@compiles(day_number, "sqlite")
def _day_number_sqlite(element, compiler, **kw):
    return f"CAST(julianday({compiler.process(element.clauses, **kw)}) - 2440587.5 AS INTEGER)"


@compiles(day_number, "postgresql")
def _day_number_postgresql(element, compiler, **kw):
    return f"(({compiler.process(element.clauses, **kw)})::date - DATE '1970-01-01')"


@compiles(_DayNumberOf, "sqlite")
def _day_number_of_sqlite(element, compiler, **kw):
    # Integer arithmetic (the days-from-civil formula for years after 0, where SQLite's integer
    # division rounds down): a dashboard evaluates this tens of times per mentee, and the
    # julianday(printf(...)) it replaces cost five times as much.
    year, month, day = (compiler.process(clause, **kw) for clause in element.clauses)
    if month.isdigit() and day.isdigit():
        month, day = int(month), int(day)
        march_based = f"(({year}) - 1)" if month <= 2 else f"({year})"
        day_of_year = (153 * (month - 3 if month > 2 else month + 9) + 2) // 5 + day - 1
        shift = str(day_of_year - DAYS_FROM_YEAR_0_TO_1970)
    else:  # the same formula, worked out in SQL
        march_based = f"(({year}) - (CASE WHEN ({month}) <= 2 THEN 1 ELSE 0 END))"
        day_of_year = f"((153 * ((({month}) + 9) % 12) + 2) / 5 + ({day}) - 1)"
        shift = f"({day_of_year} - {DAYS_FROM_YEAR_0_TO_1970})"
    return (
        f"(365 * {march_based} + {march_based} / 4 - {march_based} / 100 + {march_based} / 400"
        f" + {shift})"
    )


@compiles(_DayNumberOf, "postgresql")
def _day_number_of_postgresql(element, compiler, **kw):
    year, month, day = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"(make_date({year}, {month}, {day}) - DATE '1970-01-01')"


class _DayNumberChoice(FunctionElement):
    """One of several day numbers, each evaluated once (none may be NULL: SQLite's max() and
    min() would answer NULL, PostgreSQL's GREATEST and LEAST would skip it)."""

    type = Integer()
    inherit_cache = True
    names: dict[str, str]


class greatest(_DayNumberChoice):  # noqa: N801 (a SQL function, named like one)
    """The largest of several day numbers."""

    names = {"sqlite": "max", "postgresql": "GREATEST"}
    inherit_cache = True


class least(_DayNumberChoice):  # noqa: N801 (a SQL function, named like one)
    """The smallest of several day numbers."""

    names = {"sqlite": "min", "postgresql": "LEAST"}
    inherit_cache = True


@compiles(_DayNumberChoice)
def _day_number_choice(element, compiler, **kw):
    return f"{element.names[compiler.dialect.name]}({compiler.process(element.clauses, **kw)})"


def school_year_in_sql(column):
    """The school year (its start year) of a date or UTC time column, in SQL: the rule of
    localtime.school_year_of (July 1 – June 30)."""
    return extract("year", column) - case((extract("month", column) < FIRST_MONTH, 1), else_=0)
