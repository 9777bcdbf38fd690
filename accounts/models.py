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
            elif key in ("person", "pillar", "network_day"):
                # A record's number, not an amount: "#11037", never grouped.
                shown = f"#{value}"
            elif key == "what" and value == "attendees":
                shown = _("attendee list")
            else:
                shown = value
            pairs.append((str(labels.get(key, key)), str(shown)))
        return pairs


class IdentityProviderQuerySet(models.QuerySet):
    def enabled(self):
        return self.filter(enabled=True)

    def for_email(self, email: str):
        """The enabled providers that answer for the domain of ``email``."""
        domain = email.rpartition("@")[2].strip().lower()
        if not domain:
            return self.none()
        return [p for p in self.enabled().prefetch_related("cities") if domain in p.domains]


class IdentityProvider(models.Model):
    """A city's own OpenID Connect provider (Entra ID, ADFS, Keycloak, …), with the
    client this app is registered as there. It speaks only for the cities listed (several
    cities may share one) and, if ``for_secretariat``, for the secretariat's people."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    enabled = models.BooleanField(
        _("enabled"), default=True, help_text=_("A disabled provider logs nobody in.")
    )
    cities = models.ManyToManyField(
        "members.City",
        blank=True,
        related_name="identity_providers",
        verbose_name=_("cities"),
        help_text=_("The cities whose people this provider may log in."),
    )
    for_secretariat = models.BooleanField(
        _("for the secretariat"),
        default=False,
        help_text=_("This provider logs in the secretariat's people."),
    )
    email_domains = models.TextField(
        _("e-mail domains"),
        max_length=2_000,
        help_text=_("The domains of the addresses this provider answers for, one per line."),
    )
    discovery_url = models.URLField(
        _("discovery URL"),
        max_length=500,
        blank=True,
        help_text=_(
            "…/.well-known/openid-configuration: the endpoints below are read from it on save."
        ),
    )
    issuer = models.CharField(_("issuer (iss)"), max_length=500, blank=True)
    authorization_endpoint = models.URLField(
        _("authorization endpoint"), max_length=500, blank=True
    )
    token_endpoint = models.URLField(_("token endpoint"), max_length=500, blank=True)
    userinfo_endpoint = models.URLField(_("userinfo endpoint"), max_length=500, blank=True)
    jwks_uri = models.URLField(_("JWKS endpoint"), max_length=500, blank=True)
    end_session_endpoint = models.URLField(
        _("logout endpoint (end_session_endpoint)"), max_length=500, blank=True
    )
    client_id = models.CharField(_("client id"), max_length=255)
    client_secret = models.CharField(_("client secret"), max_length=1000)
    scopes = models.CharField(_("scopes"), max_length=200, default="openid email profile")
    second_factor_acr = models.CharField(
        _("acr values that mean a second factor"),
        max_length=500,
        blank=True,
        help_text=_("Separated by spaces; empty: the acr claim does not count."),
    )
    second_factor_amr = models.CharField(
        _("amr values that mean a second factor"),
        max_length=500,
        blank=True,
        help_text=_("Separated by spaces, e.g. mfa; empty: the amr claim does not count."),
    )
    timeout_seconds = models.PositiveSmallIntegerField(
        _("timeout (seconds)"),
        default=5,
        help_text=_("How long to wait for the provider before telling the person it is down."),
    )

    objects = IdentityProviderQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("identity provider")
        verbose_name_plural = _("identity providers")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(timeout_seconds__gte=1, timeout_seconds__lte=60),
                name="identityprovider_timeout_range",
                violation_error_message=_("The timeout is between 1 and 60 seconds."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def domains(self) -> list[str]:
        return [
            d.strip().lower().lstrip("@")
            for d in self.email_domains.replace(",", "\n").splitlines()
            if d.strip()
        ]

    def vouches_for_second_factor(self, claims: dict) -> bool:
        """Whether the ID token's acr or amr says the person passed a second factor."""
        acr_values = set(self.second_factor_acr.split())
        amr_values = set(self.second_factor_amr.split())
        amr = claims.get("amr") or []
        if isinstance(amr, str):
            amr = [amr]
        return bool(
            (acr_values and claims.get("acr") in acr_values) or (amr_values & set(map(str, amr)))
        )

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if not self.domains:
            raise ValidationError({"email_domains": _("Give at least one e-mail domain.")})
        for domain in self.domains:
            if "." not in domain or " " in domain or "@" in domain:
                raise ValidationError(
                    {"email_domains": _("%(domain)s is not a domain.") % {"domain": domain}}
                )
        self.email_domains = "\n".join(self.domains)
        taken = {
            domain: other.name
            for other in IdentityProvider.objects.exclude(pk=self.pk)
            for domain in other.domains
        }
        for domain in self.domains:
            if domain in taken:
                raise ValidationError(
                    {
                        "email_domains": _("%(provider)s answers for %(domain)s already.")
                        % {"provider": taken[domain], "domain": domain}
                    }
                )


class ProviderLink(models.Model):
    """A login of a city's provider (its ``sub``) linked to one of our logins: a
    returning login is matched by (provider, sub), never by its e-mail address."""

    provider = models.ForeignKey(
        IdentityProvider,
        on_delete=models.CASCADE,
        related_name="links",
        verbose_name=_("identity provider"),
    )
    sub = models.CharField(_("subject (sub)"), max_length=255)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="provider_links",
        verbose_name=_("login"),
    )
    created_at = models.DateTimeField(_("linked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("provider link")
        verbose_name_plural = _("provider links")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "sub"],
                name="providerlink_one_per_sub",
                violation_error_message=_("This provider's login is linked already."),
            ),
            models.UniqueConstraint(
                fields=["provider", "user"],
                name="providerlink_one_per_user",
                violation_error_message=_("This login has a link to this provider already."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider} · {self.sub}"


class LoginRequest(models.Model):
    """Someone whose city's provider logged them in, but whom the city does not list
    (yet): they asked the city's contact to add them. Never a person or role by itself."""

    provider = models.ForeignKey(
        IdentityProvider,
        on_delete=models.CASCADE,
        related_name="login_requests",
        verbose_name=_("identity provider"),
    )
    city = models.ForeignKey(
        "members.City",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="login_requests",
        verbose_name=_("city"),
    )
    sub = models.CharField(_("subject (sub)"), max_length=255)
    email = models.EmailField(_("e-mail address"))
    name = models.CharField(_("name"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    closed_at = models.DateTimeField(_("handled at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("login request")
        verbose_name_plural = _("login requests")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "sub"],
                condition=models.Q(closed_at__isnull=True),
                name="loginrequest_one_open_per_sub",
                violation_error_message=_("This login has asked already."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.created_at:%Y-%m-%d})"


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
