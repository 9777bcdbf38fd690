"""The budget's split per year (see the package's docstring)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from infra.locking import locked_transaction
from infra.numbers import money
from members.actors import acting_user

from ..models import (
    BudgetChange,
    BudgetYear,
)
from .rates import _check_not_future, _field_error, _require_manager


# --- the budget -----------------------------------------------------------------------
def budget_set(
    *,
    by,
    year: int,
    knowledge_exchange: Decimal,
    advocacy: Decimal,
    reason: str,
    decision_reference: str = "",
    decided_on: datetime.date | None = None,
    is_demo: bool = False,
) -> BudgetYear:
    """Set or change a year's budget. The report's rule (A): the budget's size stays —
    compared with the year's budget so far, or for a new year with the previous year's
    — so more advocacy is paid for by the same amount less knowledge exchange. Only a
    recorded DB decision (date and reference) may change the total; the first budget
    ever is such a decision too."""
    with locked_transaction():
        _require_manager(by)
        if knowledge_exchange < 0 or advocacy < 0 or knowledge_exchange + advocacy <= 0:
            raise ValidationError(
                _("Budget amounts cannot be negative, and the total must be more than zero."),
                code="amount_negative",
            )
        if not reason.strip():
            raise _field_error("reason", _("Give a reason."), "reason_required")
        decision_reference = decision_reference.strip()
        _check_not_future(decided_on)
        has_decision = bool(decision_reference) and decided_on is not None
        if bool(decision_reference) != (decided_on is not None):
            raise ValidationError(
                _("A DB decision needs both its date and reference."),
                code="decision_incomplete",
            )
        budget = BudgetYear.objects.select_for_update().filter(year=year).first()
        compared = budget or BudgetYear.objects.filter(year__lt=year).order_by("-year").first()
        total = knowledge_exchange + advocacy
        if compared is None and not has_decision:
            raise ValidationError(
                _("The first budget is set by a DB decision: give its date and reference."),
                code="decision_required",
            )
        if compared is not None and total != compared.total and not has_decision:
            if advocacy > compared.advocacy:
                raise ValidationError(
                    _(
                        "Advocacy rises by %(more)s: knowledge exchange must fall by the "
                        "same amount, unless a DB decision changes the total."
                    )
                    % {"more": money(advocacy - compared.advocacy)},
                    code="advocacy_not_offset",
                )
            raise ValidationError(
                _("The total changes from %(before)s to %(after)s: that needs a DB decision.")
                % {"before": money(compared.total), "after": money(total)},
                code="total_change_needs_decision",
            )
        before = (budget.knowledge_exchange, budget.advocacy) if budget else (None, None)
        if budget is None:
            budget = BudgetYear(year=year, is_demo=is_demo)
        budget.knowledge_exchange = knowledge_exchange
        budget.advocacy = advocacy
        budget.total = total
        budget.full_clean()
        budget.save()
        BudgetChange.objects.create(
            budget_year=budget,
            knowledge_exchange_before=before[0],
            advocacy_before=before[1],
            knowledge_exchange_after=knowledge_exchange,
            advocacy_after=advocacy,
            decision_reference=decision_reference if has_decision else "",
            decided_on=decided_on if has_decision else None,
            reason=reason.strip(),
            changed_by=acting_user(by),
        )
        return budget
