from django import forms
from django.utils.translation import gettext_lazy as _


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=16,
        help_text=_("The six digits your authenticator app shows, or one of your recovery codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_token(self) -> str:
        return "".join(self.cleaned_data["token"].split())


class SetupTokenForm(TokenForm):
    token = forms.CharField(
        label=_("Code from your app"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class SecurityLogFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Event"), required=False)
    username = forms.CharField(label=_("Username"), required=False, max_length=150)

    def __init__(self, *args, **kwargs):
        from .constants import SecurityEventKind

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All events")), *SecurityEventKind.choices]
