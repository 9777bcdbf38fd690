from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class InfraConfig(AppConfig):
    """Shared infrastructure: the cache client, locking, the admin base, backups,
    middleware, system checks. It knows no app above it."""

    name = "infra"
    verbose_name = "G40 Netwerk"

    def ready(self):
        from django.db.models.signals import pre_save

        from . import checks  # noqa: F401  (checks register themselves)
        from .text import clean_text_fields, limit_text_fields

        limit_text_fields()

        # Before any app's own receivers (the audit trail's), so they see clean text.
        pre_save.connect(clean_text_fields, dispatch_uid="infra.clean_text_fields")


class G40AdminConfig(AdminConfig):
    """Django admin, open to whom the core allows (see infra.admin.G40AdminSite)."""

    default_site = "infra.admin.G40AdminSite"
