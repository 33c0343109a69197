"""Times are stored in UTC and shown in the program's time zone."""

from datetime import UTC, datetime

import pytest

from mentoring import create_app
from mentoring.core.audit import AuditEvent
from mentoring.core.localtime import localtime
from mentoring.core.roles import Role
from mentoring.extensions import db
from tests.apps import make_test_config
from tests.factories import make_user

# 18:30 UTC is 12:30 PM in Chicago in winter (CST, UTC-6) and 1:30 PM in summer (CDT, UTC-5).
WINTER = datetime(2026, 12, 7, 18, 30, tzinfo=UTC)
SUMMER = datetime(2026, 7, 7, 18, 30, tzinfo=UTC)
# 03:00 UTC on January 1 is still December 31 in Chicago.
NEW_YEAR = datetime(2027, 1, 1, 3, 0, tzinfo=UTC)


def test_the_default_zone_is_chicago_across_daylight_saving(app):
    assert app.config["TIME_ZONE"] == "America/Chicago"
    assert localtime(WINTER) == "December 7, 2026, 12:30 PM CST"
    assert localtime(SUMMER) == "July 7, 2026, 1:30 PM CDT"
    assert localtime(NEW_YEAR, "date") == "December 31, 2026"
    assert localtime(WINTER, "short") == "2026-12-07 12:30 CST"
    assert localtime(None) == ""


@pytest.mark.parametrize("app_config", [{"TIME_ZONE": "America/New_York"}])
def test_the_zone_is_a_setting(app):
    assert localtime(WINTER) == "December 7, 2026, 1:30 PM EST"


def test_an_unknown_zone_refuses_to_start(tmp_path, monkeypatch):
    monkeypatch.setenv("MENTORING_TIME_ZONE", "Missouri/Jefferson_City")
    with pytest.raises(SystemExit, match="'Missouri/Jefferson_City' is not a time zone name"):
        create_app(make_test_config(f"sqlite:///{tmp_path / 'x.sqlite'}"))


def test_the_audit_log_shows_local_time(client, auth, app):
    specialist = make_user(Role.SPECIALIST)
    db.session.add(AuditEvent(action="test.event", summary="A test event", occurred_at=WINTER))
    db.session.commit()
    auth.login_as(specialist)
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "2026-12-07 12:30 CST" in page and "18:30" not in page
