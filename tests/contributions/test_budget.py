"""The budget's balance (report, A): the size stays; more advocacy is paid for by the
same amount less knowledge exchange, unless a recorded DB decision changes the total."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from contributions import selectors, services
from contributions.models import BudgetChange, BudgetYear
from members.actors import SYSTEM

from .helpers import cpi_figures

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("cpi_figures")]
__all__ = ["cpi_figures"]  # the fixture, used through pytestmark

DECISION = {"decision_reference": "DB 1-11-2024, punt 2", "decided_on": datetime.date(2024, 11, 1)}


def _set(year, knowledge_exchange, advocacy, **kwargs):
    kwargs.setdefault("reason", "Begroting")
    kwargs.setdefault("by", SYSTEM)
    return services.budget_set(
        year=year,
        knowledge_exchange=Decimal(knowledge_exchange),
        advocacy=Decimal(advocacy),
        **kwargs,
    )


def test_the_first_budget_needs_a_db_decision():
    with pytest.raises(ValidationError) as excinfo:
        _set(2024, "250000", "150000")
    assert excinfo.value.code == "decision_required"
    budget = _set(2024, "250000", "150000", **DECISION)
    assert budget.total == Decimal("400000")
    change = BudgetChange.objects.get()
    assert change.decision_reference == DECISION["decision_reference"]


def test_more_advocacy_must_be_paid_for_by_less_knowledge_exchange():
    _set(2024, "250000", "150000", **DECISION)
    with pytest.raises(ValidationError) as excinfo:
        _set(2024, "250000", "170000")
    assert excinfo.value.code == "advocacy_not_offset"
    with pytest.raises(ValidationError) as excinfo:
        _set(2024, "240000", "170000")  # 10000 less is not 20000 less
    assert excinfo.value.code == "advocacy_not_offset"
    assert BudgetYear.objects.get(year=2024).advocacy == Decimal("150000")
    budget = _set(2024, "230000", "170000")
    assert (budget.knowledge_exchange, budget.advocacy, budget.total) == (
        Decimal("230000"),
        Decimal("170000"),
        Decimal("400000"),
    )
    assert BudgetChange.objects.filter(budget_year=budget).count() == 2


def test_a_db_decision_may_change_the_total():
    _set(2024, "250000", "150000", **DECISION)
    budget = _set(2024, "250000", "170000", **DECISION)
    assert budget.total == Decimal("420000")


def test_lowering_the_total_needs_a_decision_too():
    _set(2024, "250000", "150000", **DECISION)
    with pytest.raises(ValidationError) as excinfo:
        _set(2024, "200000", "150000")
    assert excinfo.value.code == "total_change_needs_decision"


def test_a_new_year_keeps_the_previous_years_size():
    _set(2024, "250000", "150000", **DECISION)
    with pytest.raises(ValidationError) as excinfo:
        _set(2025, "250000", "160000")
    assert excinfo.value.code == "advocacy_not_offset"
    _set(2025, "240000", "160000")
    rows = selectors.budget_years()
    assert [row["budget"].year for row in rows] == [2025, 2024]
    assert rows[0]["previous"].year == 2024
    assert rows[0]["advocacy_change"] == Decimal("10000")
    assert rows[0]["knowledge_exchange_change"] == Decimal("-10000")


def test_a_half_decision_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        _set(2024, "1", "1", decision_reference="DB", decided_on=None)
    assert excinfo.value.code == "decision_incomplete"


def test_the_database_keeps_the_total_the_sum_of_the_shares():
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetYear.objects.create(year=2024, knowledge_exchange=100, advocacy=100, total=250)


def test_only_the_secretariat_sets_the_budget(world):
    with pytest.raises(ValidationError) as excinfo:
        _set(2024, "1", "1", by=world.person("db_member").user, **DECISION)
    assert excinfo.value.code == "forbidden"
