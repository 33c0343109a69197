"""The role-aware home page and the health check."""

from flask import Blueprint, current_app, jsonify, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import text

from mentoring.cohorts import queries as cohort_queries
from mentoring.core.policy import public
from mentoring.extensions import db
from mentoring.users.models import Role

bp = Blueprint("home", __name__)


@bp.get("/")
@public
def index():
    """Show the signed-in user's home page; send everyone else to sign in."""
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    context = {}
    if current_user.role == Role.MENTOR:
        context["groups"] = cohort_queries.mentor_groups(current_user.id)
    elif current_user.role == Role.MENTEE:
        context["placement"] = cohort_queries.mentee_placement(current_user.id)
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
