"""Mentor applications (public form), the vetting queue, and mentor profiles."""

from flask import Blueprint

from mentoring.mentors import models  # noqa: F401  (registers the tables)

bp = Blueprint("mentors", __name__)
