from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .constants import SecurityEventKind


class SecurityEvent(models.Model):
    """One line of the security log: who did what, when, from where.

    Kept for RETENTION_DAYS["security_log"] days, then purged by a scheduled task.
    """

    kind = models.CharField(_("event"), max_length=30, choices=SecurityEventKind.choices)
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    username = models.CharField(_("username"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("security event")
        verbose_name_plural = _("security log")
        indexes = [models.Index(fields=["kind", "at"], name="securityevent_kind_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()} {self.username}"
