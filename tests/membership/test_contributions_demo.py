"""The demo: rates for every year since 2019 indexed from a base rate marked as demo,
this year's statements for every member city, a budget for recent years; loading twice
is loading once."""

from decimal import Decimal

import pytest
from django.utils import timezone

from members import demo as members_demo
from members.models import City
from membership import demo_contributions as demo
from membership.models_contributions import BudgetYear, ContributionRate, ContributionStatement

from .contributions_helpers import cpi_figures

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("cpi_figures")]
__all__ = ["cpi_figures"]


def test_the_demo_loads_rates_statements_and_budgets_once():
    members_demo.load()
    this_year = timezone.localdate().year
    assert demo.load() == []
    rates = list(ContributionRate.objects.order_by("year"))
    assert [rate.year for rate in rates] == list(range(2019, this_year + 1))
    assert all(rate.is_demo for rate in rates)
    assert rates[0].amount_per_inhabitant == Decimal("1.20") and not rates[0].is_indexed
    # 2020 is 2019's rate indexed with the CPI of 2019 (2.6 %): 1.20 × 1.026 = 1.2312.
    assert rates[1].amount_per_inhabitant == Decimal("1.23")
    assert all(rate.is_indexed for rate in rates[1:])
    members = City.objects.members().count()
    assert ContributionStatement.objects.filter(year=this_year).count() == members
    assert BudgetYear.objects.filter(year__gte=this_year - 2).count() == 3
    demo.load()
    assert ContributionStatement.objects.count() == members
    assert ContributionRate.objects.count() == len(rates)
