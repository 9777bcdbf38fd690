"""Knowledge products and real documents to upload (PDF, DOCX, PPTX), made in memory."""

from __future__ import annotations

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile

from knowledge import demo, services
from knowledge.constants import Audience, MakerKind, ProductKind
from members.actors import SYSTEM


def pdf_bytes(text: str = "Handreiking armoede") -> bytes:
    """A one-page PDF with ``text`` in it: the demo's own (pypdf reads it)."""
    return demo.pdf_bytes(text)


def docx_bytes(text: str = "Een handreiking over schuldhulp") -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pptx_bytes(text: str = "Presentatie wonen") -> bytes:
    from pptx import Presentation

    presentation = Presentation()
    slide = presentation.slides.add_slide(presentation.slide_layouts[1])
    slide.shapes.title.text = text
    out = io.BytesIO()
    presentation.save(out)
    return out.getvalue()


def upload(content: bytes, name: str = "handreiking.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def make_product(*, by=SYSTEM, upload_content: bytes | None = None, **fields):
    values = {
        "title": "Handreiking armoedebeleid",
        "summary": "Wat een wethouder morgen kan doen tegen armoede.",
        "kind": ProductKind.HANDREIKING,
        "audience": Audience.ADMINISTRATIVE,
        "maker_kind": MakerKind.KNOWLEDGE_PARTNER,
        "maker_name": "Platform31",
        "published_on": datetime.date(2026, 3, 1),
        "is_public": False,
    }
    values.update(fields)
    if values["maker_kind"] != MakerKind.KNOWLEDGE_PARTNER and "maker_name" not in fields:
        values["maker_name"] = ""
    return services.product_create(
        by=by,
        upload=upload(upload_content) if upload_content is not None else None,
        **values,
    )
