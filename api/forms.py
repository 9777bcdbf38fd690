import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from infra.forms import CleanFormMixin

from .constants import TOKEN_MAX_DAYS


class TokenForm(CleanFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What it is for, so that you recognise it later, e.g. “intranet agenda”."),
    )
    expires_on = forms.DateField(
        label=_("Expires on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("At most a year from today; the token stops working after this day."),
    )
    may_register = forms.BooleanField(
        label=_("May register"),
        required=False,
        help_text=_(
            "Register for network days and cancel through the API, as you may on the pages. "
            "Without it the token only reads."
        ),
    )

    def __init__(self, *args, today: datetime.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        today = today or timezone.localdate()
        field = self.fields["expires_on"]
        field.initial = today + datetime.timedelta(days=90)
        field.widget.attrs["min"] = (today + datetime.timedelta(days=1)).isoformat()
        field.widget.attrs["max"] = (today + datetime.timedelta(days=TOKEN_MAX_DAYS)).isoformat()
