"""Times are stored in UTC and shown in the program's time zone (TIME_ZONE): one filter."""

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import Flask, current_app

FORMATS = {
    "datetime": "%B %-d, %Y, %-I:%M %p %Z",  # December 6, 2026, 2:05 PM CST
    "date": "%B %-d, %Y",
    "short": "%Y-%m-%d %H:%M %Z",  # tables
    "iso": "%Y-%m-%d",
}


def zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["TIME_ZONE"])


def localtime(value: datetime | None, style: str = "datetime") -> str:
    """A UTC datetime in the program's time zone, as a date and time (or a "date" only, or a
    "short" stamp for tables); empty for None."""
    if value is None:
        return ""
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
