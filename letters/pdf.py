"""A sent letter as PDF (WeasyPrint), from the copy as sent. The letter never changes,
so the PDF is kept in the cache once made."""

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation

from .models import Letter


def letter_pdf(letter: Letter) -> bytes:
    key = f"letters:pdf:{letter.pk}:{letter.sent_at.timestamp()}:{translation.get_language()}"
    content = cache.get(key)
    if content is None:
        from weasyprint import HTML

        html = render_to_string("letters/letter_pdf.html", {"letter": letter})
        content = HTML(string=html).write_pdf()
        cache.set(key, content, 60 * 60 * 24)
    return content
