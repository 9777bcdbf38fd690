"""Issue 22, item 11: "1,61" is 1.61 in every money and number field; a rate far from
last year's × the index asks for confirmation; a decided rate is corrected by a new
recorded decision (the old one kept, issued statements untouched or credited)."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from admissions.forms import IndicatorValueForm
from contributions import services
from contributions.forms import BudgetForm, PriceIndexFigureForm, RateDecisionForm
from contributions.models import ContributionRate, ContributionStatement
from infra.forms import CleanFormMixin
from infra.numbers import DecimalInputField, parse_decimal
from infra.registry import ParticipationMeasure
from members.actors import SYSTEM
from participation.forms import InvisibilityRuleForm
from themegroups.forms import SupportForm

from .helpers import base_rate, cpi_figures, issue

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("cpi_figures")]
__all__ = ["cpi_figures"]


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("1,61", "1.61"),
        ("1.61", "1.61"),
        ("1.000,50", "1000.50"),
        ("€ 1,61", "1.61"),
        ("-3,3", "-3.3"),
        ("161", "161"),
    ],
)
def test_dutch_decimals_are_read_as_meant(typed, read):
    assert parse_decimal(typed) == Decimal(read)


LATER = datetime.datetime(2030, 6, 1, 12, tzinfo=datetime.UTC)


def test_every_decimal_field_of_every_form_is_a_dutch_text_input():
    """The class, not one form: each form of the project with a decimal field."""
    made = [
        RateDecisionForm(),
        BudgetForm(),
        PriceIndexFigureForm(),
        IndicatorValueForm(),
        SupportForm(),
        InvisibilityRuleForm(
            measures=[ParticipationMeasure(key="x", label="X", definition="", counts=dict)]
        ),
    ]
    seen = 0
    for form in made:
        for name, field in form.fields.items():
            if isinstance(field, forms.DecimalField):
                seen += 1
                html = str(form[name])
                assert 'inputmode="decimal"' in html and 'type="text"' in html, name
                with translation.override("nl"):
                    assert field.clean("1,61" if field.decimal_places >= 2 else "1,5") in (
                        Decimal("1.61"),
                        Decimal("1.5"),
                    )
    assert seen >= 8


def test_an_ambiguous_number_is_refused_not_guessed():
    class Form(CleanFormMixin, forms.Form):
        amount = forms.DecimalField(max_digits=12, decimal_places=2)

    form = Form({"amount": "1.000"})
    assert not form.is_valid()
    assert form.errors.as_data()["amount"][0].code == "ambiguous"
    assert isinstance(DecimalInputField(), forms.DecimalField)


# Its decisions lie after the real today: the clock is past them (a decision is
# never dated in the future).
@time_machine.travel(LATER, tick=False)
def test_the_rate_form_saves_1_61_as_1_61_and_asks_to_confirm_a_typo(world):
    base_rate(2027, "1.58")
    client = world.client("secretariat")
    url = reverse("contributions:rate_decide", kwargs={"year": "2028"})
    data = {
        "kind": "base",
        "amount_per_inhabitant": "161",  # the typo: a hundred times too much
        "decided_on": "2027-11-15",
        "decision_reference": "DB 15-11-2027",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["amount_per_inhabitant"][0].code == (
        "rate_unusual"
    )
    assert "€ 161,00" in response.content.decode()
    assert not ContributionRate.objects.filter(year=2028).exists()
    response = client.post(url, {**data, "amount_per_inhabitant": "1,61"})
    assert response.status_code == 302
    assert ContributionRate.objects.get(year=2028).amount_per_inhabitant == Decimal("1.61")


# Its decisions lie after the real today: the clock is past them (a decision is
# never dated in the future).
@time_machine.travel(LATER, tick=False)
def test_a_confirmed_unusual_rate_is_recorded():
    base_rate(2027, "1.58")
    rate = services.rate_set_base(
        year=2028,
        amount_per_inhabitant=Decimal("2.50"),
        decided_on=datetime.date(2027, 11, 15),
        decision_reference="DB: sprong in het tarief",
        confirmed=True,
        by=SYSTEM,
    )
    assert rate.amount_per_inhabitant == Decimal("2.50")


def test_a_decided_rate_is_corrected_by_a_new_decision_and_statements_are_credited(world):
    wrong = base_rate(2024, "1.20")
    kept = issue(world.city_a)
    with pytest.raises(ValidationError) as excinfo:
        base_rate(2024, "1.21")
    assert excinfo.value.code == "rate_exists"
    right = services.rate_correct(
        year=2024,
        amount_per_inhabitant=Decimal("1.21"),
        decided_on=datetime.date(2023, 12, 1),
        decision_reference="DB 1-12-2023, punt 2",
        reason="Typfout in het besluit van november.",
        reissue_statements=True,
        by=SYSTEM,
    )
    wrong.refresh_from_db()
    assert (wrong.is_current, right.is_current, right.corrects) == (False, True, wrong)
    kept_again = ContributionStatement.objects.get(pk=kept.pk)
    assert kept_again.amount == kept.amount and kept_again.rate == wrong  # never changed
    assert kept_again.credit.amount == -kept.amount
    reissued = ContributionStatement.objects.get(
        city=world.city_a, year=2024, revision=2, kind="statement"
    )
    assert (reissued.rate, reissued.amount) == (right, Decimal("121000.00"))
    page = world.client("secretariat").get(
        reverse("contributions:contributions_year", kwargs={"year": "2024"})
    )
    assert "Typfout in het besluit van november." in page.content.decode()


# Its decisions lie after the real today: the clock is past them (a decision is
# never dated in the future).
@time_machine.travel(LATER, tick=False)
def test_a_correction_needs_its_reason_and_an_existing_rate():
    with pytest.raises(ValidationError) as excinfo:
        services.rate_correct(
            year=2030,
            amount_per_inhabitant=Decimal("1.50"),
            decided_on=datetime.date(2029, 11, 1),
            decision_reference="DB",
            reason="x",
            by=SYSTEM,
        )
    assert excinfo.value.code == "no_rate"
    base_rate(2030, "1.50")
    with pytest.raises(ValidationError) as excinfo:
        services.rate_correct(
            year=2030,
            amount_per_inhabitant=Decimal("1.51"),
            decided_on=datetime.date(2029, 11, 1),
            decision_reference="DB",
            reason=" ",
            by=SYSTEM,
        )
    assert excinfo.value.error_dict["reason"][0].code == "reason_required"


def test_the_budget_error_names_amounts_in_dutch(world):
    services.budget_set(
        year=2024,
        knowledge_exchange=Decimal("60000"),
        advocacy=Decimal("40000"),
        reason="Eerste begroting",
        decision_reference="DB",
        decided_on=datetime.date(2023, 11, 1),
        by=SYSTEM,
    )
    with translation.override("nl"), pytest.raises(ValidationError) as excinfo:
        services.budget_set(
            year=2024,
            knowledge_exchange=Decimal("60000"),
            advocacy=Decimal("50000"),
            reason="Meer lobby",
            by=SYSTEM,
        )
    assert "€ 10.000,00" in excinfo.value.messages[0]
