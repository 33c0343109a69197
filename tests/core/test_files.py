"""Uploaded files (core/files.py): the type read from the content, the size rule, plain
names, sizes for people."""

import pytest

from mentoring.core import files
from tests.files import DOCX, JPEG, MB, PDF, PNG, PPTX, XLSX, office_package, padded


@pytest.mark.parametrize(
    ("data", "found"),
    [
        (PDF, files.PDF),
        (PNG, files.PNG),
        (JPEG, files.JPEG),
        (DOCX, files.DOCX),
        (PPTX, files.PPTX),
        (XLSX, None),  # an Office package, but a spreadsheet
        (office_package("word/document.xml"), None),  # no content-types part: not Office
        (office_package("[Content_Types].xml"), None),
        (b"PK\x03\x04 a broken zip", None),
        (b"GIF89a\x01\x00", None),
        (b"<html><script>alert(1)</script>", None),
        (b"", None),
    ],
)
def test_the_type_is_read_from_the_content(data, found):
    assert files.sniff(data) == found


ACCEPTED = (files.PDF, files.DOCX, files.PPTX)


def test_an_accepted_file_up_to_the_limit_has_no_problem():
    assert files.file_problem(padded(PDF, 10 * MB), ACCEPTED, 10 * MB) is None
    assert files.file_problem(DOCX, ACCEPTED, 10 * MB) is None
    assert files.file_problem(PPTX, ACCEPTED, 10 * MB) is None


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "Choose a file."),
        (
            padded(PDF, 10 * MB + 1),
            "A file can be at most 10 MB (10,485,760 bytes); this one has 10,485,761 bytes.",
        ),
        (PNG, "Attach a PDF, DOCX or PPTX file; this file is none of them."),
        (XLSX, "Attach a PDF, DOCX or PPTX file; this file is none of them."),
    ],
)
def test_a_file_is_refused_with_its_reason(data, problem):
    assert files.file_problem(data, ACCEPTED, 10 * MB) == problem


@pytest.mark.parametrize(
    ("name", "extension", "kept"),
    [
        ("contract 2025.pdf", "pdf", "contract 2025.pdf"),
        ("C:\\Users\\noor\\scan.JPG", "jpg", "scan.jpg"),
        ("../../etc/passwd", "pdf", "passwd.pdf"),
        ('évaluation "final".png', "png", "valuation -final.png"),
        ("looks-like.pdf", "docx", "looks-like.docx"),  # the content decides the extension
        ("", "png", "file.png"),
    ],
)
def test_file_names_are_plain_with_the_contents_extension(name, extension, kept):
    assert files.safe_file_name(name, extension) == kept


@pytest.mark.parametrize(
    ("size", "words"),
    [
        (1, "1 byte"),
        (5, "5 bytes"),
        (12 * 1024, "12 KB"),
        (10 * MB, "10 MB"),
        (21 * MB // 2, "10.5 MB"),
    ],
)
def test_sizes_read_for_people(size, words):
    assert files.size_words(size) == words


@pytest.mark.parametrize(
    ("accepted", "words"),
    [((files.PDF,), "PDF"), ((files.PDF, files.DOCX, files.PPTX), "PDF, DOCX or PPTX")],
)
def test_accepted_types_in_words(accepted, words):
    assert files.type_words(accepted) == words
