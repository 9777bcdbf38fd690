"""Issue 11, 13 in a real browser at phone width, with axe-core: the secretariat
publishes a draft whose registration opening has passed, confirming it first."""

import pytest

from networkdays.constants import NetworkDayStatus
from networkdays.models import NetworkDay

from ..browser import assert_accessible, log_in
from ..factories import PASSWORD
from .factories import NetworkDayFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_secretariat_publishes_a_draft_after_confirming_it_opens_at_once(page, world):
    page.set_viewport_size({"width": 390, "height": 844})
    day = NetworkDayFactory(
        title="Netwerkdag Almere", host_city=world.city_b, status=NetworkDayStatus.DRAFT
    )
    log_in(page, "secretariat", PASSWORD)
    page.goto(f"/network-days/{day.pk}/")
    page.get_by_role("button", name="Publiceren").click()

    page.wait_for_url(f"**/network-days/{day.pk}/publish/")
    page.get_by_role("heading", name="Netwerkdag Almere publiceren").wait_for()
    assert_accessible(page)
    page.get_by_label("Aanmelding meteen openen").check()
    page.get_by_role("button", name="Publiceren").click()

    page.wait_for_url(f"**/network-days/{day.pk}/")
    assert "De netwerkdag is gepubliceerd." in page.get_by_role("status").first.inner_text()
    assert NetworkDay.objects.get(pk=day.pk).status == NetworkDayStatus.PUBLISHED
    assert_accessible(page)
