"""The demo: rates for every year since 2019 indexed from a base rate marked as demo,
this year's statements for every member city, a budget for recent years; loading twice
is loading once."""

from decimal import Decimal

import pytest
from django.utils import timezone

from contributions import demo
from contributions.models import BudgetYear, ContributionRate, ContributionStatement
from members import demo as members_demo
from members.models import City

from .helpers import cpi_figures

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("cpi_figures")]
__all__ = ["cpi_figures"]


def test_the_demo_loads_rates_statements_and_budgets_once():
    members_demo.load()
    this_year = timezone.localdate().year
    assert demo.load() == []
    rates = list(ContributionRate.objects.order_by("year"))
    assert [rate.year for rate in rates] == list(range(2019, this_year + 1))
    assert all(rate.is_demo for rate in rates)
    assert rates[0].amount_per_inhabitant == Decimal("0.07") and not rates[0].is_indexed
    # 2020 is 2019's rate indexed with the CPI of 2019 (2.6 %): 0.07 × 1.026 = 0.0718;
    # 2023's the 10 % of 2022: 0.07 × 1.10 = 0.077 → 0.08 (whole cents, half up).
    assert rates[1].amount_per_inhabitant == Decimal("0.07")
    assert rates[4].amount_per_inhabitant == Decimal("0.08")
    assert all(rate.is_indexed for rate in rates[1:])
    members = City.objects.members().count()
    assert ContributionStatement.objects.filter(year=this_year).count() == members
    assert BudgetYear.objects.filter(year__gte=this_year - 2).count() == 3
    demo.load()
    assert ContributionStatement.objects.count() == members
    assert ContributionRate.objects.count() == len(rates)


def test_the_demo_income_is_near_its_budget():
    """Issue 23: the demo's statements total about the planned € 400,000, not twenty
    times it."""
    from contributions.selectors import budget_years

    members_demo.load()
    demo.load()
    row = next(r for r in budget_years() if r["budget"].year == timezone.localdate().year)
    assert row["income"] is not None
    assert not row["far_apart"], (row["income"], row["budget"].total)
