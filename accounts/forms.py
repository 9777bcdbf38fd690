from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from infra.forms import CleanFormMixin
from outbox.services import mail_queue


class SecurityLogFilterForm(CleanFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Event"), required=False)
    username = forms.CharField(label=_("Username"), required=False, max_length=150)

    def __init__(self, *args, **kwargs):
        from .constants import SecurityEventKind

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All events")), *SecurityEventKind.choices]


class QueuedPasswordResetForm(CleanFormMixin, PasswordResetForm):
    """The password reset page's form. Saving it does the same work whether or not the
    address is known (``accounts.password_reset.password_reset_request``): it records the
    request, checks the limits and queues a task; the task looks the address up and
    queues the mail (``PasswordResetMailForm``)."""

    def save(self, *, request=None, **_options):
        from .password_reset import password_reset_request

        password_reset_request(email=self.cleaned_data["email"], request=request)


class PasswordResetMailForm(CleanFormMixin, PasswordResetForm):
    """Django's lookup of the accounts for an address, with the mail through the outbox
    and a link to ``SITE_URL`` (never to the Host header a request came with)."""

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
                "link": settings.SITE_URL
                + reverse(
                    "password_reset_confirm",
                    kwargs={"uidb64": context["uid"], "token": context["token"]},
                ),
            },
        )
