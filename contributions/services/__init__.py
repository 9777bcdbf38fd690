"""Writes for contributions: rates (the DB's decisions), price-index corrections,
statements and credit statements, the budget.

Every service takes the acting user as keyword-only ``by`` (``members.actors.SYSTEM``:
the system, e.g. the demo loader), runs in ``infra.locking.locked_transaction()``, asks
``members.permissions`` (``may_manage_contributions``) again and refuses with a
``ValidationError`` carrying a ``code``. Nothing is half-written: a refusal rolls the
whole call back.

The arithmetic, stated once:

- **Indexation**: next rate = previous rate × (1 + index / 100), rounded to whole cents
  with ROUND_HALF_UP (``indexed_amount``). The index and its source are chosen per
  decision and kept with the rate.
- **Pro rata**: amount = population × rate × days of membership in the year / days in
  the year (365 or 366), both ends of the membership period counted, rounded to whole
  cents with ROUND_HALF_UP (``statement_amount``).
"""

from .budget import (
    budget_set,
)
from .rates import (
    CENT,
    RATE_CONFIRM_DEVIATION,
    days_in_year,
    expected_rate,
    index_choices,
    indexed_amount,
    price_index_figure_add,
    price_index_figure_correct,
    rate_index,
    rate_set_base,
    statement_amount,
)
from .statements import (
    membership_period,
    rate_correct,
    statement_credit,
    statement_edit,
    statement_issue,
    statements_issue_for_members,
    statements_preview,
)

__all__ = [
    "CENT",
    "RATE_CONFIRM_DEVIATION",
    "budget_set",
    "days_in_year",
    "expected_rate",
    "index_choices",
    "indexed_amount",
    "membership_period",
    "price_index_figure_add",
    "price_index_figure_correct",
    "rate_correct",
    "rate_index",
    "rate_set_base",
    "statement_amount",
    "statement_credit",
    "statement_edit",
    "statement_issue",
    "statements_issue_for_members",
    "statements_preview",
]
