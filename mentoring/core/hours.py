"""Hours: stored as whole minutes, shown and entered as hours to two decimals at most.

One conversion each way (hours_of, minutes_of) and one formatter (hours_text, the template
filter `hours`): 570 minutes are 9.5 hours, 720 are 12, 100 are 1.67.
"""

from decimal import ROUND_HALF_UP, Decimal

from flask import Flask

MINUTES_PER_HOUR = 60
_CENTS = Decimal("0.01")


def hours_of(minutes: int) -> Decimal:
    """Minutes as hours, to two decimals at most: 570 → 9.5, 720 → 12, 100 → 1.67."""
    hours = (Decimal(minutes) / MINUTES_PER_HOUR).quantize(_CENTS, ROUND_HALF_UP)
    return hours.quantize(Decimal(1)) if hours == hours.to_integral_value() else hours.normalize()


def minutes_of(hours: Decimal | int | float) -> int:
    """Hours (as a form gives them, e.g. 2.5) as whole minutes: 150."""
    return int(Decimal(str(hours)) * MINUTES_PER_HOUR)


def hours_text(minutes: int) -> str:
    """Minutes as hours for people: 570 → "9.5", 720 → "12", 100 → "1.67", 72000 → "1,200"."""
    return f"{hours_of(minutes):,}"


def init_app(app: Flask) -> None:
    """Give templates the `hours` filter: `{{ year.contact_minutes|hours }}`."""
    app.add_template_filter(hours_text, "hours")
