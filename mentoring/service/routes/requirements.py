"""A school year's service requirements and the mentors who met them, with downloads."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from mentoring.cohorts.models import school_year_label
from mentoring.core.changes import change
from mentoring.core.hours import hours_of, minutes_of
from mentoring.core.policy import fresh_sign_in, role_required, statewide
from mentoring.core.roles import Role
from mentoring.core.spreadsheets import spreadsheet_download
from mentoring.service import operations, queries
from mentoring.service.forms import RequirementForm
from mentoring.service.routes import bp, chosen_school_year, school_years_shown


@bp.route("/admin/service", methods=["GET", "POST"])
@role_required(Role.SPECIALIST)
@statewide
def requirements():
    """A school year's service requirements, and how many mentors met them."""
    school_year = chosen_school_year()
    requirement = queries.requirement_for(school_year)
    form = RequirementForm(
        formdata=None if request.method == "GET" else request.form,
        min_trainings=requirement.min_trainings if requirement else None,
        min_meetings=requirement.min_meetings if requirement else None,
        min_contact_hours=hours_of(requirement.min_contact_minutes) if requirement else None,
    )
    if request.method == "POST" and form.validate():
        with change():
            operations.set_requirement(
                school_year,
                current_user,
                form.min_trainings.data,
                form.min_meetings.data,
                minutes_of(form.min_contact_hours.data),
            )
        flash(f"The service requirements of {school_year_label(school_year)} are saved.", "success")
        return redirect(url_for("service.requirements", school_year=school_year))
    met = None
    if requirement is not None:
        met = sum(
            queries.requirements_met(requirement, service.trainings, service.activity)
            for service in queries.service_of_every_mentor(school_year)
        )
    return render_template(
        "service/requirements.html",
        form=form,
        school_year=school_year,
        school_years=school_years_shown(),
        requirement=requirement,
        met=met,
        year_label=school_year_label,
    ), (400 if form.errors else 200)


STIPEND_COLUMNS = [
    "mentor",
    "email",
    "region",
    "school_year",
    "trainings",
    "training_hours",
    "meetings_logged",
    "contact_hours",
    "mentees_served",
]


def _met_download(file_format: str):
    school_year = chosen_school_year()
    requirement = queries.requirement_for(school_year)
    if requirement is None:
        flash(f"Set the service requirements of {school_year_label(school_year)} first.", "info")
        return redirect(url_for("service.requirements", school_year=school_year))
    return spreadsheet_download(
        f"mentors-who-met-service-{school_year}-{(school_year + 1) % 100:02d}",
        file_format,
        STIPEND_COLUMNS,
        (
            [
                service.name,
                service.email,
                service.region,
                school_year_label(school_year),
                service.trainings,
                float(hours_of(service.training_minutes)),
                service.activity.meetings,
                float(hours_of(service.activity.contact_minutes)),
                service.activity.mentees,
            ]
            for service in queries.service_of_every_mentor(school_year)
            if queries.requirements_met(requirement, service.trainings, service.activity)
        ),
    )


@bp.get("/admin/service/met.csv")
@role_required(Role.SPECIALIST)
@fresh_sign_in
@statewide
def met_csv():
    """The mentors who met a school year's service requirements, as CSV (for stipends)."""
    return _met_download("csv")


@bp.get("/admin/service/met.xlsx")
@role_required(Role.SPECIALIST)
@fresh_sign_in
@statewide
def met_xlsx():
    """The mentors who met a school year's service requirements, as an Excel workbook."""
    return _met_download("xlsx")
