"""The budget page shows the year's contribution income beside the planned total, the
difference, and the advocacy share against the report's line (issue 23, item 8)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from contributions import services
from contributions.selectors import budget_years
from members.actors import SYSTEM

from .helpers import base_rate, cpi_figures, issue

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("cpi_figures")]
__all__ = ["cpi_figures"]


def _budget(year, knowledge_exchange, advocacy, decision=True):
    services.budget_set(
        year=year,
        knowledge_exchange=Decimal(knowledge_exchange),
        advocacy=Decimal(advocacy),
        reason="Begroting",
        decision_reference="DB" if decision else "",
        decided_on=datetime.date(year - 1, 11, 1) if decision else None,
        by=SYSTEM,
    )


def test_income_beside_the_plan_and_the_ratio_against_the_line(world, settings):
    settings.BUDGET_RATIO_TOLERANCE_POINTS = 3
    _budget(2023, "250000", "150000")  # the line: 37.5 % advocacy
    _budget(2024, "230000", "170000", decision=False)  # 42.5 %: drifts
    base_rate(2024, "1.20")  # world cities: 100,000 inhabitants each → € 120,000 each
    issue(world.city_a)
    issue(world.city_b)
    rows = {row["budget"].year: row for row in budget_years()}
    assert rows[2024]["income"] == Decimal("240000.00")
    assert rows[2024]["difference"] == Decimal("-160000.00")
    assert rows[2024]["far_apart"] is True
    assert rows[2024]["drift"] == Decimal("5.0") and rows[2024]["drifts"] is True
    assert rows[2023]["income"] is None and rows[2023]["drifts"] is False
    html = world.client("db_member").get(reverse("contributions:budget")).content.decode()
    assert "€ 240.000,00" in html
    assert "-160.000,00" in html
    assert "ver uit elkaar" in html
    assert "wijkt af" in html
    assert "37,5 %" in html


def test_income_near_the_plan_is_not_flagged(world):
    _budget(2024, "150000", "90000")
    base_rate(2024, "1.20")
    issue(world.city_a)
    issue(world.city_b)
    (row,) = budget_years()
    assert row["difference"] == Decimal("0.00") and not row["far_apart"]


def test_the_budget_page_runs_the_same_queries_for_one_year_and_many(
    world, django_assert_max_num_queries
):
    _budget(2020, "250000", "150000")
    with django_assert_max_num_queries(2):
        budget_years()
    for year in range(2021, 2040):
        _budget(year, "250000", "150000", decision=False)
    with django_assert_max_num_queries(2):
        budget_years()
