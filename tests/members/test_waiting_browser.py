"""The DB's dashboard at phone width with axe-core (issue 23, item 2): what waits for the
DB, each with its date, leads to the confirmation where the DB acts."""

import pytest

from letters.constants import LetterStatus

from ..admissions.factories import application
from ..browser import assert_accessible, log_in
from ..factories import PASSWORD
from ..letters.factories import make_letter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_dbs_dashboard_at_390_px(page, world):
    letter = make_letter(status=LetterStatus.DRAFT)
    application()
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "db-member", PASSWORD)
    page.goto("/")
    page.get_by_role("heading", name="Wacht op het DB").wait_for()
    assert_accessible(page)
    page.locator(f'a[href="/letters/{letter.pk}/approve/"]').click()
    page.wait_for_url(f"**/letters/{letter.pk}/approve/")
    assert_accessible(page)
