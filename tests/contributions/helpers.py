"""Helpers of the contributions tests: a rate, statements, a budget."""

import datetime
from decimal import Decimal

import pytest

from contributions import services
from contributions.constants import cbs_cpi_figures_load
from contributions.models import PriceIndexFigure
from members.actors import SYSTEM

DECIDED = datetime.date(2023, 11, 15)


def base_rate(year: int = 2024, amount: str = "1.20"):
    return services.rate_set_base(
        year=year,
        amount_per_inhabitant=Decimal(amount),
        decided_on=DECIDED,
        decision_reference="DB 15-11-2023, punt 4",
        by=SYSTEM,
    )


def issue(city, year: int = 2024, **kwargs):
    return services.statement_issue(city=city, year=year, by=SYSTEM, **kwargs)


@pytest.fixture
def cpi_figures(db):
    """The CPI figures of data migration 0002: present after migrating, but a test that
    ran in a transaction (a browser test) empties every table when it ends."""
    cbs_cpi_figures_load(PriceIndexFigure)
