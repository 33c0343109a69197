"""The rules every typed text shares, whatever form, file or command it comes from."""

import unicodedata

# Messages shown beside the field (or the roster's cell, or by the command line).
LINE_BREAK = "Write this on one line: remove the line break."
CONTROL_CHARACTER = "Remove the control character (such as ESC or NUL) from this text."
FORMAT_CHARACTER = (
    "Remove the invisible formatting character (such as a right-to-left override or a "
    "zero-width space) from this text."
)

# Line breaks a single line must not hold: in a name they would inject lines into an email's
# text (or headers); U+2028/U+2029 are Unicode's own line and paragraph separators, U+0085 NEL.
_LINE_BREAKS = frozenset("\r\n\x85\u2028\u2029")
# What a multi-line text may hold besides printable characters: line breaks (browsers send
# \r\n) and tabs.
_MULTILINE_ALLOWED = frozenset("\r\n\t")


def characters_problem(text: str | None, *, multiline: bool = False) -> str | None:
    """Why a typed text cannot be stored, or None.

    Refused everywhere: control characters (category Cc: NUL, which PostgreSQL cannot store,
    ESC, which drives terminals reading the logs, and the rest) and format characters
    (category Cf: bidi overrides and isolates, U+202A-202E and U+2066-2069, which made
    "Kwame \\u202eiesO\\u202c Osei" print "Kwame Osei Osei" on a certificate; zero-width
    characters U+200B-200D and U+FEFF, which make two names that look alike differ). A single
    line also refuses line breaks and tabs; a multi-line text keeps them.
    """
    for character in text or "":
        if character in _LINE_BREAKS:
            if not multiline:
                return LINE_BREAK
            if character not in _MULTILINE_ALLOWED:
                return CONTROL_CHARACTER
            continue
        if multiline and character in _MULTILINE_ALLOWED:
            continue
        category = unicodedata.category(character)
        if category == "Cc":
            return CONTROL_CHARACTER
        if category == "Cf":
            return FORMAT_CHARACTER
    return None


def text_problem(
    text: str, what: str, limit: int, *, multiline: bool = False, missing: str | None = None
) -> str | None:
    """Why a cleaned typed text cannot be stored, or None: empty when it is required (`missing`
    is then the message), longer than `limit`, or holding a character refused above. `what`
    names the field with its article for the one message of a text too long: "the title" →
    "Keep the title to 200 characters or fewer (it has 201)."."""
    if not text:
        return missing
    if len(text) > limit:
        return f"Keep {what} to {limit:,} characters or fewer (it has {len(text):,})."
    return characters_problem(text, multiline=multiline)


def line_problem(text: str, what: str, limit: int, missing: str | None = None) -> str | None:
    """text_problem() of a single line (a name, a title, a place)."""
    return text_problem(text, what, limit, missing=missing)


def paragraphs_problem(text: str, what: str, limit: int, missing: str | None = None) -> str | None:
    """text_problem() of a multi-line text (notes, a reflection, a reason)."""
    return text_problem(text, what, limit, multiline=True, missing=missing)


def clean_text(text: str | None) -> str:
    """Trim the ends and turn every line break into \\n, as browsers send \\r\\n."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
