"""Spreadsheet files the app writes: CSV (UTF-8 with a byte-order mark, so Excel reads it as
UTF-8) and .xlsx (openpyxl). Every text cell in both goes through spreadsheet_safe(): a
spreadsheet would run a cell that starts with =, +, -, @, a tab or a carriage return as a
formula (CSV injection), even behind leading spaces, line breaks or zero-width characters,
or in full width (＝＋－＠)."""

import csv
import io
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime

from flask import Response
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A spreadsheet skips leading spaces, line breaks and invisible characters before it looks for
# a formula, and reads the full-width (and small) forms of = + - @ as the ASCII signs.
_FORMULA_SIGNS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63\ufe6b")


def _skipped(character: str) -> bool:
    return character.isspace() or unicodedata.category(character) in ("Cc", "Cf")


BOM = "\ufeff"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def spreadsheet_safe(value) -> str:
    """The cell as text, with a leading apostrophe where a spreadsheet would see a formula."""
    text = "" if value is None else str(value)
    first = next((character for character in text if not _skipped(character)), "")
    if text.startswith(_FORMULA_STARTS) or first in _FORMULA_SIGNS:
        return "'" + text
    return text


def csv_text(header: list[str], rows: Iterable[Iterable]) -> str:
    """A whole CSV file (byte-order mark, RFC 4180 line ends), every cell made safe."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([spreadsheet_safe(_csv_value(value)) for value in row])
    return out.getvalue()


def _csv_value(value):
    """Numbers as people write them (24, 24.5), dates as ISO."""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, date):
        return value.isoformat()
    return value


def xlsx_bytes(header: list[str], rows: Iterable[Iterable], sheet: str = "Sheet1") -> bytes:
    """A whole .xlsx workbook of one sheet: numbers and dates typed, text made safe."""
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet)
    worksheet.append(header)
    for row in rows:
        worksheet.append([_xlsx_cell(worksheet, value) for value in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _xlsx_cell(worksheet, value):
    if isinstance(value, bool):
        return spreadsheet_safe(value)
    if isinstance(value, int | float):
        return value
    if isinstance(value, date) and not isinstance(value, datetime):
        cell = WriteOnlyCell(worksheet, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    # Text, even text openpyxl would take for a formula, is stored as text.
    cell = WriteOnlyCell(worksheet, value=spreadsheet_safe(value))
    cell.data_type = "s"
    return cell


def spreadsheet_download(
    name: str, file_format: str, header: list[str], rows: Iterable[Iterable]
) -> Response:
    """A CSV or .xlsx download named <name>.<format>, kept out of caches."""
    if file_format == "xlsx":
        body, mimetype = xlsx_bytes(header, rows), XLSX_MIMETYPE
    else:
        body, mimetype = csv_text(header, rows), "text/csv"
    return Response(
        body,
        mimetype=mimetype,
        headers={
            "Content-Disposition": f'attachment; filename="{name}.{file_format}"',
            "Cache-Control": "no-store",
        },
    )
