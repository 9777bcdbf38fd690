"""The text inside a file, for the search: PDF (pypdf), DOCX (python-docx), PPTX
(python-pptx). Bounded: at most ``MAX_PAGES`` pages or slides and ``MAX_CHARS``
characters are kept; a file that cannot be read gives no text (and is still kept).
ZIP-based files were checked for bombs on upload (uploads.py), and ``zipfile`` never
unpacks a part beyond the size it declares."""

from __future__ import annotations

import logging

from .constants import FileKind

MAX_PAGES = 300
MAX_CHARS = 500_000

logger = logging.getLogger(__name__)


def _bounded(parts) -> str:
    collected: list[str] = []
    total = 0
    for part in parts:
        if not part:
            continue
        collected.append(part)
        total += len(part)
        if total >= MAX_CHARS:
            break
    return "\n".join(collected)[:MAX_CHARS]


def _pdf(handle) -> str:
    from pypdf import PdfReader

    reader = PdfReader(handle)
    return _bounded(
        page.extract_text() or "" for index, page in enumerate(reader.pages) if index < MAX_PAGES
    )


def _docx(handle) -> str:
    import docx

    document = docx.Document(handle)
    return _bounded(paragraph.text for paragraph in document.paragraphs)


def _pptx(handle) -> str:
    from pptx import Presentation

    presentation = Presentation(handle)

    def texts():
        for index, slide in enumerate(presentation.slides):
            if index >= MAX_PAGES:
                return
            for shape in slide.shapes:
                if shape.has_text_frame:
                    yield shape.text_frame.text

    return _bounded(texts())


EXTRACTORS = {FileKind.PDF: _pdf, FileKind.DOCX: _docx, FileKind.PPTX: _pptx}


def extract_text(handle, kind: str) -> str:
    extractor = EXTRACTORS.get(kind)
    if extractor is None:
        return ""
    try:
        return extractor(handle).replace("\x00", "")
    except Exception:  # a damaged file gives no text; the file itself is kept
        logger.warning("Could not extract text from a %s file", kind, exc_info=True)
        return ""
