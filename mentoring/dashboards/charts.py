"""Server-rendered SVG charts: the geometry is computed here and drawn by a template.

No script and no style attribute reach the page (the CSP forbids both); colours come from
classes in static/css/app.css.
"""

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str  # under the bar
    title: str  # the bar's full description, e.g. "July 2026: 3 meetings"
    value: int


@dataclass(frozen=True)
class Tick:
    y: float
    value: int


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    left: int  # the plot area's edges
    right: int
    top: int
    bottom: int
    bars: list[Bar]
    ticks: list[Tick]


def _step(largest: int, lines: int = 4) -> int:
    """A whole step that puts about `lines` grid lines above zero (never a fraction)."""
    return max(math.ceil(largest / lines), 1)


def bar_chart(points: list[tuple[str, str, int]], width: int = 720, height: int = 230) -> BarChart:
    """Lay out a bar chart of (label, title, value) points, left to right."""
    left, right, top, bottom = 36, width - 8, 10, height - 38  # room for two rows of labels
    largest = max((value for _, _, value in points), default=0)
    step = _step(largest)
    ceiling = step * max(math.ceil(largest / step), 1)
    slot = (right - left) / max(len(points), 1)
    gap = slot * 0.2
    bars = []
    for index, (label, title, value) in enumerate(points):
        bar_height = (bottom - top) * value / ceiling
        bars.append(
            Bar(
                x=round(left + index * slot + gap / 2, 1),
                y=round(bottom - bar_height, 1),
                width=round(slot - gap, 1),
                height=round(bar_height, 1),
                label=label,
                title=title,
                value=value,
            )
        )
    ticks = [
        Tick(y=round(bottom - (bottom - top) * value / ceiling, 1), value=value)
        for value in range(0, ceiling + 1, step)
    ]
    return BarChart(width, height, left, right, top, bottom, bars, ticks)
