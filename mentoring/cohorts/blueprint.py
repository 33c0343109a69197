"""The cohorts blueprint, shared by the route modules of cohorts/ (routes.py registers them)
and by the cohort page, which dashboards/routes.py serves under its old name
``cohorts.show_cohort``."""

from flask import Blueprint

bp = Blueprint("cohorts", __name__)
