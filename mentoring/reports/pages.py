"""The reports: what each shows on its page (the template's values) and in its download."""

from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app

from mentoring.cohorts.models import school_year_label
from mentoring.core import localtime
from mentoring.core.paging import paginate_list, paginate_rows
from mentoring.core.views import page_number
from mentoring.dashboards.charts import bar_chart
from mentoring.dashboards.queries import meetings_chart
from mentoring.progress.queries import Status
from mentoring.reports import queries, tables


@dataclass(frozen=True)
class Report:
    slug: str
    title: str
    summary: str
    page: Callable[[queries.Filters], dict]  # the template's values
    table: Callable[[queries.Filters], tables.Table]  # the download


def _enrollment_page(filters: queries.Filters) -> dict:
    report = queries.enrollment_report(filters)
    chart = bar_chart(
        [
            (
                region,
                f"{region}: "
                + (
                    "no enrollment has ended"
                    if o.completion_rate is None
                    else f"{o.completion_rate} %"
                ),
                o.completion_rate or 0,
            )
            for region, o in report.by_region.items()
        ]
    )
    # The cohorts' rows, a page at a time (the totals above them count every cohort).
    per_page = current_app.config["ITEMS_PER_PAGE"]
    cohorts = paginate_list(report.cohorts, page_number(), per_page)
    return {"data": report, "chart": chart, "cohorts": cohorts}


def _progress_page(filters: queries.Filters) -> dict:
    report = queries.progress_report(filters, localtime.today())
    return {"data": report, "chart": meetings_chart(report.months), "statuses": list(Status)}


def _certificate_page(filters: queries.Filters) -> dict:
    report = queries.certificate_report(filters)
    chart = bar_chart(
        [
            (
                school_year_label(year),
                f"{school_year_label(year)}: {counts['issued']} issued",
                counts["issued"],
            )
            for year, counts in reversed(report.items())
        ]
    )
    return {"data": report, "chart": chart}


def _mentor_page(filters: queries.Filters) -> dict:
    page = paginate_rows(
        queries.mentors_query(filters), page_number(), current_app.config["ITEMS_PER_PAGE"]
    )
    return {"page": page, "rows": queries.mentor_activity(filters, list(page.items))}


REPORTS = {
    report.slug: report
    for report in (
        Report(
            "enrollment",
            "Enrollment and outcomes",
            "Mentees who started, are active, completed, did not complete or withdrew, with the "
            "completion rate, by cohort, region and school year.",
            _enrollment_page,
            tables.enrollment_table,
        ),
        Report(
            "progress",
            "Progress now",
            "Active mentees of running cohorts by program year and status today, their contact "
            "hours, and the meetings held in each month of this school year.",
            _progress_page,
            lambda filters: tables.progress_table(filters, localtime.today()),
        ),
        Report(
            "mentors",
            "Mentor activity",
            "Per mentor and school year: mentees served, meetings logged, contact hours, "
            "reflections acknowledged and sign-offs on time.",
            _mentor_page,
            tables.mentor_table,
        ),
        Report(
            "certificates",
            "Certificates",
            "Certificates issued, revoked and reissued in each school year.",
            _certificate_page,
            tables.certificate_table,
        ),
    )
}
