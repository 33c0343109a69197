"""Small helpers that every feature's routes share."""

from flask import request
from flask_wtf import FlaskForm

from mentoring.core.errors import MentoringError
from mentoring.core.paging import clamp_page


def page_number(name: str = "page") -> int:
    """The ?page= (or ?<name>=) of a paged list: 1 when absent or not a number, never past
    the last page a list may have."""
    return clamp_page(request.args.get(name, 1, type=int) or 1)


def show_error(form: FlaskForm, error: MentoringError, fallback: str) -> None:
    """Put a domain error beside its field, or beside the fallback field."""
    field = getattr(form, error.field or "", None) or getattr(form, fallback)
    field.errors = [*field.errors, error.message]
