"""The contributions app's models: what members pay (rates, price indices, statements) and the
budget's balance between knowledge exchange and advocacy.

The rules and where each holds:

- A rate is per inhabitant per year, set by a DB decision (date and reference), more
  than zero (constraint ``contribution_rate_positive``). An indexed rate keeps the index
  it used (source, year, percentage) and the previous rate: correcting a price-index
  figure later never changes a decided rate. The index lies within −5 … +25 %
  (``contribution_rate_index_bounded``), is negative only when the decision says so
  (``contribution_rate_negative_index_allowed``). The arithmetic (previous × (1 + index),
  rounded to whole cents, ROUND_HALF_UP) is ``services.indexed_amount``.
- A statement keeps what it was issued with (city name, CBS code, population and its
  date, rate, the days of membership, the amount): it never changes. The model refuses
  to save an existing row or delete one, and the database refuses an UPDATE (a trigger,
  migration 0002 of this app's contributions part). A correction is a credit statement
  that refers to the original (``contribution_statement_credit_refers``, one credit per
  original: ``contribution_statement_one_credit``).
- Numbers are gapless per year: ``StatementCounter`` holds the last number of a year and
  is locked (``select_for_update``) while a number is taken; (year, number) is unique.
- One budget per year with total = knowledge exchange + advocacy
  (``budget_year_total_is_sum``); a change is a ``BudgetChange`` with the decision that
  allowed a new total, if any (``services.budget_set``).
"""

from .budget import BudgetChange, BudgetYear
from .rates import (
    INDEX_MAXIMUM,
    INDEX_MINIMUM,
    YEAR_VALIDATORS,
    ContributionRate,
    PriceIndexFigure,
    PriceIndexSource,
)
from .statements import (
    ContributionStatement,
    MunicipalMerger,
    StatementCounter,
    StatementKind,
    first_of_previous_year,
)

__all__ = [
    "INDEX_MAXIMUM",
    "INDEX_MINIMUM",
    "YEAR_VALIDATORS",
    "BudgetChange",
    "BudgetYear",
    "ContributionRate",
    "ContributionStatement",
    "MunicipalMerger",
    "PriceIndexFigure",
    "PriceIndexSource",
    "StatementCounter",
    "StatementKind",
    "first_of_previous_year",
]

# The audit trail (audit app): every model a user changes.
AUDITED: list = [
    PriceIndexFigure,
    ContributionRate,
    ContributionStatement,
    MunicipalMerger,
    BudgetYear,
    BudgetChange,
]
