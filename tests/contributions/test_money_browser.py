"""Issue 23 in a browser at 390 px with axe: the budget page with the year's income
beside the plan, and next year's rate page telling that the index has no figure yet."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from contributions import services
from contributions.constants import cbs_cpi_figures_load
from contributions.models import PriceIndexFigure
from members.actors import SYSTEM

from ..browser import assert_accessible, log_in
from ..factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_budget_shows_income_beside_the_plan_at_390_px(page, world):
    cbs_cpi_figures_load(PriceIndexFigure)
    services.rate_set_base(
        year=2024,
        amount_per_inhabitant=Decimal("1.20"),
        decided_on=datetime.date(2023, 11, 15),
        decision_reference="DB 15-11-2023",
        by=SYSTEM,
    )
    services.budget_set(
        year=2024,
        knowledge_exchange=Decimal("250000"),
        advocacy=Decimal("150000"),
        reason="Begroting",
        decision_reference="DB 1-11-2023",
        decided_on=datetime.date(2023, 11, 1),
        by=SYSTEM,
    )
    services.statements_issue_for_members(year=2024, by=SYSTEM)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "db-member", PASSWORD)
    page.goto("/membership/budget/")
    page.get_by_role("heading", name="De begroting", level=1).wait_for()
    row = page.get_by_role("row", name="2024").first.inner_text()
    assert "240.000,00" in row and "ver uit elkaar" in row
    assert_accessible(page)


def test_next_years_rate_page_offers_the_choices_at_390_px(page, world):
    cbs_cpi_figures_load(PriceIndexFigure)
    next_year = timezone.localdate().year + 1
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "secretariat", PASSWORD)
    page.goto(f"/membership/contributions/{next_year}/rate/")
    page.get_by_role("heading", name="Er is nog geen cijfer", level=2).wait_for()
    page.get_by_role("link", name="het laatst bekende cijfer").first.click()
    page.get_by_role("heading", name="Er is nog geen cijfer", level=2).wait_for()
    assert page.locator("#id_index_year").input_value() == "2025"
    assert_accessible(page)
