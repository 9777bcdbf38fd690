"""Forms of the membership pages on criteria and applications. Every rule is the
service's; a form only asks for the fields."""

from django import forms
from django.utils.translation import gettext_lazy as _

from infra.forms import CleanFormMixin
from members.models import City

from .constants import LETTER_MAX_BYTES, Criterion, Outcome
from .models import CorrectedStep, Indicator


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class CityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.cbs_code})"


class ApplicationForm(CleanFormMixin, forms.Form):
    city = CityChoiceField(
        label=_("Municipality"),
        queryset=City.objects.none(),
        help_text=_(
            "A municipality that is not a member. One that is not listed is added first "
            "with its CBS code and figures (admin, or import_cbs)."
        ),
    )
    received_on = forms.DateField(label=_("Received on"), widget=DateInput())
    contact_name = forms.CharField(label=_("Contact"), max_length=150)
    contact_email = forms.EmailField(label=_("Contact's e-mail address"))
    motivation = forms.CharField(label=_("Motivation"), widget=forms.Textarea(attrs={"rows": 5}))
    letter = forms.FileField(
        label=_("Letter (PDF)"),
        required=False,
        help_text=_("The municipality's letter, a PDF of at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )
    # A letter chosen in an earlier round that had errors, kept on the server
    # (``PendingLetter``): the signed token names it, so it need not be chosen again.
    letter_token = forms.CharField(required=False, widget=forms.HiddenInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Today's non-members, asked when the form is made (membership is dated).
        self.fields["city"].queryset = City.objects.non_members().order_by("name")

    def keep_letter(self, token: str, file_name: str) -> None:
        """Sent back with errors: name the kept letter in the hidden field and say so."""
        self.data = self.data.copy()
        self.data["letter_token"] = token
        self.fields["letter"].help_text = _(
            "Kept: %(name)s. Choose another file only to replace it."
        ) % {"name": file_name}
        self._bound_fields_cache.pop("letter", None)  # made with the former help text

    def clean_letter(self):
        letter = self.cleaned_data.get("letter")
        if letter and letter.size > LETTER_MAX_BYTES:
            raise forms.ValidationError(
                _("The letter is larger than 10 MB."), code="letter_too_large"
            )
        return letter


class AdviceForm(CleanFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        label=_("Advice to the AB"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    reasons = forms.CharField(
        label=_("Reasons"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("Required. Recorded with the advice and shown to the AB."),
    )
    advised_on = forms.DateField(label=_("Date of the advice"), widget=DateInput())


class DecisionForm(CleanFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        label=_("The AB's decision"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    admitted_from = forms.DateField(
        label=_("Member from"),
        required=False,
        widget=DateInput(),
        help_text=_("When admitting: the date from which the municipality is a member."),
    )
    reasons = forms.CharField(
        label=_("Reasons"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("Required."),
    )
    decided_on = forms.DateField(label=_("Date of the AB meeting"), widget=DateInput())


class StepCorrectionForm(CleanFormMixin, forms.Form):
    """The secretariat takes back a mistaken step, with the reason (recorded)."""

    step = forms.ChoiceField(
        label=_("The step to correct"), choices=CorrectedStep.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason for the correction"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Kept in the application's history with your name and the time."),
    )


class NotesForm(CleanFormMixin, forms.Form):
    """One note per criterion of the application's criteria version."""

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        for criterion in criteria:
            self.fields[criterion] = forms.CharField(
                label=Criterion(criterion).label,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        # Fields added after the mixin's __init__: clean their text the same way.
        for name in criteria:
            self._clean_text(self.fields[name])


# A CSV of indicator values: one line per municipality, indicator and year; forty cities
# with ten indicators over ten years is ~250 kB.
IMPORT_MAX_BYTES = 1024 * 1024


class IndicatorValuesImportForm(CleanFormMixin, forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8 (in a spreadsheet: save as \u201cCSV UTF-8\u201d), separated by commas "
            "or semicolons, at most 1 MB, with a first row naming the columns; numbers as "
            "4,1 or 4.1."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self) -> str:
        """The file's text (the service reads it; nothing is stored)."""
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 1 MB."), code="file_too_large")
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                _("The file is not UTF-8 text; in a spreadsheet, save it as CSV UTF-8."),
                code="not_utf8",
            ) from None


class IndicatorValueForm(CleanFormMixin, forms.Form):
    city = CityChoiceField(label=_("Municipality"), queryset=City.objects.order_by("name"))
    indicator = forms.ModelChoiceField(
        label=_("Indicator"), queryset=Indicator.objects.order_by("order", "name")
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    value = forms.DecimalField(label=_("Value"), max_digits=14, decimal_places=4)
    source = forms.CharField(
        label=_("Source"),
        max_length=300,
        required=False,
        help_text=_("E.g. the CBS StatLine table and year."),
    )
    reference_date = forms.DateField(
        label=_("Reference date"),
        required=False,
        widget=DateInput(),
        help_text=_("The date the figure refers to."),
    )
