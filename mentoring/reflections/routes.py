"""Routes of the reflections feature."""

from flask import Blueprint

bp = Blueprint("reflections", __name__)
