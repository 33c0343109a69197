"""Cohorts, PLC groups, enrollment, assignment, matching and roster import."""

from flask import Blueprint

from mentoring.cohorts import models  # noqa: F401  (registers the tables)

bp = Blueprint("cohorts", __name__)
