"""Small helpers that every feature's routes share."""

from flask import request
from flask_wtf import FlaskForm

from mentoring.core.errors import MentoringError


def page_number() -> int:
    """The ?page= of a paged list (1 when absent or not a number)."""
    return max(request.args.get("page", 1, type=int) or 1, 1)


def show_error(form: FlaskForm, error: MentoringError, fallback: str) -> None:
    """Put a domain error beside its field, or beside the fallback field."""
    field = getattr(form, error.field or "", None) or getattr(form, fallback)
    field.errors = [*field.errors, error.message]
