from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThemegroupsConfig(AppConfig):
    name = "themegroups"
    verbose_name = _("Theme groups")
