"""The schedule tests' program: a cohort, its mentor's group of two and another group."""

import pytest

from tests.schedule.helpers import Program, live, make_program  # noqa: F401 (fixtures defined there)


@pytest.fixture
def program(app) -> Program:
    """A cohort that started on July 1, 2026 (NOW is in its program year 1)."""
    return make_program(2026)
