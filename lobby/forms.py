from django import forms
from django.utils.translation import gettext_lazy as _

from infra.forms import CleanFormMixin
from members.constants import Function, RoleKind
from members.models import Person, Role
from pillars.models import Pillar

from .constants import DossierStatus, MomentKind, StanceKind, VngAlignment
from .models import LobbyTarget


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.city.name})"


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.city.name})"


def _coordinators():
    return Person.objects.filter(
        pk__in=Role.objects.current().filter(kind=RoleKind.LOBBY_COORDINATOR).values("person_id")
    ).select_related("city")


def _administrators():
    return Person.objects.filter(function__in=[Function.MAYOR, Function.ALDERMAN]).select_related(
        "city"
    )


class DossierForm(CleanFormMixin, forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    pillar = forms.ModelChoiceField(
        label=_("Pillar (owns the content)"), queryset=Pillar.objects.none()
    )
    status = forms.ChoiceField(label=_("Status"), choices=DossierStatus.choices)
    vng_alignment = forms.ChoiceField(label=_("VNG alignment"), choices=VngAlignment.choices)
    vng_note = forms.CharField(
        label=_("Note on the VNG alignment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    coordinator = PersonChoiceField(
        label=_("Lobby coordinator"), queryset=Person.objects.none(), required=False
    )
    carriers = PeopleChoiceField(
        label=_("Administrators who carry it"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    targets = forms.ModelMultipleChoiceField(
        label=_("Targets"),
        queryset=LobbyTarget.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, pillars=None, editing=False, may_word=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = _coordinators()
        self.fields["carriers"].queryset = _administrators()
        self.fields["targets"].queryset = LobbyTarget.objects.all()
        if editing:
            del self.fields["pillar"]
            if not may_word:
                # The subject and the note are the owning pillar's words (issue 22,
                # item 6): shown, not sent; the service refuses a change too.
                for name in ("subject", "vng_note"):
                    self.fields[name].disabled = True
        else:
            self.fields["pillar"].queryset = pillars


class VersionForm(CleanFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("The message in short"), widget=forms.Textarea(attrs={"rows": 3})
    )
    text = forms.CharField(label=_("The message"), widget=forms.Textarea(attrs={"rows": 8}))
    stances_due_on = forms.DateField(label=_("Cities answer by"), widget=DateInput())

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["stances_due_on"]


class MomentForm(CleanFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MomentKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("What the network will do or say"), widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["kind"]


class MomentPlanForm(CleanFormMixin, forms.Form):
    takes_place_on = forms.DateField(label=_("Date"), widget=DateInput(), required=False)
    route_to_db = forms.BooleanField(label=_("Send to the DB for a decision"), required=False)
    outcome = forms.CharField(
        label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class MomentDecideForm(CleanFormMixin, forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("yes", _("Approve")), ("no", _("Refuse"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 3}))


class StanceForm(CleanFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Stance"), choices=StanceKind.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    what = forms.CharField(
        label=_("What will the city do differently?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Only when deviating."),
    )
    why = forms.CharField(label=_("Why?"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    acts_from = forms.DateField(
        label=_("From which date?"),
        widget=DateInput(),
        required=False,
        help_text=_("File the notice before this date; a later notice is unexpected to the DB."),
    )
    explanation = forms.CharField(
        label=_("Explanation for the outside world"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class AgreeForm(CleanFormMixin, forms.Form):
    """The DB's reason for agreeing a position early or with cities unanswered; the
    service says when it is required (``reason_required``)."""

    reason = forms.CharField(
        label=_("Reason for agreeing now"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


class AcknowledgeForm(CleanFormMixin, forms.Form):
    response = forms.CharField(
        label=_("The DB's response"), widget=forms.Textarea(attrs={"rows": 3})
    )


class CityActionForm(CleanFormMixin, forms.Form):
    city = forms.ModelChoiceField(label=_("City"), queryset=None)
    description = forms.CharField(
        label=_("What the city did"), widget=forms.Textarea(attrs={"rows": 3})
    )
    took_place_on = forms.DateField(label=_("Date"), widget=DateInput())

    def __init__(self, *args, cities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = cities
