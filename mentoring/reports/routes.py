"""The reports at /admin/reports: each a page with filters and a download as CSV or .xlsx, and
the paged lists behind their figures. Specialists only."""

from flask import Blueprint, current_app, render_template, request
from flask_login import current_user

from mentoring.certificates.models import Certificate
from mentoring.cohorts.models import EnrollmentStatus, school_year_label
from mentoring.core import localtime
from mentoring.core.paging import paginate, paginate_rows
from mentoring.core.policy import fresh_sign_in, regions_of, role_required
from mentoring.core.roles import Role
from mentoring.core.spreadsheets import spreadsheet_download
from mentoring.core.views import page_number
from mentoring.progress.queries import Status
from mentoring.reports import queries
from mentoring.reports.forms import ReportFilterForm
from mentoring.reports.pages import REPORTS, Report

bp = Blueprint("reports", __name__)


def _filter_form() -> ReportFilterForm:
    return ReportFilterForm(
        localtime.this_school_year() + 1, request.args, scope=regions_of(current_user)
    )


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
    page = paginate(
        query.order_by(Certificate.issued_on.desc(), Certificate.id),
        page_number(),
        current_app.config["ITEMS_PER_PAGE"],
    )
    return _list_page("certificates", form, filters, page, kind=kind)


def _choice(kind, name: str):
    value = request.args.get(name)
    return kind(value) if value in {member.value for member in kind} else None
