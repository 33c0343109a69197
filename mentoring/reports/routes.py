"""The reports at /admin/reports: each a page with filters and a download as CSV or .xlsx, and
the paged lists behind their figures. Specialists only."""

import math
from collections.abc import Callable
from dataclasses import dataclass

from flask import Blueprint, current_app, render_template, request
from flask_login import current_user

from mentoring.certificates.models import Certificate
from mentoring.cohorts.models import EnrollmentStatus, school_year_label
from mentoring.core import localtime
from mentoring.core.paging import paginate_rows
from mentoring.core.policy import fresh_sign_in, regions_of, role_required
from mentoring.core.roles import Role
from mentoring.core.spreadsheets import spreadsheet_download
from mentoring.core.views import page_number
from mentoring.extensions import db
from mentoring.progress.charts import bar_chart
from mentoring.progress.dashboards import ListPage, meetings_chart
from mentoring.progress.queries import Status
from mentoring.reports import queries, tables
from mentoring.reports.forms import ReportFilterForm

bp = Blueprint("reports", __name__)


@dataclass(frozen=True)
class Report:
    slug: str
    title: str
    summary: str
    page: Callable[[queries.Filters], dict]  # the template's values
    table: Callable[[queries.Filters], tables.Table]  # the download


def _school_year_today() -> int:
    today = localtime.today()
    return today.year if today.month >= 7 else today.year - 1


def _filter_form() -> ReportFilterForm:
    return ReportFilterForm(_school_year_today() + 1, request.args, scope=regions_of(current_user))


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
    pages = max(math.ceil(len(report.cohorts) / per_page), 1)
    number = min(page_number(), pages)
    cohorts = ListPage(
        report.cohorts[(number - 1) * per_page : number * per_page],
        number,
        per_page,
        len(report.cohorts),
    )
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


@bp.get("/admin/reports")
@role_required(Role.SPECIALIST)
def index():
    """The list of reports."""
    return render_template("reports/index.html", reports=REPORTS.values())


def _refused(report: Report, form: ReportFilterForm):
    """The report's filters with their messages, and no figures (400)."""
    return render_template("reports/report.html", report=report, form=form, filters=None), 400


def _list_page(slug: str, form: ReportFilterForm, filters, page, **values):
    """The paged list behind a figure of the report `slug` (templates/reports/<slug>_list.html)."""
    return render_template(
        f"reports/{slug}_list.html",
        report=REPORTS[slug],
        downloads=False,
        form=form,
        filters=filters,
        page=page,
        year_label=school_year_label,
        **values,
    )


def _show(report: Report):
    form = _filter_form()
    if not form.validate():
        return _refused(report, form)
    filters = form.filters()
    return render_template(
        f"reports/{report.slug}.html",
        report=report,
        form=form,
        filters=filters,
        year_label=school_year_label,
        **report.page(filters),
    )


def _download(report: Report, file_format: str):
    form = _filter_form()
    if not form.validate():
        return _refused(report, form)
    table = report.table(form.filters())
    return spreadsheet_download(
        f"{report.slug}-report-{localtime.today()}", file_format, table.header, table.rows
    )


# The certification office reads the completions (enrollment and outcomes) and the certificates
# reports, their figures only; every other report is the specialists'.
READERS = {
    "enrollment": (Role.SPECIALIST, Role.CERTIFICATION_OFFICE),
    "certificates": (Role.SPECIALIST, Role.CERTIFICATION_OFFICE),
}


def _add_report_routes(report: Report) -> None:
    """The report's page and its two downloads, each its own endpoint in the permission matrix."""

    def show():
        return _show(report)

    def download_csv():
        return _download(report, "csv")

    def download_xlsx():
        return _download(report, "xlsx")

    for suffix, view, path in (
        ("", show, ""),
        ("_csv", fresh_sign_in(download_csv), ".csv"),
        ("_xlsx", fresh_sign_in(download_xlsx), ".xlsx"),
    ):
        view.__doc__ = f"The {report.title.lower()} report{' as ' + path if path else ''}."
        bp.add_url_rule(
            f"/admin/reports/{report.slug}{path}",
            endpoint=f"{report.slug}{suffix}",
            view_func=role_required(*READERS.get(report.slug, (Role.SPECIALIST,)))(view),
            methods=["GET"],
        )


for _report in REPORTS.values():
    _add_report_routes(_report)


@bp.get("/admin/reports/enrollment/list")
@role_required(Role.SPECIALIST)
def enrollment_list():
    """The enrollments behind a figure of the enrollment or progress report, paged."""
    form = _filter_form()
    outcome = _choice(EnrollmentStatus, "outcome")
    status = _choice(Status, "status")
    program_year = request.args.get("program_year", type=int)
    if not form.validate() or program_year not in (None, 1, 2):
        return _refused(REPORTS["enrollment"], form)
    filters = form.filters()
    page = paginate_rows(
        queries.enrollments_query(filters, localtime.today(), outcome, status, program_year),
        page_number(),
        current_app.config["ITEMS_PER_PAGE"],
    )
    return _list_page(
        "enrollment",
        form,
        filters,
        page,
        outcome=outcome,
        status=status,
        program_year=program_year,
    )


@bp.get("/admin/reports/certificates/list")
@role_required(Role.SPECIALIST, Role.CERTIFICATION_OFFICE)
def certificate_list():
    """The certificates behind a figure of the certificate report, paged."""
    form = _filter_form()
    kind = request.args.get("kind", "issued")
    if not form.validate() or kind not in queries.CERTIFICATE_EVENTS:
        return _refused(REPORTS["certificates"], form)
    filters = form.filters()
    _, query = queries.certificate_events(kind, filters)
    page = db.paginate(
        query.order_by(Certificate.issued_on.desc(), Certificate.id),
        page=page_number(),
        per_page=current_app.config["ITEMS_PER_PAGE"],
        error_out=False,
    )
    return _list_page("certificates", form, filters, page, kind=kind)


def _choice(kind, name: str):
    value = request.args.get(name)
    return kind(value) if value in {member.value for member in kind} else None
