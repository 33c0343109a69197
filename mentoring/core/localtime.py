"""Times are stored in UTC and shown in the program's time zone (TIME_ZONE): one filter."""

from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import Flask, current_app, has_app_context

from mentoring.config import DefaultConfig

FORMATS = {
    "datetime": "%B %-d, %Y, %-I:%M %p %Z",  # December 6, 2026, 2:05 PM CST
    "date": "%B %-d, %Y",
    "date_short": "%b %-d, %Y",  # Dec 6, 2026: narrow table cells
    "short": "%Y-%m-%d %H:%M %Z",  # tables
    "iso": "%Y-%m-%d",
}


DATE_STYLES = ("date", "date_short", "iso")


def zone() -> ZoneInfo:
    """The program's time zone: the app's setting, or the default outside an app (a test's own
    code, a script)."""
    name = current_app.config["TIME_ZONE"] if has_app_context() else DefaultConfig.TIME_ZONE
    return ZoneInfo(name)


def today() -> date:
    """Today's date where the program is: the one clock of pages, forms and commands (the
    server's own date is a day ahead every evening in Missouri, when UTC has passed midnight).
    Tests freeze it by replacing this function: `monkeypatch.setattr(localtime, "today", ...)`."""
    return datetime.now(zone()).date()


def format_date(value: date) -> str:
    """A calendar date as the program shows dates: December 6, 2026."""
    return value.strftime(FORMATS["date"])


def localtime(value: datetime | date | None, style: str = "datetime") -> str:
    """A UTC datetime in the program's time zone, as a date and time (or a "date" only, or a
    "short" stamp for tables); empty for None. A calendar date (no time) is shown as a date
    ("iso": 2026-12-06), with no time zone to convert."""
    if value is None:
        return ""
    if not isinstance(value, datetime):
        return value.strftime(FORMATS[style if style in DATE_STYLES else "date"])
    return value.astimezone(zone()).strftime(FORMATS[style])


def init_app(app: Flask) -> None:
    """Check the time zone's name at start-up, and give templates the filter."""
    try:
        ZoneInfo(app.config["TIME_ZONE"])
    except (ZoneInfoNotFoundError, ValueError):
        raise SystemExit(
            f"mentoring: refusing to start: MENTORING_TIME_ZONE={app.config['TIME_ZONE']!r} is "
            "not a time zone name such as America/Chicago."
        ) from None
    app.add_template_filter(localtime, "localtime")
