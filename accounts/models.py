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

    def readable_detail(self) -> list[tuple[str, str]]:
        """The detail as (label, value) pairs in the reader's language, for the log page
        (not the raw dictionary). Unknown keys are shown as they are."""
        import datetime

        from django.utils import formats

        from members.constants import BoardPosition, RoleKind

        labels = {
            "created": _("new"),
            "person": _("person (number)"),
            "role": _("role"),
            "board_position": _("board position"),
            "pillar": _("pillar (number)"),
            "starts_on": _("starts on"),
            "ends_on": _("ends on"),
            "what": _("what"),
            "network_day": _("network day (number)"),
            "format": _("file format"),
        }
        choices = {"role": RoleKind, "board_position": BoardPosition}
        pairs = []
        for key, value in self.detail.items():
            if value in (None, ""):
                continue
            if isinstance(value, bool):
                shown = _("yes") if value else _("no")
            elif key in choices and value in choices[key].values:
                shown = choices[key](value).label
            elif key in ("starts_on", "ends_on"):
                try:
                    shown = formats.date_format(datetime.date.fromisoformat(value), "j F Y")
                except (TypeError, ValueError):
                    shown = value
            elif key == "what" and value == "attendees":
                shown = _("attendee list")
            else:
                shown = value
            pairs.append((str(labels.get(key, key)), str(shown)))
        return pairs


class EmailChange(models.Model):
    """A new e-mail address for a login, waiting for its confirmation.

    A person's address may be changed by their city's contact or the secretariat
    (``members.permissions.may_manage_login_of``); the login keeps its confirmed
    address (password reset, invitations, the username) until the link sent to the new
    address has been followed (issue 22, item 2). Only the token's SHA-256 is kept."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("user"),
    )
    email = models.EmailField(_("new e-mail address"))
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("change of login address")
        verbose_name_plural = _("changes of login address")

    def __str__(self) -> str:
        return f"{self.user_id} → {self.email}"
