"""The register of every certificate, and its exports for the certification office."""

from flask import current_app, render_template, request
from flask_login import current_user

from mentoring.certificates import queries
from mentoring.certificates.forms import RegisterFilterForm
from mentoring.certificates.models import CertificateStatus
from mentoring.certificates.routes import bp
from mentoring.cohorts.models import school_year_label
from mentoring.core import localtime
from mentoring.core.hours import hours_of
from mentoring.core.paging import paginate_rows
from mentoring.core.policy import fresh_sign_in, regions_of, role_required
from mentoring.core.roles import Role
from mentoring.core.spreadsheets import spreadsheet_download
from mentoring.core.views import page_number
from mentoring.extensions import db


def _register_filters() -> tuple[RegisterFilterForm, dict]:
    form = RegisterFilterForm(request.args)
    regions = regions_of(current_user)
    form.cohort.choices = [("", "All cohorts")] + [
        (str(cohort_id), name) for cohort_id, name in queries.cohort_choices(regions)
    ]
    this_year = localtime.today().year
    form.school_year.choices = [("", "All")] + [
        (str(year), school_year_label(year)) for year in range(this_year, this_year - 15, -1)
    ]
    valid = form.validate()
    return form, {
        "cohort_id": int(form.cohort.data) if valid and form.cohort.data else None,
        "start_year": int(form.school_year.data) if valid and form.school_year.data else None,
        "status": CertificateStatus(form.status.data) if valid and form.status.data else None,
        "regions": regions,
    }


@bp.get("/admin/certificates")
@role_required(Role.SPECIALIST, Role.CERTIFICATION_OFFICE)
def register():
    """Every certificate, filtered by cohort, school year and status, paged."""
    form, filters = _register_filters()
    page = paginate_rows(
        queries.register_query(**filters),
        page_number(),
        current_app.config["ITEMS_PER_PAGE"],
        count_query=queries.register_count(**filters),
    )
    return render_template(
        "certificates/register.html", form=form, page=page, current_name=queries.current_name
    )


REGISTER_COLUMNS = [
    "serial",
    "holder",
    "current_name",
    "email",
    "district",
    "cohort",
    "region",
    "school_years",
    "contact_hours",
    "issued_on",
    "status",
    "revoked_on",
    "revocation_reason",
    "replaced_by",
]


def _export(file_format: str):
    """The filtered register as a spreadsheet for the Department's certification office."""
    _, filters = _register_filters()
    rows = db.session.execute(queries.register_query(**filters))
    return spreadsheet_download(
        f"certificates-{localtime.today()}",
        file_format,
        REGISTER_COLUMNS,
        (
            [
                certificate.serial,
                certificate.holder_name,
                queries.current_name(certificate, holder),
                holder.email,
                district,
                cohort.name,
                cohort.region,
                certificate.school_years,
                float(hours_of(certificate.contact_minutes)),
                certificate.issued_on,
                certificate.status.value,
                certificate.revoked_at.astimezone(localtime.zone()).date()
                if certificate.revoked_at
                else None,
                certificate.revocation_reason,
                replaced_by,
            ]
            for certificate, cohort, holder, district, replaced_by in rows
        ),
    )


@bp.get("/admin/certificates.csv")
@role_required(Role.SPECIALIST, Role.CERTIFICATION_OFFICE)
@fresh_sign_in
def export():
    """The filtered register as CSV (UTF-8 with a byte-order mark, for Excel)."""
    return _export("csv")


@bp.get("/admin/certificates.xlsx")
@role_required(Role.SPECIALIST, Role.CERTIFICATION_OFFICE)
@fresh_sign_in
def export_xlsx():
    """The filtered register as an Excel workbook."""
    return _export("xlsx")
