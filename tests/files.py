"""Files for upload tests, built here byte by byte: a PDF's header, and Office documents as
the ZIP packages Word and PowerPoint write (their content-types part and main part)."""

import io
import zipfile

from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

MB = 1024 * 1024
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF"


def office_package(*parts: str) -> bytes:
    """A ZIP package holding the given parts (each a small XML document)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for part in parts:
            package.writestr(part, "<?xml version='1.0'?><part/>")
    return buffer.getvalue()


DOCX = office_package("[Content_Types].xml", "_rels/.rels", "word/document.xml")
PPTX = office_package("[Content_Types].xml", "_rels/.rels", "ppt/presentation.xml")
XLSX = office_package("[Content_Types].xml", "_rels/.rels", "xl/workbook.xml")


def padded(data: bytes, size: int) -> bytes:
    """A PDF header followed by filler up to size bytes."""
    return data + b"0" * (size - len(data))


def post_multipart(client, url: str, fields: dict, files: dict[str, tuple[str, bytes]]):
    """POST a multipart form encoded in memory (the test client would spool a large file to a
    temporary file that it never closes)."""
    values = MultiDict(fields)
    for name, (file_name, data) in files.items():
        values.add(name, FileStorage(io.BytesIO(data), filename=file_name))
    boundary, body = encode_multipart(values)
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")
