"""Personal API tokens. A person makes them on their account page (/account/tokens/);
the API (``api.authentication``) finds a token by the SHA-256 of what the client sends.
The secret itself is shown once and never stored."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from infra.bounds import NETWORK, bounded


class ApiTokenQuerySet(models.QuerySet):
    def usable(self, today: datetime.date | None = None):
        """Not revoked and not expired (a token works through its expiry date)."""
        today = today or timezone.localdate()
        return self.filter(revoked_at__isnull=True, expires_on__gte=today)


class ApiToken(models.Model):
    """A person's key to the API: it acts as its owner (what the owner's roles allow on
    the pages, asked again on every request), read-only unless ``may_register``."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("login"),
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the token is for, e.g. “intranet agenda”.")
    )
    # "g40_" and the first characters of the secret, to recognise the token by.
    prefix = models.CharField(_("begins with"), max_length=20)
    key_hash = models.CharField(_("SHA-256 of the token"), max_length=64, unique=True)
    may_register = models.BooleanField(
        _("may register"),
        default=False,
        help_text=_("Register for network days and cancel through the API; otherwise read-only."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_on = models.DateField(_("expires on"), validators=[NETWORK])
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        indexes = [models.Index(fields=["user", "revoked_at"], name="apitoken_user_revoked")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(name=""),
                name="apitoken_has_name",
                violation_error_code="name_required",
                violation_error_message=_("A token needs a name."),
            ),
            models.CheckConstraint(
                condition=Q(key_hash__regex=r"^[0-9a-f]{64}$"),
                name="apitoken_key_hash_sha256",
                violation_error_code="key_hash_invalid",
                violation_error_message=_("A token is stored as its SHA-256, in hex."),
            ),
            bounded("apitoken", "expires_on"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_usable(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.revoked_at is None and self.expires_on >= today

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
