"""Browser journeys with axe-core: the secretariat issues this year's statements from
the contributions page and the DB reads the budget; a city contact opens the city page's
contributions. Each page at 390 px too."""

import datetime
from decimal import Decimal

import pytest

from contributions import services
from contributions.constants import cbs_cpi_figures_load
from contributions.models import ContributionStatement, PriceIndexFigure
from members.actors import SYSTEM

from ..browser import assert_accessible, log_in
from ..factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YEAR = 2024


@pytest.fixture
def contributions(world):
    cbs_cpi_figures_load(PriceIndexFigure)
    services.rate_set_base(
        year=YEAR - 1,
        amount_per_inhabitant=Decimal("1.20"),
        decided_on=datetime.date(2022, 11, 15),
        decision_reference="DB 15-11-2022",
        by=SYSTEM,
    )
    services.rate_index(
        year=YEAR,
        index_source="cbs_cpi",
        decided_on=datetime.date(2023, 11, 15),
        decision_reference="DB 15-11-2023",
        by=SYSTEM,
    )
    for year, knowledge_exchange, advocacy, decision in (
        (YEAR - 1, "250000", "150000", True),
        (YEAR, "240000", "160000", False),
    ):
        services.budget_set(
            year=year,
            knowledge_exchange=Decimal(knowledge_exchange),
            advocacy=Decimal(advocacy),
            reason="Begroting",
            decision_reference="DB 1-11-2022" if decision else "",
            decided_on=datetime.date(2022, 11, 1) if decision else None,
            by=SYSTEM,
        )


def test_the_secretariat_issues_the_years_statements(page, world, contributions):
    log_in(page, "secretariat", PASSWORD)
    page.goto(f"/membership/contributions/{YEAR}/")
    page.get_by_role("heading", name=f"Contributies {YEAR}", level=1).wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Reik de nota's uit aan elke lidstad").click()
    # Issue 23, item 1: the confirmation names the cities and the amounts first.
    page.wait_for_url(f"**/membership/contributions/{YEAR}/issue/")
    assert "2 nota's worden uitgereikt" in page.locator("#issue-count").inner_text()
    assert not ContributionStatement.objects.filter(year=YEAR).exists()
    page.set_viewport_size({"width": 390, "height": 844})
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_role("button", name="Ja, de nota's uitreiken").click()
    page.get_by_text("Er zijn 2 nota's uitgereikt.").wait_for()
    table = page.get_by_role("table", name=f"Nota's {YEAR}")
    assert table.get_by_role("link", name=f"PDF {YEAR}-001").is_visible()
    assert ContributionStatement.objects.filter(year=YEAR).count() == 2
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 844})
    assert_accessible(page)


def test_the_db_reads_the_budget_next_to_the_previous_year(page, world, contributions):
    log_in(page, "db-member", PASSWORD)
    page.goto("/membership/budget/")
    page.get_by_role("heading", name="De begroting", level=1).wait_for()
    row = page.get_by_role("row", name=str(YEAR))
    assert "2023: 62,5 % kennisuitwisseling" in row.first.inner_text()
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 844})
    assert_accessible(page)


def test_a_city_contact_sees_the_citys_contributions(page, world, contributions):
    services.statements_issue_for_members(year=YEAR, by=SYSTEM)
    log_in(page, "contact-a", PASSWORD)
    page.goto(world.city_a.get_absolute_url())
    page.get_by_role("heading", name="Contributie", level=2).wait_for()
    assert page.get_by_role("link", name=f"PDF {YEAR}-002").is_visible()  # Zwolle after Almere
    assert page.get_by_role("link", name=f"PDF {YEAR}-001").count() == 0
    assert_accessible(page)


def test_a_rate_typed_as_1_61_in_dutch_chromium_is_saved_as_1_61(page, world):
    """Issue 22, item 11: Chromium with nl-NL; a text input with inputmode=decimal."""
    from contributions.models import ContributionRate

    cbs_cpi_figures_load(PriceIndexFigure)
    services.rate_set_base(
        year=2027,
        amount_per_inhabitant=Decimal("1.58"),
        decided_on=datetime.date(2026, 11, 15),
        decision_reference="DB 15-11-2026",
        by=SYSTEM,
    )
    log_in(page, "secretariat", PASSWORD)
    page.goto("/membership/contributions/2028/rate/")
    page.locator("#id_kind_1").check()
    amount = page.locator("#id_amount_per_inhabitant")
    assert amount.get_attribute("type") == "text"
    assert amount.get_attribute("inputmode") == "decimal"
    amount.fill("161")  # the typo: asks to confirm, saves nothing
    page.locator("#id_decided_on").fill("2026-11-16")
    page.locator("#id_decision_reference").fill("DB 16-11-2026, punt 4")
    page.locator("#id_decision_reference").press("Enter")  # submits the rate's form
    page.get_by_text("wijkt ver af van het tarief van vorig jaar").wait_for()
    assert not ContributionRate.objects.filter(year=2028).exists()
    assert_accessible(page)
    page.locator("#id_kind_1").check()
    page.locator("#id_amount_per_inhabitant").fill("1,61")
    page.locator("#id_amount_per_inhabitant").press("Enter")
    page.get_by_role("heading", name="Contributies 2028", level=1).wait_for()
    assert ContributionRate.objects.get(year=2028).amount_per_inhabitant == Decimal("1.61")
