"""A sent letter as PDF (WeasyPrint), from the copy as sent. A sent letter never
changes, so its PDFs (one per language of the site) are rendered once, by a task queued
when it is sent (``letter_pdfs_store``), and kept (``LetterPdf``); the archive serves
the stored file and never renders in a request (issue 22, item 3)."""

from __future__ import annotations

import time

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation

from .constants import LetterStatus
from .models import Letter, LetterPdf


def render_letter_pdf(letter: Letter, language: str) -> bytes:
    from weasyprint import HTML

    with translation.override(language):
        html = render_to_string("letters/letter_pdf.html", {"letter": letter})
        return HTML(string=html).write_pdf()


def letter_pdfs_store(*, letter: Letter) -> int:
    """Render and keep the PDFs a sent letter is missing (the system's act; a second run
    renders nothing). Returns how many it made."""
    letter = Letter.objects.filter(pk=letter.pk, status=LetterStatus.SENT).first()
    if letter is None:
        return 0
    have = set(letter.pdfs.values_list("language", flat=True))
    made = 0
    for language, _name in settings.LANGUAGES:
        if language in have:
            continue
        started = time.monotonic()
        content = render_letter_pdf(letter, language)
        try:
            with transaction.atomic():
                LetterPdf.objects.create(
                    letter=letter,
                    language=language,
                    content=content,
                    render_seconds=round(time.monotonic() - started, 3),
                )
        except IntegrityError:
            continue  # another run stored it meanwhile
        made += 1
    return made


def stored_letter_pdf(letter: Letter, language: str) -> bytes | None:
    content = (
        LetterPdf.objects.filter(letter=letter, language=language)
        .values_list("content", flat=True)
        .first()
    )
    return bytes(content) if content is not None else None
