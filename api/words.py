"""Django's own Dutch for the few messages that Django REST framework's catalogue words
differently. Its catalogue is merged into the site's translations, so without these
every form of the site would say "Dit veld is vereist." instead of Django's "Dit veld is
verplicht."; the api app (listed before rest_framework in INSTALLED_APPS) translates
them as Django does. Marked here so that ``make messages`` keeps them."""

from django.utils.translation import gettext_noop

DJANGO_WORDING = (
    gettext_noop("This field is required."),
    gettext_noop("No file was submitted."),
    gettext_noop("Value must be valid JSON."),
    gettext_noop(
        "Upload a valid image. The file you uploaded was either not an image or a corrupted image."
    ),
)
