"""Uploads are checked by content, bounded in size and stored under names no user
chooses; every refusal is a clear Dutch message and stores nothing."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from knowledge.models import FileVersion, KnowledgeProduct
from knowledge.uploads import LimitedUploadHandler

from .conftest import stored_files
from .factories import docx_bytes, pdf_bytes, pptx_bytes


def _form(content: bytes, name: str) -> dict:
    return {
        "title": "Factsheet wonen",
        "summary": "Kort en bondig.",
        "kind": "factsheet",
        "audience": "ambtelijk",
        "maker_kind": "knowledge_partner",
        "maker_name": "Platform31",
        "published_on": "2026-04-01",
        "label": "Factsheet",
        "upload": SimpleUploadedFile(name, content),
    }


def _post(world, content, name):
    client = world.client("secretariat")
    return client.post(reverse("knowledge:create"), _form(content, name), HTTP_ACCEPT_LANGUAGE="nl")


def _zip_bomb_docx() -> bytes:
    """A DOCX's parts plus one that unpacks to 500 MB of zeros (packed to ~500 kB)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(docx_bytes())) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            target.writestr(item, source.read(item))
        with target.open("word/media/bomb.bin", "w", force_zip64=True) as handle:
            block = b"\0" * (1024 * 1024)
            for _ in range(500):
                handle.write(block)
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (pdf_bytes(), "handreiking.pdf"),
        (docx_bytes(), "handreiking.docx"),
        (pptx_bytes(), "presentatie.pptx"),
    ],
)
def test_documents_are_accepted_by_their_content(world, knowledge_storage, content, name):
    response = _post(world, content, name)
    assert response.status_code == 302
    version = FileVersion.objects.get()
    # A name no user chose: random, with the extension of the content.
    stored = version.blob.name
    assert stored != name and len(stored.split(".")[0]) == 32
    assert stored.endswith("." + name.rsplit(".", 1)[1])
    assert len(stored_files(knowledge_storage)) == 1


@pytest.mark.parametrize(
    ("content", "name", "code_text"),
    [
        (b"MZ\x90\x00\x03" + b"\0" * 200, "rapport.pdf", "geen PDF"),
        (b"\x7fELF\x02\x01\x01" + b"\0" * 200, "rapport.docx", "geen PDF"),
        (b"<!doctype html><script>alert(1)</script>", "factsheet.html", "geen PDF"),
        (b"<html><body>hoi</body></html>", "factsheet.pdf", "geen PDF"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "grafiek.svg",
            "geen PDF",
        ),
        (b"PK\x03\x04 not really a zip", "stuk.docx", "geen PDF"),
    ],
    ids=["renamed-exe", "elf-as-docx", "html", "html-as-pdf", "svg", "broken-zip"],
)
def test_what_is_no_document_is_refused_and_nothing_stored(
    world, knowledge_storage, content, name, code_text
):
    response = _post(world, content, name)
    assert response.status_code == 400
    page = response.content.decode()
    assert code_text in page
    assert "De inhoud beslist, niet de naam." in page
    assert not KnowledgeProduct.objects.exists()
    assert not FileVersion.objects.exists()
    assert stored_files(knowledge_storage) == []


def test_a_zip_bomb_in_a_docx_is_refused_unopened(world, knowledge_storage):
    response = _post(world, _zip_bomb_docx(), "bom.docx")
    assert response.status_code == 400
    assert "pakt uit tot veel meer" in response.content.decode()
    assert not KnowledgeProduct.objects.exists()
    assert stored_files(knowledge_storage) == []


def test_a_path_in_the_file_name_never_reaches_the_storage(world, knowledge_storage):
    response = _post(world, pdf_bytes(), "../../../../etc/cron.d/evil.pdf")
    assert response.status_code == 302
    version = FileVersion.objects.get()
    assert "/" not in version.original_name and ".." not in version.original_name
    assert version.original_name == "evil.pdf"
    (stored,) = stored_files(knowledge_storage)
    assert stored.parent == knowledge_storage and stored.name == version.blob.name


def test_over_the_size_limit_is_refused_before_the_body_is_read(
    world, knowledge_storage, settings, monkeypatch
):
    settings.KNOWLEDGE_MAX_UPLOAD_BYTES = 1024
    read = []
    monkeypatch.setattr(
        LimitedUploadHandler,
        "receive_data_chunk",
        lambda self, data, start: read.append(len(data)),
    )
    response = _post(world, pdf_bytes() + b"\0" * 200_000, "groot.pdf")
    assert response.status_code == 400
    assert "groter dan" in response.content.decode()
    # Refused by its Content-Length: not one chunk of the body was read.
    assert read == []
    assert not KnowledgeProduct.objects.exists()
    assert stored_files(knowledge_storage) == []


def test_the_handler_stops_a_body_whose_length_lies(settings):
    from django.core.files.uploadhandler import StopUpload

    settings.KNOWLEDGE_MAX_UPLOAD_BYTES = 100
    handler = LimitedUploadHandler()
    handler.new_file("upload", "x.pdf", "application/pdf", None)
    handler.receive_data_chunk(b"%PDF-" + b"a" * 50, 0)
    with pytest.raises(StopUpload):
        handler.receive_data_chunk(b"a" * 80, 55)
    assert handler.too_large
