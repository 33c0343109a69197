"""The app's one voice: plurals, and what a field's problem tells the person to do.

WTForms' shared validators speak in their own words ("This field is required.", "Field cannot be
longer than 2000 characters."). Every field's messages pass through `field_messages` when shown,
so those words become one instruction in the app's voice, naming the field; a form's own message
("Choose a region.") is kept as written.
"""

import re
from collections.abc import Callable

from flask import Flask
from wtforms import Field

# What the person does to answer a field of this kind.
_SELECTS = {"SelectField", "RadioField", "SelectMultipleField", "CheckboxesField", "BooleanField"}


def plural(count: float, singular: str, plural_form: str | None = None) -> str:
    """A count with its noun: "1 meeting", "3 meetings", "0 meetings", "1.5 hours" (or the
    irregular plural)."""
    word = singular if count == 1 else (plural_form or f"{singular}s")
    number = f"{count:,}" if isinstance(count, int) else f"{count:,g}"
    return f"{number} {word}"


def _name(field: Field) -> str:
    """The field's label as it reads inside a sentence: "your years of experience"."""
    text = field.label.text.strip().rstrip(":")
    # A label that is a name ("MSCA membership number") keeps its capitals; "Full name" does not.
    return text if text[:2].isupper() else text[:1].lower() + text[1:]


def _required(field: Field, _match: re.Match) -> str:
    verb = "Choose" if field.type in _SELECTS else "Enter"
    return f"{verb} {_name(field)}."


def _label(field: Field) -> str:
    """The field as the subject of a sentence; a question's answer is "Your answer"."""
    name = _name(field)
    return "Your answer" if name.endswith("?") else name[:1].upper() + name[1:]


# WTForms' default message (as a pattern) → the app's message for this field.
_VOICE: list[tuple[re.Pattern, Callable[[Field, re.Match], str]]] = [
    (re.compile(r"This field is required\."), _required),
    (
        re.compile(r"Field cannot be longer than (\d+) characters?\."),
        lambda f, m: f"{_label(f)} must be {int(m[1]):,} characters or fewer.",
    ),
    (
        re.compile(r"Field must be at least (\d+) characters? long\."),
        lambda f, m: f"{_label(f)} must be at least {int(m[1]):,} characters.",
    ),
    (
        re.compile(r"Invalid email address\."),
        lambda f, m: "Enter an email address in the correct format, like name@example.org.",
    ),
    (
        re.compile(r"Not a valid integer value\."),
        lambda f, m: "Enter a whole number, in figures.",
    ),
    (
        re.compile(r"Not a valid (?:decimal|float) value\."),
        lambda f, m: "Enter a number, in figures.",
    ),
    (
        re.compile(r"Not a valid date value\."),
        lambda f, m: "Enter a real date.",
    ),
    (
        re.compile(r"Number must be between (\S+) and (\S+)\."),
        lambda f, m: f"{_label(f)} must be between {m[1]} and {m[2]}.",
    ),
    (
        re.compile(r"Number must be at least (\S+)\."),
        lambda f, m: f"{_label(f)} must be {m[1]} or more.",
    ),
    (
        re.compile(r"Number must be at most (\S+)\."),
        lambda f, m: f"{_label(f)} must be {m[1]} or less.",
    ),
    (
        re.compile(
            r"Not a valid choice\.|'.*' is not a valid choice for this field\.|Invalid Choice.*"
        ),
        lambda f, m: "Choose one of the options given.",
    ),
]


def voice(field: Field, message: str) -> str:
    """The app's wording of one of the field's messages."""
    for pattern, say in _VOICE:
        if match := pattern.fullmatch(message):
            return say(field, match)
    return message


def field_messages(field: Field) -> list[str]:
    """The field's first problem in the app's voice: one instruction at a time (a field
    that is not a number is not also "out of range")."""
    return [voice(field, message) for message in field.errors[:1]]


def init_app(app: Flask) -> None:
    app.add_template_filter(plural)
    app.add_template_filter(field_messages)
