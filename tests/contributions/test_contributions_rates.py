"""Rates: set by a recorded DB decision, indexed by a chosen index, rounded to whole
cents (ROUND_HALF_UP), bounded; the shipped CBS CPI figures; a corrected figure never
changes a decided rate."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from contributions import services
from contributions.models import ContributionRate, PriceIndexFigure, PriceIndexSource
from members.actors import SYSTEM

from .helpers import DECIDED, base_rate, cpi_figures

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("cpi_figures")]
__all__ = ["cpi_figures"]  # the fixture, used through pytestmark

CPI = PriceIndexSource.CBS_CPI


def _index(year=2025, **kwargs):
    kwargs.setdefault("index_source", CPI)
    kwargs.setdefault("decided_on", DECIDED)
    kwargs.setdefault("decision_reference", "DB 15-11-2024, punt 3")
    kwargs.setdefault("by", SYSTEM)
    return services.rate_index(year=year, **kwargs)


def test_the_cbs_cpi_figures_2018_to_2025_are_shipped_with_their_source():
    figures = PriceIndexFigure.objects.filter(source=CPI).order_by("year")
    assert [(f.year, f.percentage) for f in figures] == [
        (2018, Decimal("1.70")),
        (2019, Decimal("2.60")),
        (2020, Decimal("1.30")),
        (2021, Decimal("2.70")),
        (2022, Decimal("10.00")),
        (2023, Decimal("3.80")),
        (2024, Decimal("3.30")),
        (2025, Decimal("3.30")),
    ]
    assert all("83131NED" in figure.reference for figure in figures)


def test_indexing_rounds_half_a_cent_up():
    # 1.00 × 1.025 = 1.025: ROUND_HALF_UP gives 1.03 (half-even would give 1.02).
    assert services.indexed_amount(Decimal("1.00"), Decimal("2.50")) == Decimal("1.03")
    assert services.indexed_amount(Decimal("1.20"), Decimal("3.30")) == Decimal("1.24")


def test_an_indexed_rate_is_the_previous_rate_times_the_published_figure():
    base_rate(2024, "1.20")
    rate = _index(2025)  # CPI 2024: 3.3 %
    assert rate.amount_per_inhabitant == Decimal("1.24")
    assert (rate.previous_amount, rate.index_year, rate.index_percentage) == (
        Decimal("1.20"),
        2024,
        Decimal("3.30"),
    )
    assert rate.index_source == CPI


def test_the_index_source_is_chosen_per_decision():
    base_rate(2024, "2.00")
    PriceIndexFigure.objects.create(
        source=PriceIndexSource.CPB_GOVERNMENT, year=2024, percentage="4.10", reference="CPB cMEV"
    )
    rate = _index(2025, index_source=PriceIndexSource.CPB_GOVERNMENT)
    assert rate.amount_per_inhabitant == Decimal("2.08")  # 2.00 × 1.041 = 2.082


def test_an_index_without_a_published_figure_is_refused():
    base_rate(2024)
    with pytest.raises(ValidationError) as excinfo:
        _index(2025, index_source=PriceIndexSource.CPB_GOVERNMENT)
    assert excinfo.value.error_dict["index_year"][0].code == "index_figure_missing"


@pytest.mark.parametrize("percentage", ["-5.01", "25.01", "30"])
def test_an_index_outside_minus_5_to_25_percent_is_refused(percentage):
    base_rate(2024)
    with pytest.raises(ValidationError) as excinfo:
        _index(2025, index_percentage=Decimal(percentage), negative_index_allowed=True)
    assert excinfo.value.error_dict["index_percentage"][0].code == "index_out_of_range"
    assert not ContributionRate.objects.filter(year=2025).exists()


def test_the_database_bounds_the_index_too():
    with pytest.raises(IntegrityError), transaction.atomic():
        ContributionRate.objects.create(
            year=2025,
            amount_per_inhabitant=Decimal("1.60"),
            previous_amount=Decimal("1.20"),
            index_source=CPI,
            index_year=2024,
            index_percentage=Decimal("26.00"),
            decided_on=DECIDED,
            decision_reference="x",
        )


def test_a_negative_index_only_when_the_decision_says_so():
    base_rate(2024, "1.20")
    with pytest.raises(ValidationError) as excinfo:
        _index(2025, index_percentage=Decimal("-1.00"))
    assert excinfo.value.error_dict["index_percentage"][0].code == "negative_index_not_allowed"
    rate = _index(2025, index_percentage=Decimal("-1.00"), negative_index_allowed=True)
    assert rate.amount_per_inhabitant == Decimal("1.19")  # 1.188 → 1.19


def test_the_database_refuses_a_negative_index_the_decision_did_not_allow():
    with pytest.raises(IntegrityError), transaction.atomic():
        ContributionRate.objects.create(
            year=2025,
            amount_per_inhabitant=Decimal("1.19"),
            previous_amount=Decimal("1.20"),
            index_source=CPI,
            index_year=2024,
            index_percentage=Decimal("-1.00"),
            decided_on=DECIDED,
            decision_reference="x",
        )


@pytest.mark.parametrize("amount", ["0", "-1.00"])
def test_a_rate_of_zero_is_refused(amount):
    with pytest.raises(ValidationError) as excinfo:
        base_rate(2024, amount)
    assert excinfo.value.error_dict["amount_per_inhabitant"][0].code == "rate_not_positive"


def test_the_database_refuses_a_rate_of_zero():
    with pytest.raises(IntegrityError), transaction.atomic():
        ContributionRate.objects.create(
            year=2024, amount_per_inhabitant=0, decided_on=DECIDED, decision_reference="x"
        )


def test_a_rate_needs_its_decision():
    with pytest.raises(ValidationError) as excinfo:
        services.rate_set_base(
            year=2024,
            amount_per_inhabitant=Decimal("1.00"),
            decided_on=DECIDED,
            decision_reference=" ",
            by=SYSTEM,
        )
    assert excinfo.value.error_dict["decision_reference"][0].code == "decision_required"


def test_a_decided_rate_is_never_replaced():
    base_rate(2024)
    with pytest.raises(ValidationError) as excinfo:
        base_rate(2024, "2.00")
    assert excinfo.value.code == "rate_exists"
    assert ContributionRate.objects.get(year=2024).amount_per_inhabitant == Decimal("1.20")


def test_indexing_needs_the_previous_years_rate():
    with pytest.raises(ValidationError) as excinfo:
        _index(2025)
    assert excinfo.value.code == "no_previous_rate"


def test_correcting_a_figure_never_changes_a_decided_rate(world):
    base_rate(2024, "1.20")
    rate = _index(2025)
    figure = PriceIndexFigure.objects.get(source=CPI, year=2024)
    services.price_index_figure_correct(
        figure=figure,
        percentage=Decimal("3.50"),
        reference="CBS 83131NED, definitief",
        by=world.person("secretariat").user,
    )
    rate.refresh_from_db()
    assert rate.index_percentage == Decimal("3.30")
    assert rate.amount_per_inhabitant == Decimal("1.24")
    assert PriceIndexFigure.objects.get(pk=figure.pk).percentage == Decimal("3.50")


def test_only_the_secretariat_records_rates_and_corrects_figures(world):
    for persona in ("db_member", "contact_a", "official_a"):
        with pytest.raises(ValidationError) as excinfo:
            services.rate_set_base(
                year=2024,
                amount_per_inhabitant=Decimal("1.00"),
                decided_on=DECIDED,
                decision_reference="x",
                by=world.person(persona).user,
            )
        assert excinfo.value.code == "forbidden"
    figure = PriceIndexFigure.objects.get(source=CPI, year=2024)
    with pytest.raises(ValidationError) as excinfo:
        services.price_index_figure_correct(
            figure=figure, percentage=Decimal("1"), reference="x", by=world.person("db_member").user
        )
    assert excinfo.value.code == "forbidden"
    assert world.person("secretariat").user is not None
    assert datetime.date(2024, 1, 1)  # the world has a secretariat to compare with
