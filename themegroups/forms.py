import operator

from django import forms
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from infra.forms import CleanFormMixin
from infra.widgets import PlainSelect
from members.models import City, Person
from pillars.models import Pillar

from .constants import MAX_REVIEW_MONTHS, MembershipRole, ReviewOutcome, ThemeGroupStatus


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _people_of_member_cities():
    return Person.objects.filter(city__in=City.objects.members()).select_related("city")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.city.name})"


# `_("… %(months)s …") % {…}` at import time would fix the text in the language active
# then (Dutch); interpolating lazily translates it for each viewer, msgid unchanged.
interpolate_lazy = lazy(operator.mod, str)

REVIEW_HELP = interpolate_lazy(_("At most %(months)s months ahead."), {"months": MAX_REVIEW_MONTHS})


class ListedChoiceIterator(forms.models.ModelChoiceIterator):
    """The options from one plain query. Django's iterates with ``iterator()``, which on
    PostgreSQL is a server-side cursor: three round trips (declare, fetch, close) for a
    list of three pillars or forty cities."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class ListedChoiceField(forms.ModelChoiceField):
    iterator = ListedChoiceIterator


class ThemeGroupFilterForm(CleanFormMixin, forms.Form):
    """Rendered by hand (``_themegroup_filter.html``: label, select, errors, in the
    markup crispy's Bootstrap 5 field makes), not by crispy's templates per field."""

    STATUS_CHOICES = [
        ("", _("All open groups")),
        ("active", _("Active")),
        ("due", _("Due for review")),
        ("overdue", _("Overdue")),
        ("no_support", _("Without support")),
        (ThemeGroupStatus.PROPOSED, _("Proposed")),
        (ThemeGroupStatus.ENDED, _("Ended")),
        (ThemeGroupStatus.REFUSED, _("Refused")),
        ("all", _("All, history included")),
    ]
    pillar = ListedChoiceField(
        label=_("Pillar"),
        queryset=Pillar.objects.all(),
        required=False,
        empty_label=_("All pillars"),
        to_field_name="slug",
        widget=PlainSelect,
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=STATUS_CHOICES, required=False, widget=PlainSelect
    )
    city = ListedChoiceField(
        label=_("City"),
        queryset=City.objects.none(),
        required=False,
        empty_label=_("All cities"),
        to_field_name="cbs_code",
        widget=PlainSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Today's members, asked when the form is made (membership is dated).
        # The options show the name and send the CBS code: no other column is read.
        self.fields["city"].queryset = City.objects.members().only("name", "cbs_code")
        for field in self.fields.values():
            field.widget.attrs["class"] = "plainselect form-select"

    def full_clean(self):
        super().full_clean()
        # As crispy marks a field in error: the class, and the message that describes it.
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["class"] += " is-invalid"
                attrs["aria-describedby"] = f"id_{name}_error"


class ProposalForm(CleanFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    goal = forms.CharField(label=_("Goal"), widget=forms.Textarea(attrs={"rows": 3}))
    expected_result = forms.CharField(
        label=_("Expected result"), widget=forms.Textarea(attrs={"rows": 3})
    )
    lead_pillar = forms.ModelChoiceField(label=_("Lead pillar"), queryset=Pillar.objects.none())
    other_pillars = forms.ModelMultipleChoiceField(
        label=_("Other pillars"),
        queryset=Pillar.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    review_due_on = forms.DateField(
        label=_("First review date"), widget=DateInput(), help_text=REVIEW_HELP
    )

    def __init__(self, *args, lead_pillars, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_pillar"].queryset = lead_pillars


class ApproveForm(CleanFormMixin, forms.Form):
    review_due_on = forms.DateField(
        label=_("First review date"), widget=DateInput(), help_text=REVIEW_HELP
    )


class RefuseForm(CleanFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for refusal"), widget=forms.Textarea(attrs={"rows": 3})
    )


class DecideForm(CleanFormMixin, forms.Form):
    # The review this decision is about; a second click on the same review is refused.
    review_due_on = forms.DateField(widget=forms.HiddenInput())
    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (ReviewOutcome.EXTEND, _("Extend to a new review date")),
            (ReviewOutcome.END, _("End the group")),
        ],
        widget=forms.RadioSelect,
    )
    new_review_due_on = forms.DateField(
        label=_("New review date"),
        required=False,
        widget=DateInput(),
        help_text=interpolate_lazy(
            _("When extending. At most %(months)s months ahead."), {"months": MAX_REVIEW_MONTHS}
        ),
    )
    ends_on = forms.DateField(
        label=_("End date"),
        required=False,
        widget=DateInput(),
        help_text=_("When ending: today or later."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Recorded with the decision and shown in the group's history."),
    )


class SupportForm(CleanFormMixin, forms.Form):
    person = PersonChoiceField(label=_("Supported by"), queryset=Person.objects.none())
    hours_per_month = forms.DecimalField(label=_("Hours per month"), max_digits=5, decimal_places=1)
    starts_on = forms.DateField(label=_("From"), widget=DateInput())
    ends_on = forms.DateField(label=_("Until"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = _people_of_member_cities()
        if not self.is_bound:
            self.initial.setdefault("starts_on", timezone.localdate())


class MemberAddForm(CleanFormMixin, forms.Form):
    person = PersonChoiceField(label=_("Person"), queryset=Person.objects.none())
    role = forms.ChoiceField(
        label=_("Role in the group"),
        choices=MembershipRole.choices,
        initial=MembershipRole.MEMBER,
    )

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = _people_of_member_cities().exclude(
            theme_group_memberships__theme_group=group
        )


class ThemeGroupEditForm(CleanFormMixin, forms.Form):
    goal = forms.CharField(label=_("Goal"), widget=forms.Textarea(attrs={"rows": 3}))
    expected_result = forms.CharField(
        label=_("Expected result"), widget=forms.Textarea(attrs={"rows": 3})
    )
    lead_pillar = forms.ModelChoiceField(label=_("Lead pillar"), queryset=Pillar.objects.none())
    other_pillars = forms.ModelMultipleChoiceField(
        label=_("Other pillars"),
        queryset=Pillar.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, lead_pillars, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_pillar"].queryset = lead_pillars


class SupportEndForm(CleanFormMixin, forms.Form):
    ends_on = forms.DateField(label=_("Last day of support"), widget=DateInput())
