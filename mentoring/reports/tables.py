"""Each report as one table for its CSV and .xlsx download: the same figures as its page, every
row of them (the mentor activity page is paged; its download is not)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from mentoring.cohorts.models import school_year_label
from mentoring.core.hours import hours_of
from mentoring.core.localtime import format_date
from mentoring.extensions import db
from mentoring.progress.queries import Status
from mentoring.reports import queries


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: Iterable[list]


def _outcome_cells(outcomes: queries.Outcomes) -> list:
    return [
        outcomes.started,
        *(outcomes.counts[status] for status in queries.OUTCOMES),
        outcomes.completion_rate,
    ]


OUTCOME_COLUMNS = [
    "started",
    "active",
    "completed",
    "not_completed",
    "withdrawn",
    "completion_rate_percent",
]


def enrollment_table(filters: queries.Filters) -> Table:
    """One row per cohort, then one per region and per school year, then the total."""
    report = queries.enrollment_report(filters)
    rows = [
        [
            "cohort",
            row.name,
            row.region,
            school_year_label(row.start_year),
            *_outcome_cells(row.outcomes),
        ]
        for row in report.cohorts
    ]
    rows += [
        ["region", "", region, "", *_outcome_cells(o)] for region, o in report.by_region.items()
    ]
    rows += [
        ["school year", "", "", school_year_label(year), *_outcome_cells(o)]
        for year, o in report.by_year.items()
    ]
    rows.append(["total", "", "", "", *_outcome_cells(report.total)])
    return Table(["level", "cohort", "region", "first_school_year", *OUTCOME_COLUMNS], rows)


def progress_table(filters: queries.Filters, today: date) -> Table:
    """One row per program year and status, then contact hours and meetings per month."""
    report = queries.progress_report(filters, today)
    rows = [
        ["status", f"program year {year}", status.label, report.counts.get((year, status), 0)]
        for year in (1, 2)
        for status in Status
    ]
    rows += [
        ["contact hours attended", f"program year {year}", "", float(hours_of(minutes))]
        for year, minutes in sorted(report.contact_minutes.items())
    ]
    rows += [
        ["meetings held", format_date(first, "month"), "", count] for first, count in report.months
    ]
    return Table(["figure", "of", "status", "value"], rows)


def mentor_table(filters: queries.Filters) -> Table:
    """One row per mentor and school year."""
    mentors = [tuple(row) for row in db.session.execute(queries.mentors_query(filters))]
    rows = [
        [
            row.name,
            school_year_label(row.school_year),
            row.mentees,
            row.meetings,
            float(hours_of(row.contact_minutes)),
            row.acknowledged,
            row.sign_offs,
            row.sign_offs_on_time,
        ]
        for row in queries.mentor_activity(filters, mentors, only_these=False)
    ]
    return Table(
        [
            "mentor",
            "school_year",
            "mentees_served",
            "meetings_logged",
            "contact_hours",
            "reflections_acknowledged",
            "sign_offs",
            "sign_offs_on_time",
        ],
        rows,
    )


def certificate_table(filters: queries.Filters) -> Table:
    """One row per school year."""
    report = queries.certificate_report(filters)
    return Table(
        ["school_year", *queries.CERTIFICATE_EVENTS],
        [[school_year_label(year), *counts.values()] for year, counts in report.items()],
    )
