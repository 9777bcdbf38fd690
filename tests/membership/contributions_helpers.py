"""Helpers of the contributions tests: a rate, statements, a budget."""

import datetime
from decimal import Decimal

from membership import services_contributions as services

DECIDED = datetime.date(2023, 11, 15)


def base_rate(year: int = 2024, amount: str = "1.20"):
    return services.rate_set_base(
        year=year,
        amount_per_inhabitant=Decimal(amount),
        decided_on=DECIDED,
        decision_reference="DB 15-11-2023, punt 4",
        by=None,
    )


def issue(city, year: int = 2024, **kwargs):
    return services.statement_issue(city=city, year=year, by=None, **kwargs)
