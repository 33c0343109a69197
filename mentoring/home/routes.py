"""The role-aware home page and the health check."""

from flask import Blueprint, current_app, jsonify, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import text

from mentoring.core import localtime
from mentoring.core.forms import ButtonForm
from mentoring.core.models import utcnow
from mentoring.core.policy import public, regions_of
from mentoring.core.roles import Role
from mentoring.core.views import page_number
from mentoring.curriculum import queries as curriculum_queries
from mentoring.extensions import db
from mentoring.meetings.queries import TOPIC_LABELS
from mentoring.progress import dashboards
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
    return render_template("home/index.html", **context)


@bp.get("/healthz")
@public
def healthz():
    """Tell a load balancer whether this server and its database answer."""
    try:
        db.session.execute(text("SELECT 1"))
        database_ok = True
    except Exception:  # any failure means "not healthy"; the reason goes to the log, not the body
        db.session.rollback()
        current_app.logger.warning("Health check: the database did not answer", exc_info=True)
        database_ok = False
    body = {"status": "ok" if database_ok else "unavailable", "database": database_ok}
    return jsonify(body), 200 if database_ok else 503
