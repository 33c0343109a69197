"""The results' charts: the scale questions as bar charts, laid out by dashboards/charts.py."""

from mentoring.core.wording import plural
from mentoring.dashboards.charts import BarChart, bar_chart


def scale_chart(counts: list[tuple[str, int]]) -> BarChart:
    """A bar for each point of the 1–5 scale, with its number of answers."""
    return bar_chart(
        [(label, f"{label}: {plural(count, 'answer')}", count) for label, count in counts],
        width=360,
        height=200,
    )
