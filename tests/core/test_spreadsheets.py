"""The CSV formula guard: what a spreadsheet would still read as a formula is neutralised."""

import pytest

from mentoring.core.spreadsheets import spreadsheet_safe


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (' =HYPERLINK("http://x.example")', '\' =HYPERLINK("http://x.example")'),
        ("\n=1+1", "'\n=1+1"),
        ("\u200b=1+1", "'\u200b=1+1"),  # zero-width space
        ("\ufeff@SUM(A1)", "'\ufeff@SUM(A1)"),  # byte-order mark
        ("\u00a0\u3000+1", "'\u00a0\u3000+1"),  # no-break and ideographic spaces
        ("＝1+1", "'＝1+1"),  # full-width equals sign
        ("＋1", "'＋1"),
        ("－1", "'－1"),
        ("＠SUM(A1)", "'＠SUM(A1)"),
        (" Noor", " Noor"),
        ("Noor = 1", "Noor = 1"),
        ("   ", "   "),
    ],
)
def test_a_formula_hidden_behind_spaces_or_in_full_width_is_neutralised(value, written):
    assert spreadsheet_safe(value) == written
