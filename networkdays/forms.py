import functools

from django import forms
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from infra.forms import CleanFormMixin
from infra.widgets import PlainSelect
from members.models import Person

from .constants import RsvpAnswer
from .models import DigitalMeeting, NetworkDay, ProgrammeSession


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class NetworkDayForm(CleanFormMixin, forms.ModelForm):
    """The secretariat's form. The status is not in it: publishing, going back to draft,
    cancelling and restoring are actions of their own (``services.network_day_publish``
    and its siblings), each with its own rule and message. A new day is a draft."""

    class Meta:
        model = NetworkDay
        fields = [
            "title",
            "kind",
            "date",
            "starts_at",
            "ends_at",
            "host_city",
            "venue",
            "address",
            "description",
            "capacity",
            "seats_per_city",
            "registration_opens_at",
            "registration_closes_at",
        ]
        widgets = {
            "date": DateInput(),
            "starts_at": TimeInput(),
            "ends_at": TimeInput(),
            "registration_opens_at": DateTimeInput(),
            "registration_closes_at": DateTimeInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host_city"].queryset = self.fields["host_city"].queryset.members()


class PublishForm(CleanFormMixin, forms.Form):
    """The second step of publishing a day whose registration opening has passed."""

    open_now = forms.BooleanField(
        label=_("Open registration at once"),
        required=False,
        help_text=_("The opening time has passed: publishing opens registration now."),
    )


class ProgrammeSessionForm(CleanFormMixin, forms.ModelForm):
    class Meta:
        model = ProgrammeSession
        fields = ["starts_at", "ends_at", "room", "title", "pillar", "theme_group"]
        widgets = {"starts_at": TimeInput(), "ends_at": TimeInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Ended groups and refused proposals get no sessions (the service refuses too).
        self.fields["theme_group"].queryset = self.fields["theme_group"].queryset.open()


class PersonChoiceField(forms.ModelChoiceField):
    """A person from ``queryset``; ``me`` (the signed-in person, loaded with the
    user's permissions and always among those they may choose) is taken without a
    query: registering oneself, what nearly everyone at an opening does, asks the
    database nothing here."""

    me: Person | None = None

    def label_from_instance(self, person: Person) -> str:
        return f"{person.name} ({person.city})" if hasattr(person, "city") else person.name

    def to_python(self, value):
        me = self.me
        if me is not None and value not in self.empty_values and str(value) == str(me.pk):
            return me
        return super().to_python(value)


class RegistrationForm(CleanFormMixin, forms.Form):
    """Register oneself, or (a city contact, the secretariat) a colleague.

    ``people`` is what the user may register; anyone else is refused with a clear
    message rather than silently."""

    person = PersonChoiceField(
        label=_("Who"),
        queryset=Person.objects.none(),
        error_messages={
            "invalid_choice": _(
                "You can register yourself, or as city contact colleagues of your own city; "
                "not this person."
            )
        },
    )
    dietary_needs = forms.CharField(
        label=_("Dietary needs"),
        required=False,
        max_length=300,
        help_text=_("Optional. Deleted automatically some time after the day."),
    )
    accessibility_needs = forms.CharField(
        label=_("Accessibility needs"),
        required=False,
        max_length=300,
        help_text=_("Optional. Deleted automatically some time after the day."),
    )

    def __init__(self, *args, people, me: Person | None, may_act_for_others: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self._people, self._me = people, me
        self._may_act_for_others = may_act_for_others
        self.fields["person"].queryset = people.select_related("city")
        if me is not None:
            self.fields["person"].initial = me.pk
            self.fields["person"].me = me
        # Whom the form offers is for showing it: a posted form is only shown again
        # when it has an error (a registration at the opening's peak asks nothing more).
        if not self.is_bound:
            self._show_choice_only_if_needed()

    @cached_property
    def acts_for_others(self) -> bool:
        if not self._may_act_for_others:
            return False
        return self._people.exclude(pk=getattr(self._me, "pk", None)).exists()

    def _show_choice_only_if_needed(self) -> None:
        if not self.acts_for_others:
            self.fields["person"].widget = forms.HiddenInput()

    def add_error(self, field, error) -> None:
        super().add_error(field, error)
        self._show_choice_only_if_needed()


class NeedsForm(CleanFormMixin, forms.Form):
    """Change the needs of a registration: the same fields as when registering."""

    dietary_needs = RegistrationForm.base_fields["dietary_needs"]
    accessibility_needs = RegistrationForm.base_fields["accessibility_needs"]


class SubstituteForm(CleanFormMixin, forms.Form):
    substitute = PersonChoiceField(
        label=_("Colleague who takes the place"),
        queryset=Person.objects.none(),
        error_messages={
            "invalid_choice": _("Choose a colleague of the same city."),
        },
    )

    def __init__(self, *args, colleagues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["substitute"].queryset = colleagues


class AttendeeFilterForm(CleanFormMixin, forms.Form):
    # Rendered in Python, not an option template per city (issue 24). The cities are
    # (pk, name) pairs read once: the choice is a city's pk, checked against them (no
    # model objects, no query to look the chosen city up).
    city = forms.TypedChoiceField(
        label=_("City"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=PlainSelect,
        error_messages={
            "invalid_choice": forms.ModelChoiceField.default_error_messages["invalid_choice"]
        },
    )
    status = forms.ChoiceField(label=_("Status"), required=False, widget=PlainSelect)

    def __init__(self, *args, cities, statuses, **kwargs):
        super().__init__(*args, **kwargs)
        # Read when first needed (rendered or checked), once: an export that neither
        # shows the filter nor filters on a city does not ask for them.
        read = functools.cache(lambda: [("", _("All cities")), *cities])
        self.fields["city"].choices = read
        self.fields["status"].choices = [("", _("All statuses")), *statuses]


class CheckInSearchForm(CleanFormMixin, forms.Form):
    q = forms.CharField(label=_("Search by name"), required=False, max_length=100)


class DigitalMeetingForm(CleanFormMixin, forms.ModelForm):
    online_link = forms.URLField(label=_("Online link"), assume_scheme="https")

    class Meta:
        model = DigitalMeeting
        fields = [
            "title",
            "pillar",
            "theme_group",
            "invite_theme_group_members",
            "starts_at",
            "ends_at",
            "online_link",
            "agenda",
        ]
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "agenda": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, pillar_ids=None, **kwargs):
        """``pillar_ids``: the pillars the user may plan for (None: all)."""
        super().__init__(*args, **kwargs)
        # Ended groups and refused proposals get no meetings (the service refuses too).
        self.fields["theme_group"].queryset = self.fields["theme_group"].queryset.open()
        if pillar_ids is not None:
            self.fields["pillar"].queryset = self.fields["pillar"].queryset.filter(
                pk__in=pillar_ids
            )
            self.fields["theme_group"].queryset = self.fields["theme_group"].queryset.filter(
                lead_pillar_id__in=pillar_ids
            )
        self.fields["pillar"].help_text = _("Either a pillar or a theme group.")
        self.fields["invite_theme_group_members"].help_text = _(
            "A pillar's meeting invites its chair and secretary; ticked, also everyone in "
            "the theme groups it leads."
        )

    # "Either a pillar or a theme group" is the model's constraint
    # (digitalmeeting_for_pillar_or_theme_group), which the form validates: said once.


class MeetingAnswerForm(CleanFormMixin, forms.Form):
    """Yes / no / maybe to a digital meeting's invitation (the RSVP page, the meeting's
    page)."""

    answer = forms.ChoiceField(
        label=_("Will you attend?"), choices=RsvpAnswer.choices, widget=forms.RadioSelect
    )


class MeetingAttendanceForm(CleanFormMixin, forms.Form):
    """The organiser ticks who attended; the other invitees did not."""

    present = forms.MultipleChoiceField(
        label=_("Present"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [
            (str(row["person"].pk), f"{row['person'].name} ({row['person'].city})") for row in rows
        ]
        self.fields["present"].initial = [
            str(row["person"].pk)
            for row in rows
            if row["invitation"] is not None and row["invitation"].attended
        ]
