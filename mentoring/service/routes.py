"""Mentor service: training events and attendance (specialists), the service requirements of a
school year with the mentors who met them (specialists), and each mentor's yearly service
statement (the mentor themself and specialists; another mentor's is a 404)."""

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from mentoring.cohorts.models import school_year_label
from mentoring.core import localtime
from mentoring.core.changes import show_error
from mentoring.core.errors import MentoringError
from mentoring.core.forms import ButtonForm
from mentoring.core.paging import paginate_rows
from mentoring.core.policy import (
    fresh_sign_in,
    get_or_404,
    in_regions_or_404,
    is_specialist,
    limit_region_choices,
    regions_of,
    role_required,
    statewide,
)
from mentoring.core.roles import Role
from mentoring.core.spreadsheets import spreadsheet_download
from mentoring.core.views import page_number
from mentoring.extensions import db
from mentoring.mentors.models import TrainingEvent, TrainingKind
from mentoring.progress.forms import hours_of
from mentoring.service import operations, queries
from mentoring.service.documents import statement_pdf
from mentoring.service.forms import AttendeesForm, RequirementForm, TrainingForm
from mentoring.users.models import User

bp = Blueprint("service", __name__)

YEARS_SHOWN = 10


def _this_school_year() -> int:
    today = localtime.today()
    return today.year if today.month >= 7 else today.year - 1


def _school_year() -> int:
    """The ?school_year= asked for, if it is one of the years offered; else this one."""
    year = request.args.get("school_year", type=int)
    return year if year in _school_years() else _this_school_year()


def _school_years() -> list[int]:
    this_year = _this_school_year()
    return list(range(this_year, this_year - YEARS_SHOWN, -1))


# Training events -----------------------------------------------------------------------------


@bp.get("/admin/trainings")
@role_required(Role.SPECIALIST)
def list_trainings():
    """Training events, newest first, with their number of attendees."""
    page = queries.trainings_page(
        page_number(), current_app.config["ITEMS_PER_PAGE"], regions_of(current_user)
    )
    return render_template("service/trainings.html", page=page)


@bp.route("/admin/trainings/new", methods=["GET", "POST"])
@role_required(Role.SPECIALIST)
def new_training():
    """Record a regional training or a mentor forum."""
    form = TrainingForm()
    limit_region_choices(form.region, current_user)
    if form.validate_on_submit():
        training = operations.create_training(
            current_user,
            TrainingKind(form.kind.data),
            form.title.data,
            form.held_on.data,
            form.region.data,
            form.minutes,
        )
        db.session.commit()
        flash("The training is recorded. Now record who attended.", "success")
        return redirect(url_for("service.show_training", training_id=training.id))
    return render_template("service/new_training.html", form=form), (400 if form.errors else 200)


@bp.route("/admin/trainings/<int:training_id>", methods=["GET", "POST"])
@role_required(Role.SPECIALIST)
def show_training(training_id: int):
    """A training event, its attendees (paged), and the form that records more of them."""
    training = get_or_404(TrainingEvent, training_id)
    form = AttendeesForm()
    if form.validate_on_submit():
        try:
            added = operations.record_attendance(training, current_user, form.addresses())
        except MentoringError as error:
            db.session.rollback()
            show_error(form, error, "emails")
        else:
            db.session.commit()
            flash(f"{added} attendee{'' if added == 1 else 's'} recorded.", "success")
            return redirect(url_for("service.show_training", training_id=training_id))
    page = paginate_rows(
        queries.attendees_query(training_id), page_number(), current_app.config["ITEMS_PER_PAGE"]
    )
    return render_template(
        "service/training.html", training=training, form=form, page=page, button=ButtonForm()
    ), (400 if form.errors else 200)


@bp.post("/admin/trainings/<int:training_id>/attendees/<int:mentor_id>/remove")
@role_required(Role.SPECIALIST)
def remove_attendee(training_id: int, mentor_id: int):
    """Take a mentor off a training's attendees."""
    training = get_or_404(TrainingEvent, training_id)
    if not ButtonForm().validate_on_submit():
        flash("The form had expired. Try again.", "danger")
    elif operations.remove_attendance(training, mentor_id, current_user):
        db.session.commit()
        flash("The attendee is removed.", "success")
    else:
        abort(404)
    return redirect(url_for("service.show_training", training_id=training_id))


# Requirements and the mentors who met them ---------------------------------------------------


@bp.route("/admin/service", methods=["GET", "POST"])
@role_required(Role.SPECIALIST)
@statewide
def requirements():
    """A school year's service requirements, and how many mentors met them."""
    school_year = _school_year()
    requirement = queries.requirement_for(school_year)
    form = RequirementForm(
        formdata=None if request.method == "GET" else request.form,
        min_trainings=requirement.min_trainings if requirement else None,
        min_meetings=requirement.min_meetings if requirement else None,
        min_contact_hours=hours_of(requirement.min_contact_minutes) if requirement else None,
    )
    if request.method == "POST" and form.validate():
        operations.set_requirement(
            school_year,
            current_user,
            form.min_trainings.data,
            form.min_meetings.data,
            int(form.min_contact_hours.data * 60),
        )
        db.session.commit()
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
        school_years=_school_years(),
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
    school_year = _school_year()
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
                round(service.training_minutes / 60, 2),
                service.activity.meetings,
                round(service.activity.contact_minutes / 60, 2),
                service.activity.mentees,
            ]
            for service in queries.service_of_every_mentor(school_year)
            if queries.requirements_met(requirement, service.trainings, service.activity)
        ),
    )


@bp.get("/admin/service/met.csv")
@role_required(Role.SPECIALIST)
@statewide
@fresh_sign_in
def met_csv():
    """The mentors who met a school year's service requirements, as CSV (for stipends)."""
    return _met_download("csv")


@bp.get("/admin/service/met.xlsx")
@role_required(Role.SPECIALIST)
@statewide
@fresh_sign_in
def met_xlsx():
    """The mentors who met a school year's service requirements, as an Excel workbook."""
    return _met_download("xlsx")


# The service statement -------------------------------------------------------------------------


@bp.get("/mentor/service")
@role_required(Role.MENTOR)
def my_service():
    """The mentor's own service per school year, with the statements to download."""
    years = queries.service_years(current_user)
    return render_template(
        "service/my_service.html",
        years=years,
        requirements=queries.requirements_of([year.school_year for year in years]),
        year_label=school_year_label,
    )


@bp.get("/mentors/<int:mentor_id>/service-statement.pdf")
@role_required(Role.SPECIALIST, Role.MENTOR)
def statement(mentor_id: int):
    """A mentor's service statement of a school year (?school_year=), as a PDF."""
    if not (is_specialist(current_user) or current_user.id == mentor_id):
        abort(404)
    mentor = db.session.get(User, mentor_id)
    if mentor is None or mentor.role != Role.MENTOR:
        abort(404)
    in_regions_or_404(mentor)
    school_year = _school_year()
    try:
        pdf = statement_pdf(
            mentor, queries.service_years(mentor, school_year)[0], localtime.today()
        )
    except MentoringError as error:
        flash(error.message, "danger")
        return redirect(url_for("home.index"))
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": (
                f'attachment; filename="service-statement-{school_year}-{mentor_id}.pdf"'
            ),
            "Cache-Control": "no-store",
        },
    )
