"""Certificates: issuing, download, the register, revocation, and public verification."""

from flask import Blueprint

from mentoring.certificates.models import Certificate  # noqa: F401 (the migrations see the model)

bp = Blueprint("certificates", __name__)
