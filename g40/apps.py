from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class G40Config(AppConfig):
    name = "g40"
    verbose_name = "G40 Netwerk"

    def ready(self):
        from . import checks, generations  # noqa: F401  (checks register themselves)

        generations.connect()


class G40AdminConfig(AdminConfig):
    """Django admin, open to the secretariat only (see g40.admin.G40AdminSite)."""

    default_site = "g40.admin.G40AdminSite"
