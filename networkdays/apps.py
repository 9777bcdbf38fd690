from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkdaysConfig(AppConfig):
    name = "networkdays"
    verbose_name = _("Network days")
