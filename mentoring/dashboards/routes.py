"""Pages that combine features: each role's home page and the specialist's cohort page; and
the health check.

They read the features' own queries (cohorts, progress, certificates, plans, schedule,
curriculum, surveys) and change nothing. The home page keeps its endpoint ``home.index`` (the
blueprint is named "home"); the cohort page keeps ``cohorts.show_cohort`` (it is registered on
the cohorts blueprint, whose other routes are in cohorts/).
"""

from flask import Blueprint, current_app, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import text

from mentoring.cohorts import queries as cohort_queries
from mentoring.cohorts.blueprint import bp as cohorts_bp
from mentoring.cohorts.forms import AddMentorForm
from mentoring.cohorts.models import Cohort
from mentoring.core import localtime
from mentoring.core.forms import ButtonForm
from mentoring.core.models import utcnow
from mentoring.core.policy import get_or_404, public, regions_of, role_required
from mentoring.core.roles import Role
from mentoring.core.views import page_number
from mentoring.curriculum import queries as curriculum_queries
from mentoring.dashboards import queries as dashboards
from mentoring.extensions import db
from mentoring.meetings.queries import TOPIC_LABELS
from mentoring.plans import queries as plan_queries
from mentoring.schedule import queries as schedule_queries
from mentoring.surveys import queries as survey_queries

bp = Blueprint("home", __name__)


@bp.get("/")
@public
def index():
    """Show the signed-in user's home page; send everyone else to sign in."""
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    today = localtime.today()
    context = {"today": today}
    if current_user.role == Role.SPECIALIST:
        context["dashboard"] = dashboards.specialist_dashboard(
            today,
            page_number("at_risk_page"),
            page_number("certificate_page"),
            current_app.config["ITEMS_PER_PAGE"],
            page_number("cohort_page"),
            (request.args.get("at_risk_after"), request.args.get("at_risk_before")),
            regions_of(current_user),
        )
        context["button"] = ButtonForm(formdata=None)
        context["my_regions"] = sorted(regions_of(current_user) or ())
    elif current_user.role == Role.MENTOR:
        context["groups"] = dashboards.mentor_dashboard(current_user.id, today)
    elif current_user.role == Role.MENTEE:
        context["mentee"] = dashboards.mentee_dashboard(current_user.id, today)
        context["topic_labels"] = TOPIC_LABELS
    if current_user.role in (Role.MENTOR, Role.MENTEE):
        context["schedule"] = schedule_queries.home_panel(current_user, utcnow())
        context["curriculum"] = curriculum_queries.this_month(current_user, today)
        context["open_surveys"] = survey_queries.open_for(current_user.id, today)
    return render_template("dashboards/index.html", **context)


@cohorts_bp.get("/admin/cohorts/<int:cohort_id>")
@role_required(Role.SPECIALIST)
def show_cohort(cohort_id: int):
    """A cohort's groups and mentees, every mentee's progress, and meetings per month."""
    cohort = get_or_404(Cohort, cohort_id)
    roster_view = cohort_queries.cohort_roster(cohort)
    today = localtime.today()
    sort = "status" if request.args.get("sort") == "status" else "name"
    months = dashboards.meetings_per_month(cohort)
    return render_template(
        "dashboards/cohort.html",
        cohort=cohort,
        roster=roster_view,
        add_mentor=AddMentorForm(),
        today=today,
        sort=sort,
        progress_rows=dashboards.cohort_table(cohort, roster_view, today, sort),
        months=months,
        chart=dashboards.meetings_chart(months),
        button=ButtonForm(formdata=None),
        upcoming=schedule_queries.cohort_panel(cohort.id, utcnow()),
        plan_counts=[plan_queries.plan_counts(cohort.id, year) for year in (1, 2)],
        coverage=curriculum_queries.coverage(cohort),
    )


@bp.get("/healthz")
@public
def healthz():
    """Tell a load balancer whether this server and its database answer."""
    try:
        db.session.execute(text("SELECT 1"))
        database_ok = True
    except Exception:  # any failure means "not healthy"; the reason goes to the log, not the body
        # Nothing to roll back by hand: the request's session is closed (rolled back) at its end.
        current_app.logger.warning("Health check: the database did not answer", exc_info=True)
        database_ok = False
    body = {"status": "ok" if database_ok else "unavailable", "database": database_ok}
    return jsonify(body), 200 if database_ok else 503
