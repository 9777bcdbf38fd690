from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from infra.forms import CleanFormMixin
from outbox.services import mail_queue


class TokenForm(CleanFormMixin, forms.Form):
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


class SecurityLogFilterForm(CleanFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Event"), required=False)
    username = forms.CharField(label=_("Username"), required=False, max_length=150)

    def __init__(self, *args, **kwargs):
        from .constants import SecurityEventKind

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All events")), *SecurityEventKind.choices]


class QueuedPasswordResetForm(PasswordResetForm):
    """Password reset whose mail goes through the outbox (a Celery task, on commit)."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        user = context["user"]
        mail_queue(
            # A new token each time, so a second request sends a second mail.
            key=f"password-reset:{user.pk}:{context['token']}",
            to=[to_email],
            template="registration/mail/password_reset",
            context={
                "user": user,
                "link": f"{context['protocol']}://{context['domain']}"
                + reverse(
                    "password_reset_confirm",
                    kwargs={"uidb64": context["uid"], "token": context["token"]},
                ),
            },
        )
