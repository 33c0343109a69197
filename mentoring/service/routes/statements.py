"""Each mentor's yearly service statement, on a page and as a PDF."""

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from mentoring.cohorts.models import school_year_label
from mentoring.core import localtime
from mentoring.core.errors import MentoringError
from mentoring.core.policy import in_regions_or_404, is_specialist, role_required
from mentoring.core.roles import Role
from mentoring.extensions import db
from mentoring.service import queries
from mentoring.service.documents import statement_pdf
from mentoring.service.routes import bp, chosen_school_year
from mentoring.users.models import User


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
    school_year = chosen_school_year()
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
