"""Routes of the progress feature."""

from flask import Blueprint

bp = Blueprint("progress", __name__)
