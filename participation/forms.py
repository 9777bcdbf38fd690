from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from infra.forms import CleanFormMixin
from infra.numbers import DecimalInputField

from .models import MAX_PERIOD_YEARS, RuleMatch

NOTE_MAX_LENGTH = 4000


class InvisibilityRuleForm(CleanFormMixin, forms.Form):
    """The period, and per measure: whether the rule uses it, and its limit."""

    period_years = forms.IntegerField(
        label=_("Period (calendar years)"),
        min_value=1,
        max_value=MAX_PERIOD_YEARS,
        initial=1,
        help_text=_("This year and the years before it: 2 means this year and last year."),
    )

    year = forms.IntegerField(
        label=_("Year"),
        min_value=2000,
        max_value=2100,
        required=False,
        help_text=_("The year the rule judges; its period ends with it. Empty: this year."),
    )
    match = forms.ChoiceField(
        label=_("A city matches when"),
        choices=RuleMatch.choices,
        initial=RuleMatch.ALL,
        required=False,
        widget=forms.RadioSelect,
    )
    field_order = ["year", "period_years", "match"]

    def __init__(self, *args, measures=(), rule=None, year=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.measures = list(measures)
        self.fields["year"].initial = year
        current = {}
        if rule is not None:
            self.fields["period_years"].initial = rule.period_years
            self.fields["match"].initial = rule.match
            current = {c.measure_key: c.at_most for c in rule.conditions.all()}
        for measure in self.measures:
            key = measure.key
            self.fields[f"use_{key}"] = forms.BooleanField(
                label=_("Use “%(measure)s”") % {"measure": measure.label},
                required=False,
                initial=key in current,
                help_text=measure.definition,
            )
            self.fields[f"max_{key}"] = DecimalInputField(
                label=_("“%(measure)s” at most") % {"measure": measure.label},
                min_value=Decimal(0),
                max_digits=9,
                decimal_places=1,
                required=False,
                initial=current.get(key, Decimal(0)),
            )

    def rows(self):
        return [(self[f"use_{m.key}"], self[f"max_{m.key}"]) for m in self.measures]

    def conditions(self) -> dict[str, Decimal]:
        return {
            m.key: self.cleaned_data.get(f"max_{m.key}") or Decimal(0)
            for m in self.measures
            if self.cleaned_data.get(f"use_{m.key}")
        }


class CityNoteForm(CleanFormMixin, forms.Form):
    text = forms.CharField(
        label=_("What the DB learned"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "About the city's participation, not about people: why it is (in)visible, "
            "what was agreed. Every version is kept in the audit trail."
        ),
    )
