"""Mentor service: training events and attendance (specialists), the service requirements of a
school year with the mentors who met them (specialists), and each mentor's yearly service
statement (the mentor themself and specialists; another mentor's is a 404).

trainings.py, requirements.py and statements.py hold the three.
"""

from flask import Blueprint, request

from mentoring.core import localtime

bp = Blueprint("service", __name__)


YEARS_SHOWN = 10


def chosen_school_year() -> int:
    """The ?school_year= asked for, if it is one of the years offered; else this one."""
    year = request.args.get("school_year", type=int)
    return year if year in school_years_shown() else localtime.this_school_year()


def school_years_shown() -> list[int]:
    this_year = localtime.this_school_year()
    return list(range(this_year, this_year - YEARS_SHOWN, -1))


from mentoring.service.routes import requirements, statements, trainings  # noqa: E402, F401  (the views)
