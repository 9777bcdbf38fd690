"""Forms of contributions and the budget: they parse; the services decide."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from infra.forms import CleanFormMixin

from .models import PriceIndexSource


class RateKind:
    BASE = "base"
    INDEXED = "indexed"
    CHOICES = [
        (INDEXED, _("the previous year's rate, indexed")),
        (BASE, _("a base rate (not indexed)")),
    ]


class RateDecisionForm(CleanFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("The DB decided"), choices=RateKind.CHOICES, widget=forms.RadioSelect
    )
    index_source = forms.ChoiceField(
        label=_("Index"), choices=[("", "—"), *PriceIndexSource.choices], required=False
    )
    index_year = forms.IntegerField(
        label=_("Index year"),
        min_value=2000,
        max_value=2100,
        required=False,
        help_text=_("Empty: the year before the rate's year."),
    )
    index_percentage = forms.DecimalField(
        label=_("Index (%)"),
        max_digits=5,
        decimal_places=2,
        required=False,
        help_text=_("Only when the decision names a figure itself; empty: the published figure."),
    )
    negative_index_allowed = forms.BooleanField(
        label=_("The decision allows a negative index"), required=False
    )
    amount_per_inhabitant = forms.DecimalField(
        label=_("Base rate per inhabitant (EUR)"),
        max_digits=8,
        decimal_places=2,
        required=False,
    )
    decided_on = forms.DateField(
        label=_("Decided on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    decision_reference = forms.CharField(label=_("Decision reference"), max_length=200)
    confirmed = forms.BooleanField(
        label=_("I have checked it: this is the rate the DB decided"),
        required=False,
        help_text=_("Needed only when the rate is far from last year's rate × the index."),
    )
    reason = forms.CharField(
        label=_("Reason for the correction"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reissue_statements = forms.BooleanField(
        label=_("Credit the statements issued at the old rate and issue them again"),
        required=False,
    )

    def __init__(self, *args, correcting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.correcting = correcting
        if correcting:
            # A correction names the rate itself; the index fields do not apply.
            for name in ("kind", "index_source", "index_year", "index_percentage"):
                del self.fields[name]
            del self.fields["negative_index_allowed"]
            self.fields["amount_per_inhabitant"].label = _("Corrected rate per inhabitant (EUR)")
            self.fields["amount_per_inhabitant"].required = True
            self.fields["reason"].required = True
        else:
            del self.fields["reason"]
            del self.fields["reissue_statements"]

    def clean(self):
        data = super().clean()
        if self.correcting:
            return data
        if data.get("kind") == RateKind.BASE and data.get("amount_per_inhabitant") is None:
            self.add_error("amount_per_inhabitant", _("Give the base rate."))
        if data.get("kind") == RateKind.INDEXED and not data.get("index_source"):
            self.add_error("index_source", _("Choose the index the decision uses."))
        return data


class CreditForm(CleanFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for the correction"), widget=forms.Textarea(attrs={"rows": 3})
    )


class BudgetForm(CleanFormMixin, forms.Form):
    knowledge_exchange = forms.DecimalField(
        label=_("Knowledge exchange (EUR)"), max_digits=12, decimal_places=2, min_value=0
    )
    advocacy = forms.DecimalField(
        label=_("Advocacy (EUR)"), max_digits=12, decimal_places=2, min_value=0
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    decided_on = forms.DateField(
        label=_("DB decision: date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Only when a DB decision changes the total."),
    )
    decision_reference = forms.CharField(
        label=_("DB decision: reference"), max_length=200, required=False
    )


class PriceIndexFigureForm(CleanFormMixin, forms.Form):
    percentage = forms.DecimalField(
        label=_("Change (%)"),
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("-50"),
        max_value=Decimal("50"),
    )
    reference = forms.CharField(label=_("Source"), max_length=200)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class PriceIndexFigureAddForm(PriceIndexFigureForm):
    source = forms.ChoiceField(label=_("Index"), choices=PriceIndexSource.choices)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    field_order = ["source", "year", "percentage", "reference", "note"]
