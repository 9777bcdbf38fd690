"""In a real browser at phone width (390 px), with axe-core: the upload (the summary's
counter counts as one types), the list, a search, a product, the public list."""

import pytest

from knowledge.models import KnowledgeProduct

from ..browser import assert_accessible, log_in
from ..factories import PASSWORD
from .factories import make_product, pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_upload_list_search_and_product(page, world, tmp_path):
    make_product(title="Factsheet bereikbaarheid", summary="Over vervoer.", is_public=True)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "secretariat", PASSWORD)

    page.goto("/knowledge/add/")
    page.get_by_role("heading", name="Kennisproduct toevoegen").wait_for()
    assert_accessible(page)
    page.get_by_label("Titel").fill("Handreiking armoede")
    page.get_by_label("Samenvatting").fill("Kort en krachtig.")
    assert page.locator("#summary-count").inner_text() == "17 van 600 tekens gebruikt"
    page.get_by_label("Soort").select_option("handreiking")
    page.get_by_label("Doelgroep").select_option("bestuurlijk")
    page.get_by_label("Gemaakt door").select_option("knowledge_partner")
    page.get_by_label("Naam van de maker").fill("Platform31")
    page.get_by_label("Datum").fill("2026-03-01")
    document = tmp_path / "handreiking.pdf"
    document.write_bytes(pdf_bytes("Schuldhulp"))
    page.locator("input[type=file]").set_input_files(str(document))
    page.get_by_role("button", name="Opslaan").click()
    product = KnowledgeProduct.objects.get(title="Handreiking armoede")
    page.wait_for_url(f"**/knowledge/{product.pk}/")
    page.get_by_role("heading", name="Handreiking armoede").wait_for()
    assert_accessible(page)

    page.goto("/knowledge/")
    page.get_by_role("heading", name="Kennisproducten").wait_for()
    assert_accessible(page)
    page.get_by_label("Zoeken", exact=True).fill("bereikbaarheid")
    page.get_by_role("button", name="Zoeken").click()
    page.wait_for_url("**/knowledge/?*")
    assert "Factsheet bereikbaarheid" in page.content()
    assert "Handreiking armoede" not in page.content()
    assert_accessible(page)

    page.goto("/kennisproducten/")
    assert "Factsheet bereikbaarheid" in page.content()
    assert_accessible(page)


def test_a_refused_upload_says_why_accessibly(page, world, tmp_path):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "secretariat", PASSWORD)
    product = make_product(upload_content=pdf_bytes())
    page.goto(f"/knowledge/{product.pk}/files/add/")
    fake = tmp_path / "rapport.pdf"
    fake.write_bytes(b"<svg xmlns='http://www.w3.org/2000/svg'></svg>")
    page.locator("input[type=file]").set_input_files(str(fake))
    page.get_by_role("button", name="Uploaden").click()
    page.get_by_text("De inhoud beslist, niet de naam.").wait_for()
    assert_accessible(page)
