"""Knowledge products and real documents to upload (PDF, DOCX, PPTX), made in memory."""

from __future__ import annotations

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile

from knowledge import services
from knowledge.constants import Audience, MakerKind, ProductKind
from members.actors import SYSTEM


def pdf_bytes(text: str = "Handreiking armoede") -> bytes:
    """A one-page PDF with ``text`` in it (hand-written: pypdf reads it)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


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
