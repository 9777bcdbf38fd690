from django import forms
from django.utils.functional import lazy
from django.utils.html import escape
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from infra.forms import CleanFormMixin

from .models import Election
from .services import check_markup

ALLOWED_HELP = _(
    "Allowed: <p>, <h2>, <h3>, <ul>, <ol>, <li>, <strong>, <em>, <a href>, "
    "<blockquote>, <br>. Anything else (scripts, styles, images, other "
    "attributes) is refused."
)


class LetterForm(CleanFormMixin, forms.Form):
    """The plain editor: a subject and the letter's HTML in a textarea. Markup a letter
    may not hold is refused with what was found (``services.check_markup``)."""

    subject = forms.CharField(label=_("Subject"), max_length=200)
    body_html = forms.CharField(
        label=_("Text (HTML)"),
        widget=forms.Textarea(attrs={"rows": 22, "spellcheck": "true"}),
        # Escaped: the form's template shows help texts as HTML, and these name tags.
        help_text=lazy(lambda: escape(gettext(ALLOWED_HELP)), str)(),
    )

    def clean_body_html(self):
        return check_markup(self.cleaned_data["body_html"])


class ElectionForm(CleanFormMixin, forms.ModelForm):
    class Meta:
        model = Election
        fields = ["name", "held_on"]
        widgets = {"held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class SubscribeForm(CleanFormMixin, forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": _("Enter a valid e-mail address.")},
    )
