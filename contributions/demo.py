"""Demo content: contributions (fictional figures, marked as demo data).

- A base rate for 2019 of € 0.07 per inhabitant (fictional, ``is_demo``), then every
  year up to this one indexed with the CBS CPI figure of the year before (a year
  without a shipped figure indexes with the last one there is: still demo data).
- This year's statements for every member city.
- A budget for the last three years: the same total, advocacy growing at the expense
  of knowledge exchange (the report's rule), the first set by a (fictional) decision.

Idempotent: what exists is left alone. Runs through the services (``by=SYSTEM``: the
system), so the demo obeys the same rules as everyone."""

import datetime
from decimal import Decimal

from django.utils import timezone

from members.actors import SYSTEM

from . import services
from .constants import cbs_cpi_figures_load
from .models import (
    BudgetYear,
    ContributionRate,
    ContributionStatement,
    PriceIndexFigure,
    PriceIndexSource,
)

BASE_YEAR = 2019
# Cents per inhabitant: the demo's ~5.1 million inhabitants of member cities then bring
# in about the € 400,000 budget (at € 1.20 it was twenty times that, more than a network
# without an office of its own can ask; issue 23). A rate in whole cents indexes in
# steps: 0.07 until the 10 % of 2022 makes it 0.08 from 2023.
BASE_RATE = Decimal("0.07")
BUDGET = [  # (years before this one, knowledge exchange, advocacy)
    (2, Decimal("260000.00"), Decimal("140000.00")),
    (1, Decimal("250000.00"), Decimal("150000.00")),
    (0, Decimal("240000.00"), Decimal("160000.00")),
]


def _rates(this_year: int) -> None:
    cbs_cpi_figures_load(PriceIndexFigure)  # in place after migrating; not after a flush
    if not ContributionRate.objects.filter(year=BASE_YEAR).exists():
        services.rate_set_base(
            year=BASE_YEAR,
            amount_per_inhabitant=BASE_RATE,
            decided_on=datetime.date(BASE_YEAR - 1, 11, 15),
            decision_reference="DB-besluit (demo)",
            is_demo=True,
            by=SYSTEM,
        )
    figures = dict(
        PriceIndexFigure.objects.filter(source=PriceIndexSource.CBS_CPI).values_list(
            "year", "percentage"
        )
    )
    for year in range(BASE_YEAR + 1, this_year + 1):
        if ContributionRate.objects.filter(year=year).exists():
            continue
        index_year = max((y for y in figures if y <= year - 1), default=None)
        if index_year is None:
            return
        services.rate_index(
            year=year,
            index_source=PriceIndexSource.CBS_CPI,
            index_year=index_year,
            decided_on=datetime.date(year - 1, 11, 15),
            decision_reference=f"DB-besluit indexatie {year} (demo)",
            is_demo=True,
            by=SYSTEM,
        )


def _statements(this_year: int) -> None:
    if ContributionStatement.objects.filter(year=this_year).exists():
        return
    services.statements_issue_for_members(year=this_year, by=SYSTEM)


def _budget(this_year: int) -> None:
    for years_back, knowledge_exchange, advocacy in BUDGET:
        year = this_year - years_back
        if BudgetYear.objects.filter(year=year).exists():
            continue
        first = not BudgetYear.objects.filter(year__lt=year).exists()
        services.budget_set(
            year=year,
            knowledge_exchange=knowledge_exchange,
            advocacy=advocacy,
            reason="Demo: meer lobby, betaald uit kennisuitwisseling.",
            decision_reference="DB-besluit begroting (demo)" if first else "",
            decided_on=datetime.date(year - 1, 11, 15) if first else None,
            is_demo=True,
            by=SYSTEM,
        )


def load() -> list[tuple[str, str]]:
    this_year = timezone.localdate().year
    _rates(this_year)
    _statements(this_year)
    _budget(this_year)
    return []
