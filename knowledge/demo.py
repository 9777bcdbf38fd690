"""Demo knowledge products: products of two active theme groups, the handreiking of an
ended group, the presentations of a past network day, and one of the knowledge partner.
Each with a small generated PDF (or DOCX), stored through the service, so they are
searchable (the text is extracted as on upload). Idempotent: a product with the same
title is left alone. Runs after themegroups and networkdays (G40_APPS)."""

from __future__ import annotations

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q
from django.utils import timezone

from members.actors import SYSTEM

from . import services
from .constants import Audience, MakerKind, ProductKind
from .models import KnowledgeProduct


def pdf_bytes(text: str) -> bytes:
    """A one-page PDF with a line of text (Latin-1), written by hand."""
    safe = text.replace("\\", "").replace("(", "").replace(")", "")
    stream = f"BT /F1 12 Tf 72 720 Td ({safe}) Tj ET".encode("latin-1", "replace")
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


def _add(title: str, summary: str, text: str, **fields) -> None:
    if KnowledgeProduct.objects.filter(title=title).exists():
        return
    upload = SimpleUploadedFile(f"{title[:40]}.pdf", pdf_bytes(text))
    fields.setdefault("maker_name", "")
    product = services.product_create(
        by=SYSTEM, upload=upload, title=title, summary=summary, **fields
    )
    # The worker reads the text; in the demo, read it now (no broker needed).
    from .tasks import extract_version_text

    for file in product.files.all():
        for version in file.versions.all():
            extract_version_text(version.pk)


def load() -> list[tuple[str, str]]:
    group_model = KnowledgeProduct._meta.get_field("theme_group").related_model
    session_model = KnowledgeProduct._meta.get_field("session").related_model
    today = timezone.localdate()
    active = list(group_model.objects.filter(status="active").order_by("name")[:2])
    ended = group_model.objects.filter(status="ended").order_by("name").first()
    for index, group in enumerate(active):
        _add(
            f"Handreiking {group.name}",
            "Vijf stappen die een wethouder morgen kan zetten, met voorbeelden uit G40-steden.",
            f"Handreiking van de themagroep {group.name}: bestuurlijke aanbevelingen.",
            kind=ProductKind.HANDREIKING,
            audience=Audience.ADMINISTRATIVE,
            maker_kind=MakerKind.THEME_GROUP,
            theme_group=group,
            published_on=today - datetime.timedelta(days=40 + index * 30),
            is_public=True,
        )
        _add(
            f"Factsheet {group.name}",
            "De cijfers op een rij voor ambtenaren: trends, verschillen tussen steden, bronnen.",
            f"Factsheet {group.name}: cijfers en bronnen voor gemeenten.",
            kind=ProductKind.FACTSHEET,
            audience=Audience.CIVIL_SERVICE,
            maker_kind=MakerKind.THEME_GROUP,
            theme_group=group,
            published_on=today - datetime.timedelta(days=10 + index * 20),
            is_public=False,
        )
    if ended is not None:
        _add(
            f"Eindhandreiking {ended.name}",
            "Wat de themagroep opleverde voordat zij werd beëindigd: lessen en aanbevelingen.",
            "Eindhandreiking met de opbrengst van de beeindigde themagroep.",
            kind=ProductKind.HANDREIKING,
            audience=Audience.ADMINISTRATIVE,
            maker_kind=MakerKind.THEME_GROUP,
            theme_group=ended,
            published_on=ended.ended_on or today - datetime.timedelta(days=200),
            is_public=True,
        )
    past_sessions = (
        session_model.objects.filter(network_day__date__lt=today)
        .filter(Q(pillar__isnull=False) | Q(theme_group__isnull=False))
        .select_related("network_day")
        .order_by("-network_day__date", "starts_at")
    )
    past_day = past_sessions.first().network_day if past_sessions.exists() else None
    if past_day is not None:
        for session in past_sessions.filter(network_day=past_day):
            _add(
                f"Presentatie {session.title} ({past_day.title})",
                "De sheets van de sessie, zoals gepresenteerd op de netwerkdag.",
                f"Presentatie {session.title} op de netwerkdag {past_day.title}.",
                kind=ProductKind.PRESENTATION,
                audience=Audience.CIVIL_SERVICE,
                maker_kind=MakerKind.SESSION,
                session=session,
                published_on=past_day.date,
                is_public=False,
            )
    _add(
        "Kennisagenda G40 (Platform31)",
        "De kennisagenda van de kennispartner: praktisch, kort, en bestuurlijk te vertalen.",
        "Kennisagenda van Platform31 voor het G40 stedennetwerk.",
        kind=ProductKind.REPORT,
        audience=Audience.ADMINISTRATIVE,
        maker_kind=MakerKind.KNOWLEDGE_PARTNER,
        maker_name="Platform31",
        published_on=datetime.date(2022, 11, 1),
        is_public=True,
    )
    return []
