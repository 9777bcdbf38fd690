"""Checking an upload by its content, never by its name, and bounding its size.

- The size: the request's ``Content-Length`` is checked before the body is read
  (``check_content_length``), and ``LimitedUploadHandler`` counts the bytes as they
  arrive (a body without a length, or one that lies) and stops at the limit; nothing
  larger than ``KNOWLEDGE_MAX_UPLOAD_BYTES`` is ever kept.
- The kind: the first bytes decide (``%PDF-``; a ZIP whose parts are those of a DOCX,
  PPTX, XLSX or ODT). HTML, SVG, executables and everything else are refused.
- ZIP-based files are checked before anyone unpacks them: at most
  ``ZIP_MAX_MEMBERS`` parts, ``ZIP_MAX_UNPACKED_BYTES`` unpacked in all and a ratio of
  ``ZIP_MAX_RATIO`` per part (a zip bomb declares sizes far beyond those or packs far
  tighter); extraction reads through ``zipfile``, which never unpacks a part beyond the
  size it declares.
- The name: only its last part is ever used (Django strips any path), and only for
  display and the download's suggested name; the stored name is random (models).
"""

from __future__ import annotations

import hashlib
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import StopUpload, TemporaryFileUploadHandler
from django.utils.translation import gettext as _

from .constants import FileKind

ZIP_MAX_MEMBERS = 5000
ZIP_MAX_UNPACKED_BYTES = 200 * 1024 * 1024
ZIP_MAX_RATIO = 200

OOXML_MARKERS = {
    "word/document.xml": FileKind.DOCX,
    "ppt/presentation.xml": FileKind.PPTX,
    "xl/workbook.xml": FileKind.XLSX,
}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def max_upload_bytes() -> int:
    return settings.KNOWLEDGE_MAX_UPLOAD_BYTES


def too_large_error() -> ValidationError:
    return ValidationError(
        _("The file is larger than %(max)s MB, the most a product's file may be.")
        % {"max": max_upload_bytes() // (1024 * 1024) or 1},
        code="file_too_large",
    )


def check_content_length(request) -> None:
    """Refuse a body that says it is too large, before reading any of it. The form's
    other fields take a little room: a margin of 64 kB."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > max_upload_bytes() + 64 * 1024:
        raise too_large_error()


class LimitedUploadHandler(TemporaryFileUploadHandler):
    """Spools an upload to a temporary file and stops when it grows past the limit
    (the part is then dropped, and ``too_large`` set for the view to tell)."""

    def __init__(self, request=None):
        super().__init__(request)
        self.received = 0
        self.too_large = False

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > max_upload_bytes():
            self.too_large = True
            self.file.close()
            raise StopUpload(connection_reset=False)
        return super().receive_data_chunk(raw_data, start)


def _zip_kind(upload) -> FileKind:
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _unknown_kind() from None
    with archive:
        members = archive.infolist()
        if len(members) > ZIP_MAX_MEMBERS:
            raise _zip_bomb()
        unpacked = 0
        for member in members:
            unpacked += member.file_size
            if unpacked > ZIP_MAX_UNPACKED_BYTES:
                raise _zip_bomb()
            if member.file_size > 1024 * 1024 and member.file_size > ZIP_MAX_RATIO * max(
                member.compress_size, 1
            ):
                raise _zip_bomb()
        names = {member.filename for member in members}
        if "[Content_Types].xml" in names:
            for marker, kind in OOXML_MARKERS.items():
                if marker in names:
                    return kind
        if members and members[0].filename == "mimetype":
            with archive.open(members[0]) as handle:
                if handle.read(len(ODT_MIMETYPE) + 1).strip() == ODT_MIMETYPE:
                    return FileKind.ODT
    raise _unknown_kind()


def _unknown_kind() -> ValidationError:
    return ValidationError(
        _(
            "This file is not a PDF, Word (DOCX), PowerPoint (PPTX), Excel (XLSX) or "
            "OpenDocument (ODT) document. The content decides, not the name."
        ),
        code="file_kind_refused",
    )


def _zip_bomb() -> ValidationError:
    return ValidationError(
        _("This document unpacks to far more than it holds and is refused."),
        code="file_unpacks_too_large",
    )


def detect_kind(upload) -> FileKind:
    """The kind of file by its content; a ``ValidationError`` for anything else."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return FileKind.PDF
        if head.startswith(b"PK\x03\x04"):
            return _zip_kind(upload)
        raise _unknown_kind()
    finally:
        upload.seek(0)


def clean_display_name(name: str, kind: FileKind) -> str:
    """The name shown and suggested on download: the last part of what was sent, without
    control characters, with the extension of its content."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '"<>|:*?').strip(" .")
    stem = base.rsplit(".", 1)[0] if "." in base else base
    return f"{(stem or 'document')[:150]}.{kind}"


def check_upload(upload) -> tuple[FileKind, str, int]:
    """Check an uploaded file; return its kind, its display name and its sha256."""
    if upload is None:
        raise ValidationError(_("Choose a file."), code="file_required")
    if upload.size > max_upload_bytes():
        raise too_large_error()
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="file_empty")
    kind = detect_kind(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return kind, clean_display_name(upload.name or "", kind), digest.hexdigest()
