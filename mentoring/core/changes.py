"""The change-runner: the one place a request's change is committed or rolled back.

A route loads, checks, and calls an operation inside ``change()``::

    if form.validate_on_submit():
        with change(form, "name") as outcome:
            cohort = operations.create_cohort(...)
        if outcome.saved:
            flash(f"Cohort {cohort.name} created.", "success")
            return redirect(url_for("cohorts.show_cohort", cohort_id=cohort.id))
    return render_template(...), 400 if form.errors else 200

Leaving the block commits when nothing went wrong (``outcome.saved``). A ``MentoringError``
rolls everything back and puts its message beside its field of the form (or the fallback
field), or flashes it when there is no form or no field (``outcome.error``). An ``AlreadyDone``
rolls back and flashes its message as information (``outcome.finished`` but not ``saved``).
With ``quiet=True`` neither is shown: the route answers with ``outcome.error`` itself (a JSON
answer, an error page). Any other exception rolls back and goes on to the error page. Routes
never call ``db.session.commit()`` or ``rollback()`` themselves (``tests/test_changes.py`` fails
if one does), so a missed rollback cannot happen.

Like Indico's request handlers, which commit once after the handler returns and roll back on
any exception, but scoped to the block, so a route can still render the form after an error.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask import flash
from flask_wtf import FlaskForm

from mentoring.core.errors import AlreadyDone, MentoringError
from mentoring.extensions import db


@dataclass
class Outcome:
    """What became of one change: committed, already so, or refused with an error."""

    saved: bool = False
    already: str | None = None
    error: MentoringError | None = None

    @property
    def finished(self) -> bool:
        """Nothing is left to do: saved now, or already so (the route redirects either way)."""
        return self.saved or self.already is not None


def show_error(form: FlaskForm, error: MentoringError, fallback: str) -> None:
    """Put a domain error beside its field, or beside the fallback field."""
    field = getattr(form, error.field or "", None) or getattr(form, fallback)
    field.errors = [*field.errors, error.message]


def _show(error: MentoringError, form: FlaskForm | None, fallback: str | None) -> None:
    """Beside its field (or the fallback field) when there is one, else as a flash."""
    if form is not None and (fallback or getattr(form, error.field or "", None)):
        show_error(form, error, fallback or "")
    else:
        flash(error.message, "danger")


@contextmanager
def change(
    form: FlaskForm | None = None, fallback: str | None = None, *, quiet: bool = False
) -> Iterator[Outcome]:
    """Run the block as one all-or-nothing change (see the module's docstring)."""
    outcome = Outcome()
    try:
        yield outcome
    except AlreadyDone as done:
        db.session.rollback()
        outcome.already = done.message
        if not quiet:
            flash(done.message, "info")
    except MentoringError as error:
        db.session.rollback()
        outcome.error = error
        if not quiet:
            _show(error, form, fallback)
    except BaseException:
        db.session.rollback()
        raise
    else:
        db.session.commit()
        outcome.saved = True
