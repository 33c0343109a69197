"""Uploaded files, the one way: the type read from the content (never the name or the
browser's word), a size limit, a plain file name, the bytes kept in the database (so every
app server reads them), and a download that is an attachment, never cached or sniffed."""

import io
import re
import zipfile
from datetime import datetime
from typing import NamedTuple

from flask import Flask, Response, current_app
from sqlalchemy import LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from mentoring.core.models import UTCDateTime


class FileType(NamedTuple):
    content_type: str
    extension: str
    label: str


PDF = FileType("application/pdf", "pdf", "PDF")
PNG = FileType("image/png", "png", "PNG")
JPEG = FileType("image/jpeg", "jpg", "JPEG")
DOCX = FileType(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", "DOCX"
)
PPTX = FileType(
    "application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx", "PPTX"
)
_LABELS = {kind.content_type: kind.label for kind in (PDF, PNG, JPEG, DOCX, PPTX)}

# The first bytes of each type that is not a ZIP package.
_SIGNATURES = ((b"%PDF-", PDF), (b"\x89PNG\r\n\x1a\n", PNG), (b"\xff\xd8\xff", JPEG))
# Office documents are ZIP packages: the part that only a Word or PowerPoint file has decides.
_OFFICE_PARTS = (("word/document.xml", DOCX), ("ppt/presentation.xml", PPTX))
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._ -]+")


def _office_type(data: bytes) -> FileType | None:
    try:
        # Only the ZIP's directory is read, never a member's contents: no decompression.
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, ValueError, EOFError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    return next((kind for part, kind in _OFFICE_PARTS if part in names), None)


def sniff(data: bytes) -> FileType | None:
    """The type of a PDF, PNG, JPEG, DOCX or PPTX file by its content; None for anything else."""
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            return kind
    if data.startswith(b"PK\x03\x04"):
        return _office_type(data)
    return None


def size_words(size: int) -> str:
    """A size for people: 10.5 MB, 12 KB, 5 bytes."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):,.1f}".removesuffix(".0") + " MB"
    if size >= 1024:
        return f"{size / 1024:,.1f}".removesuffix(".0") + " KB"
    return f"{size} byte{'' if size == 1 else 's'}"


def type_words(accepted: tuple[FileType, ...]) -> str:
    """The accepted types for a field's label and its message: "PDF, DOCX or PPTX"."""
    labels = [kind.label for kind in accepted]
    return labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} or {labels[-1]}"


def file_problem(data: bytes, accepted: tuple[FileType, ...], max_bytes: int) -> str | None:
    """Why a file cannot be kept: empty, larger than max_bytes, or not of an accepted type."""
    if not data:
        return "Choose a file."
    if len(data) > max_bytes:
        return (
            f"A file can be at most {size_words(max_bytes)} ({max_bytes:,} bytes); "
            f"this one has {len(data):,} bytes."
        )
    if sniff(data) not in accepted:
        return f"Attach a {type_words(accepted)} file; this file is none of them."
    return None


def safe_file_name(name: str | None, extension: str, fallback: str = "file") -> str:
    """The file's own name, reduced to plain characters, with the extension of its content."""
    stem = (name or "").replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    stem = _UNSAFE_NAME.sub("-", stem).strip(" .-")[:100] or fallback
    return f"{stem}.{extension}"


class StoredFileMixin:
    """The columns of a file kept in the database; its type is the one its content shows."""

    file_name: Mapped[str] = mapped_column(String(120), nullable=False)
    content_type: Mapped[str] = mapped_column(String(80), nullable=False)
    size_bytes: Mapped[int] = mapped_column(nullable=False)
    # Deferred: a page lists files without reading their bytes.
    data: Mapped[bytes] = mapped_column(LargeBinary, nullable=False, deferred=True)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)

    @property
    def type_label(self) -> str:
        """The file's type for people: PDF, DOCX…"""
        return _LABELS.get(self.content_type, self.content_type)

    def stored_fields(
        self, name: str | None, data: bytes, now: datetime, fallback: str = "file"
    ) -> None:
        """Fill in the columns from an upload whose type file_problem accepted."""
        kind = sniff(data)
        self.file_name = safe_file_name(name, kind.extension, fallback)
        self.content_type = kind.content_type
        self.size_bytes = len(data)
        self.data = data
        self.uploaded_at = now


def attachment(stored: StoredFileMixin) -> Response:
    """A stored file as a download: never shown inline, never cached, never sniffed."""
    return current_app.response_class(
        stored.data,
        mimetype=stored.content_type,
        headers={
            "Content-Disposition": f'attachment; filename="{stored.file_name}"',
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


def init_app(app: Flask) -> None:
    app.jinja_env.filters["filesize"] = size_words
