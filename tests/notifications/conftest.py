"""The schedule tests' live program serves here too."""

from tests.schedule.conftest import live  # noqa: F401 (a fixture)
