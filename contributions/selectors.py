"""Reads of contributions that pages share: a year's statements, a city's statements
(also under the CBS codes it had before a merger), the budget's years.

Each runs a fixed number of queries whatever the number of rows."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db.models import Q, Sum

from .models import (
    BudgetYear,
    ContributionRate,
    ContributionStatement,
    MunicipalMerger,
)


def year_statements(year: int, where: Q | None = None):
    """The year's statements and credits, by number, with what each credits and whether
    it was credited (one query)."""
    statements = (
        ContributionStatement.objects.filter(year=year)
        .select_related("corrects", "credit", "city")
        .order_by("number")
    )
    return statements.filter(where) if where is not None else statements


def year_total(year: int) -> Decimal:
    """What the year's statements come to, credits subtracted."""
    total = ContributionStatement.objects.filter(year=year).aggregate(total=Sum("amount"))["total"]
    return total or Decimal("0.00")


def rate_of(year: int) -> ContributionRate | None:
    """The rate in force for ``year`` (a corrected rate is kept, not in force)."""
    return ContributionRate.objects.filter(year=year, is_current=True).first()


def rates():
    """Every rate decision, the corrected ones too, newest year first."""
    return ContributionRate.objects.select_related("corrects").order_by("-year", "-decided_at")


def codes_with_predecessors(cbs_code: str) -> list[str]:
    """``cbs_code`` and every code that merged into it, over the whole chain (A merged
    into B, B into C: C's history holds A's and B's). One query: the mergers are few,
    and the chain is followed in memory (a cycle, which a mistake could make, ends)."""
    merged_into: dict[str, list[str]] = {}
    for predecessor, successor in MunicipalMerger.objects.values_list(
        "predecessor_cbs_code", "successor__cbs_code"
    ):
        merged_into.setdefault(successor, []).append(predecessor)
    codes, waiting = [cbs_code], [cbs_code]
    while waiting:
        for predecessor in merged_into.get(waiting.pop(), []):
            if predecessor not in codes:
                codes.append(predecessor)
                waiting.append(predecessor)
    return codes


def city_codes(city) -> list[str]:
    """The CBS codes under which a city's history lies: its own and its predecessors',
    over the whole chain of mergers (a merger gives a new code; the old statements keep
    theirs)."""
    return codes_with_predecessors(city.cbs_code)


def city_statements(city):
    """A city's statements and credits, newest first: those issued to it and those
    issued under a predecessor's code, over the whole chain (two queries)."""
    codes = city_codes(city)
    return (
        ContributionStatement.objects.filter(
            Q(city=city) | Q(cbs_code__in=codes) | Q(city__cbs_code__in=codes)
        )
        .select_related("corrects", "credit")
        .order_by("-year", "-number")
    )


def statements_for_code(cbs_code: str):
    """Every statement filed under ``cbs_code``: issued with that code, or to a city
    that now has it, or under a code that merged into it — over the whole chain."""
    codes = codes_with_predecessors(cbs_code)
    return ContributionStatement.objects.filter(
        Q(cbs_code__in=codes) | Q(city__cbs_code__in=codes)
    ).order_by("year", "number")


def budget_years() -> list[dict]:
    """Each year's budget next to the previous year's and to the year's contribution
    income (the statements' total, credits subtracted), newest first (two queries).

    The report's line (A: "houd de huidige verhouding tussen kennisuitwisseling en
    belangenbehartiging in tact") is the split of the first budget recorded; a year
    whose advocacy share lies more than ``BUDGET_RATIO_TOLERANCE_POINTS`` from it
    ``drifts``. Income more than ``BUDGET_INCOME_GAP_PERCENT`` away from the planned
    total is ``far_apart``."""
    years = list(BudgetYear.objects.order_by("year"))
    income = dict(
        ContributionStatement.objects.filter(year__in=[b.year for b in years])
        .order_by()
        .values_list("year")
        .annotate(total=Sum("amount"))
    )
    line = years[0] if years else None
    tolerance = Decimal(settings.BUDGET_RATIO_TOLERANCE_POINTS)
    gap = Decimal(settings.BUDGET_INCOME_GAP_PERCENT) / 100
    rows = []
    for position, budget in enumerate(years):
        previous = years[position - 1] if position else None
        year_income = income.get(budget.year)
        difference = year_income - budget.total if year_income is not None else None
        drift = budget.advocacy_share - line.advocacy_share
        rows.append(
            {
                "income": year_income,
                "difference": difference,
                "far_apart": difference is not None and abs(difference) > budget.total * gap,
                "income_times_plan": (
                    (year_income / budget.total).quantize(Decimal("0.1"))
                    if year_income is not None
                    else None
                ),
                "line": line,
                "drift": drift,
                "drifts": abs(drift) > tolerance,
                "budget": budget,
                "previous": previous,
                "advocacy_change": budget.advocacy - previous.advocacy if previous else None,
                "knowledge_exchange_change": (
                    budget.knowledge_exchange - previous.knowledge_exchange if previous else None
                ),
                "total_change": budget.total - previous.total if previous else None,
            }
        )
    return list(reversed(rows))


def billed_from(city, day) -> bool:
    """Whether a statement has been issued for the city for a period that reaches
    ``day`` or later (an admission from ``day`` can then no longer be taken back)."""
    return ContributionStatement.objects.filter(city=city, period_end__gte=day).exists()
