import pytest

from mentoring.core.roles import Role
from tests.factories import make_user


@pytest.fixture
def specialist(auth):
    """Sign in a program specialist."""
    specialist = make_user(Role.SPECIALIST, name="Sam Specialist")
    auth.login_as(specialist)
    return specialist
