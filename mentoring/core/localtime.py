"""Times are stored in UTC and shown in the program's time zone (TIME_ZONE): one filter."""

from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import Flask, current_app, has_app_context

from mentoring.config import DefaultConfig

# Every way a date or time is shown: each is a template filter of its name (`{{ day|date }}`),
# so templates never spell a format.
FORMATS = {
    "datetime": "%B %-d, %Y, %-I:%M %p %Z",  # December 6, 2026, 2:05 PM CST
    "date": "%B %-d, %Y",  # December 6, 2026
    "date_short": "%b %-d, %Y",  # Dec 6, 2026: narrow table cells
    "short": "%Y-%m-%d %H:%M %Z",  # 2026-12-06 14:05 CST: tables
    "iso": "%Y-%m-%d",  # 2026-12-06
    "month": "%B %Y",  # December 2026
    "month_day": "%B %-d",  # December 6
    "weekday_time": "%A, %B %-d, %Y, %-I:%M %p",  # Sunday, December 6, 2026, 2:05 PM
    "time": "%-I:%M %p",  # 2:05 PM
    "time_zone": "%-I:%M %p %Z",  # 2:05 PM CST
    "zone_name": "%Z",  # CST
}


DATE_STYLES = ("date", "date_short", "iso", "month", "month_day")


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


# The school year (and a cohort's program year) runs from July 1 to June 30; it is named by the
# calendar year it starts in (2026 is July 1, 2026 – June 30, 2027).
FIRST_MONTH = 7


def school_year_of(day: date) -> int:
    """The school year holding a day, by its start year: December 6, 2026 → 2026."""
    return day.year if day.month >= FIRST_MONTH else day.year - 1


def this_school_year() -> int:
    """The school year holding today()."""
    return school_year_of(today())


def school_year_bounds(start_year: int) -> tuple[date, date]:
    """The first and last day (July 1, June 30) of the school year that starts in start_year."""
    return date(start_year, FIRST_MONTH, 1), date(start_year + 1, FIRST_MONTH - 1, 30)


def day_in_school_year(start_year: int, month: int, day: int) -> date:
    """A month and day of the school year that starts in start_year: July to December fall in
    start_year, January to June in the year after."""
    return date(start_year + (month < FIRST_MONTH), month, day)


def format_date(value: date | datetime, style: str = "date") -> str:
    """A date (or a UTC time's day in the program's zone) as the program shows dates, in Python
    code as the template filters do: December 6, 2026 ("month": December 2026, "month_day":
    December 6)."""
    return localtime(value, style)


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
    """Check the time zone's name at start-up, and give templates one filter per format."""
    try:
        ZoneInfo(app.config["TIME_ZONE"])
    except (ZoneInfoNotFoundError, ValueError):
        raise SystemExit(
            f"mentoring: refusing to start: MENTORING_TIME_ZONE={app.config['TIME_ZONE']!r} is "
            "not a time zone name such as America/Chicago."
        ) from None
    for style in FORMATS:
        app.add_template_filter(_shown_as(style), style)


def _shown_as(style: str):
    def show(value: datetime | date | None) -> str:
        return localtime(value, style)

    show.__name__ = style
    return show
