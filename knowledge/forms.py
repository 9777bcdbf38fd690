from django import forms
from django.utils.translation import gettext_lazy as _

from infra.forms import CleanFormMixin
from infra.widgets import PlainSelect
from pillars.models import Pillar

from .constants import SUMMARY_MAX_LENGTH, Audience, ProductKind
from .models import KnowledgeProduct


class ProductForm(CleanFormMixin, forms.ModelForm):
    class Meta:
        model = KnowledgeProduct
        fields = [
            "title",
            "summary",
            "kind",
            "audience",
            "maker_kind",
            "theme_group",
            "pillar",
            "session",
            "maker_name",
            "published_on",
            "is_public",
        ]
        widgets = {
            "published_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "summary": forms.Textarea(
                attrs={
                    "rows": 5,
                    "maxlength": SUMMARY_MAX_LENGTH,
                    "data-count-max": SUMMARY_MAX_LENGTH,
                }
            ),
        }

    def __init__(self, *args, permissions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = (
            self.fields["session"]
            .queryset.select_related("network_day")
            .order_by("-network_day__date", "starts_at")
        )
        self.fields["theme_group"].queryset = self.fields["theme_group"].queryset.order_by("name")
        if permissions is not None and not permissions.may_add_knowledge_for_all_pillars:
            mine = permissions.pillars_as_secretary
            self.fields["pillar"].queryset = Pillar.objects.filter(pk__in=mine)
            self.fields["theme_group"].queryset = self.fields["theme_group"].queryset.filter(
                lead_pillar__in=mine
            )
            self.fields["session"].queryset = self.fields["session"].queryset.filter(
                pillar__in=mine
            ) | self.fields["session"].queryset.filter(theme_group__lead_pillar__in=mine)


class UploadForm(CleanFormMixin, forms.Form):
    label = forms.CharField(
        label=_("Label"),
        max_length=200,
        required=False,
        help_text=_("For instance: the guide, the slides, an appendix."),
    )
    upload = forms.FileField(
        label=_("File"),
        help_text=_("PDF, Word (DOCX), PowerPoint (PPTX), Excel (XLSX) or OpenDocument (ODT)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.pptx,.xlsx,.odt"}),
    )


class VersionForm(CleanFormMixin, forms.Form):
    note = forms.CharField(label=_("What was corrected"), max_length=300, required=False)
    upload = forms.FileField(label=_("Corrected file"))


class NameChoiceIterator(forms.models.ModelChoiceIterator):
    """The options as ``(pk, name)`` read with ``values_list``: hundreds of theme
    groups, no model instance each (issue 24). The label is the group's name, as its
    ``str``; the chosen value is still cleaned to the group itself."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.queryset.values_list("pk", "name")


class NameChoiceField(forms.ModelChoiceField):
    iterator = NameChoiceIterator


class FilterForm(CleanFormMixin, forms.Form):
    # The selects rendered in Python: the theme groups of ten years are hundreds of
    # options, each an option template with Django's own widget (issue 24).
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *ProductKind.choices],
        widget=PlainSelect,
    )
    audience = forms.ChoiceField(
        label=_("Audience"),
        required=False,
        choices=[("", _("All")), *Audience.choices],
        widget=PlainSelect,
    )
    pillar = forms.ModelChoiceField(
        label=_("Pillar"),
        required=False,
        queryset=Pillar.objects.all(),
        empty_label=_("All"),
        widget=PlainSelect,
    )
    group = NameChoiceField(
        label=_("Theme group"),
        required=False,
        queryset=None,
        empty_label=_("All"),
        widget=PlainSelect,
    )
    year = forms.TypedChoiceField(
        label=_("Year"), required=False, coerce=int, empty_value=None, widget=PlainSelect
    )

    def __init__(self, *args, groups=None, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups
        self.fields["year"].choices = [("", _("All years"))] + [(y, str(y)) for y in years]


class FollowForm(CleanFormMixin, forms.Form):
    pillar = forms.ModelChoiceField(
        label=_("Pillar"), required=False, queryset=Pillar.objects.order_by("name")
    )
    theme_group = forms.ModelChoiceField(label=_("Theme group"), required=False, queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        group_model = KnowledgeProduct._meta.get_field("theme_group").related_model
        self.fields["theme_group"].queryset = group_model.objects.order_by("name")

    def clean(self):
        data = super().clean()
        if bool(data.get("pillar")) == bool(data.get("theme_group")):
            raise forms.ValidationError(
                _("Choose a pillar or a theme group, not both."), code="pillar_or_group"
            )
        return data
