"""Text extraction by the worker after the upload, and the search over titles,
summaries and the files' text (PostgreSQL: Dutch full-text search; SQLite: every word
as a substring)."""

import pytest
from django.urls import reverse

from knowledge import extract
from knowledge.constants import FileKind
from knowledge.models import FileVersion, KnowledgeProduct
from knowledge.selectors import products_for_list, search

from ..conftest import requires_postgres
from .factories import docx_bytes, make_product, pdf_bytes, pptx_bytes


@pytest.mark.parametrize(
    ("content", "word"),
    [
        (pdf_bytes("Schuldhulpverlening werkt"), "Schuldhulpverlening"),
        (docx_bytes("Kansengelijkheid in het onderwijs"), "Kansengelijkheid"),
        (pptx_bytes("Woningbouwversnelling"), "Woningbouwversnelling"),
    ],
    ids=["pdf", "docx", "pptx"],
)
def test_the_worker_reads_the_text_of_an_upload_into_the_search(
    world, django_capture_on_commit_callbacks, content, word
):
    with django_capture_on_commit_callbacks(execute=True):
        product = make_product(title="Iets anders", summary="Kort.", upload_content=content)
    version = FileVersion.objects.get(file__product=product)
    assert word in version.text and version.extracted_at is not None
    assert word in KnowledgeProduct.objects.get(pk=product.pk).search_text
    assert list(search(products_for_list(), word)) == [product]


def test_extraction_is_bounded(monkeypatch):
    import io

    monkeypatch.setattr(extract, "MAX_CHARS", 10)
    text = extract.extract_text(io.BytesIO(docx_bytes("a" * 50)), FileKind.DOCX)
    assert len(text) == 10


def test_an_unreadable_file_gives_no_text_and_no_error():
    import io

    assert extract.extract_text(io.BytesIO(b"%PDF-1.4 broken"), FileKind.PDF) == ""


def test_the_search_page_finds_by_title_summary_and_file(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_product(title="Armoede in de wijk", summary="Over armoede.")
        make_product(
            title="Bereikbaarheid", summary="Over vervoer.", upload_content=pdf_bytes("Fietsroutes")
        )
    client = world.client("official_a")
    page = client.get(reverse("knowledge:list"), {"q": "fietsroutes"}).content.decode()
    assert "Bereikbaarheid" in page and "Armoede in de wijk" not in page
    page = client.get(reverse("knowledge:list"), {"q": "armoede"}).content.decode()
    assert "Armoede in de wijk" in page and "Bereikbaarheid" not in page


@requires_postgres
def test_dutch_stemming_finds_the_singular_from_the_plural(world):
    product = make_product(title="Een handreiking voor wethouders", summary="Kort.")
    make_product(title="Factsheet wonen", summary="Over woningen.")
    assert list(search(products_for_list(), "handreikingen")) == [product]


@requires_postgres
def test_the_search_uses_the_gin_index_expression(world):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'knowledge_search_dutch'")
        (definition,) = cursor.fetchone()
    assert "gin" in definition and "search_vector" in definition


def test_the_search_reads_its_page_and_the_number_found_in_one_query(world):
    """Issue 24: the paginator's count was a second pass over every match (on
    PostgreSQL every match's text vector read again)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for n in range(3):
        make_product(title=f"Armoede {n}", summary="Over armoede.")
    client = world.client("official_a")
    client.get(reverse("knowledge:list"), {"q": "armoede"})
    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("knowledge:list"), {"q": "armoede"}).content.decode()
    assert "3 producten gevonden" in page or "3 products found" in page
    reading = [q["sql"] for q in captured if "knowledge_knowledgeproduct" in q["sql"]]
    # The years of the filter, and the page with its count.
    assert len(reading) == 2, reading
    page = client.get(reverse("knowledge:list"), {"q": "armoede", "page": "2"}).content.decode()
    assert "3 producten gevonden" in page or "3 products found" in page
