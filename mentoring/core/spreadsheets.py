"""CSV files the app writes. Every cell goes through spreadsheet_safe(): a spreadsheet would run
a cell that starts with =, +, -, @, a tab or a carriage return as a formula (CSV injection),
even behind leading spaces, line breaks or zero-width characters, or in full width (＝＋－＠)."""

import csv
import io
import unicodedata
from collections.abc import Iterable

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A spreadsheet skips leading spaces, line breaks and invisible characters before it looks for
# a formula, and reads the full-width (and small) forms of = + - @ as the ASCII signs.
_FORMULA_SIGNS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63\ufe6b")


def _skipped(character: str) -> bool:
    return character.isspace() or unicodedata.category(character) in ("Cc", "Cf")


def spreadsheet_safe(value) -> str:
    """The cell as text, with a leading apostrophe where a spreadsheet would see a formula."""
    text = "" if value is None else str(value)
    first = next((character for character in text if not _skipped(character)), "")
    if text.startswith(_FORMULA_STARTS) or first in _FORMULA_SIGNS:
        return "'" + text
    return text


def csv_text(header: list[str], rows: Iterable[Iterable]) -> str:
    """A whole CSV file (RFC 4180 line ends), every cell made safe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([spreadsheet_safe(value) for value in row])
    return out.getvalue()
