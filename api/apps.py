from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """/api/v1 (Django REST framework, drf-spectacular) and the personal tokens of
    /account/tokens/. It calls the other apps' services, selectors and access helpers:
    no rule of its own about who may see or do what (docs/api.md)."""

    name = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        # The OpenAPI description of the bearer token (drf-spectacular finds extensions
        # when their module is imported).
        from . import schema  # noqa: F401
        from .models import ApiToken

        # Made and revoked tokens are in the audit trail; never the hash, and not the last
        # use (written by an update every few minutes, not a change anyone made).
        auditlog.register(ApiToken, exclude_fields=["key_hash", "last_used_at"])
