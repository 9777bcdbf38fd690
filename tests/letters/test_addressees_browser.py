"""Issue 23, item 6, in a browser at 390 px with axe: the letters page lists the member
cities the letter does not reach and the secretariat asks their city contacts."""

import pytest

from ..browser import assert_accessible, log_in
from ..factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_secretariat_asks_the_cities_without_a_clerk_at_390_px(page, world):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "secretariat", PASSWORD)
    page.goto("/letters/")
    page.get_by_role("heading", name="Lidsteden die de ledenbrief niet bereikt").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Vraag hun contactpersonen deze te noemen").click()
    page.get_by_text("per e-mail gevraagd").wait_for()
    assert_accessible(page)
