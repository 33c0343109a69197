"""Mentor applications (public form), the vetting queue, and mentor profiles.

applications.py: the public application and the specialists' decisions on it; profiles.py: the
vetted mentors, their profiles, renewal and retirement.
"""

from flask import Blueprint

bp = Blueprint("mentors", __name__)


from mentoring.mentors.routes import applications, profiles  # noqa: E402, F401  (the views)
