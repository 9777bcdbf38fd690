from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from outbox.services import mail_queue

from .models import Person


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


class CitySearchForm(forms.Form):
    q = forms.CharField(label=_("Search by name"), required=False, max_length=100)
    province = forms.ChoiceField(label=_("Province"), required=False)

    def __init__(self, *args, provinces: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = [("", _("All provinces"))] + [(p, p) for p in provinces]


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["name", "email", "phone", "function"]

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        clash = Person.objects.filter(email=email)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Someone with this e-mail address is already known."))
        return email
