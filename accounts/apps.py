from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and security")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import signals  # noqa: F401 - connects the security-log receivers
        from .models import IdentityProvider, ProviderLink

        # The providers as the secretariat sets them up (never the client's secret), and
        # each link of a provider's login to one of ours (issue 26).
        auditlog.register(IdentityProvider, exclude_fields=["client_secret"])
        auditlog.register(ProviderLink)
