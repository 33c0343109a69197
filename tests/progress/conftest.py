"""Progress fixtures: a fixed "today" for the views, and a small program to measure."""

from datetime import date

import pytest

from mentoring.core import localtime
from tests.progress.helpers import Program, make_program


@pytest.fixture
def freeze_today(monkeypatch):
    """Make the progress pages believe today is the given date (the operations take it as an
    argument; the routes ask localtime.today())."""

    def freeze(day: date) -> None:
        monkeypatch.setattr(localtime, "today", lambda: day)

    return freeze


@pytest.fixture
def program(app) -> Program:
    """Noor, enrolled on July 1, 2026 in Mia's group of a cohort that started that day."""
    return make_program()
