from django import forms
from django.utils.translation import gettext_lazy as _

from infra.forms import CleanFormMixin
from infra.text import normalise_email

from .models import Person


class CitySearchForm(CleanFormMixin, forms.Form):
    q = forms.CharField(label=_("Search by name"), required=False, max_length=100)
    province = forms.ChoiceField(label=_("Province"), required=False)

    def __init__(self, *args, provinces: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = [("", _("All provinces"))] + [(p, p) for p in provinces]


class PersonForm(CleanFormMixin, forms.ModelForm):
    class Meta:
        model = Person
        fields = ["name", "email", "phone", "function"]

    def clean_email(self):
        email = normalise_email(self.cleaned_data["email"])
        clash = Person.objects.filter(email=email)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Someone with this e-mail address is already known."))
        return email
