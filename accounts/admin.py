from django import forms
from django.contrib import admin
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp import admin as otp_totp_admin
from django_otp.plugins.otp_totp.models import TOTPDevice

from infra.admin import SecretariatAdmin

from .models import IdentityProvider, LoginRequest, ProviderLink, SecurityEvent


@admin.register(SecurityEvent)
class SecurityEventAdmin(SecretariatAdmin):
    list_display = ["at", "kind", "username", "ip_address"]
    list_filter = ["kind"]
    search_fields = ["username"]
    readonly_fields = ["at", "kind", "user", "username", "ip_address", "detail"]

    def has_add_permission(self, request, *args) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


# django-otp's own admin for authenticator devices answers 500 for an id that does not
# exist (its config and QR views use .get()): answer 404 instead. Its sensitive views
# stay hidden altogether (OTP_ADMIN_HIDE_SENSITIVE_DATA): nobody reads another user's
# secret through the admin.
_LARGEST_ID = 2**63 - 1


class TOTPDeviceAdmin(otp_totp_admin.TOTPDeviceAdmin):
    def _device_or_404(self, pk: int) -> None:
        if not 0 < pk <= _LARGEST_ID or not TOTPDevice.objects.filter(pk=pk).exists():
            raise Http404

    def config_view(self, request, pk):
        self._device_or_404(pk)
        return super().config_view(request, pk)

    def qrcode_view(self, request, pk):
        self._device_or_404(pk)
        return super().qrcode_view(request, pk)


if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)
admin.site.register(TOTPDevice, TOTPDeviceAdmin)


# --- logging in with the city's own account (issue 26) -----------------------------


class IdentityProviderForm(forms.ModelForm):
    # A plain list of the cities (declared here: no "add another city" link beside it).
    cities = forms.ModelMultipleChoiceField(
        label=_("cities"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_("The cities whose people this provider may log in."),
    )
    client_secret = forms.CharField(
        label=_("client secret"),
        widget=forms.PasswordInput(render_value=True),
        max_length=1000,
    )

    class Meta:
        model = IdentityProvider
        fields = [  # noqa: RUF012 - Django's Meta
            "name",
            "enabled",
            "cities",
            "for_secretariat",
            "email_domains",
            "discovery_url",
            "issuer",
            "authorization_endpoint",
            "token_endpoint",
            "userinfo_endpoint",
            "jwks_uri",
            "end_session_endpoint",
            "timeout_seconds",
            "client_id",
            "client_secret",
            "scopes",
            "second_factor_acr",
            "second_factor_amr",
        ]
        widgets = {"email_domains": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        from members.models import City

        super().__init__(*args, **kwargs)
        self.fields["cities"].queryset = City.objects.order_by("name")

    def clean(self):
        from .oidc import ProviderError, provider_discover

        data = super().clean()
        if self.errors:
            return data
        if data.get("discovery_url"):
            self.instance.discovery_url = data["discovery_url"]
            self.instance.timeout_seconds = data.get("timeout_seconds") or 5
            try:
                provider_discover(self.instance)
            except ProviderError:
                raise forms.ValidationError(
                    {
                        "discovery_url": _(
                            "The discovery URL did not answer with a discovery document."
                        )
                    }
                ) from None
            for field in (
                "issuer",
                "authorization_endpoint",
                "token_endpoint",
                "userinfo_endpoint",
                "jwks_uri",
                "end_session_endpoint",
            ):
                data[field] = getattr(self.instance, field)
        missing = [
            f
            for f in ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")
            if not data.get(f)
        ]
        if missing:
            raise forms.ValidationError(
                _(
                    "Give a discovery URL, or the issuer and the authorization, token "
                    "and JWKS endpoints."
                )
            )
        if not data.get("cities") and not data.get("for_secretariat"):
            raise forms.ValidationError(
                {"cities": _("Choose the cities this provider logs in (or the secretariat).")}
            )
        return data


@admin.register(IdentityProvider)
class IdentityProviderAdmin(SecretariatAdmin):
    form = IdentityProviderForm
    list_display = ["name", "enabled", "for_secretariat", "issuer"]
    list_filter = ["enabled"]
    search_fields = ["name", "email_domains"]
    fieldsets = [
        (None, {"fields": ["name", "enabled", "cities", "for_secretariat", "email_domains"]}),
        (
            _("Provider"),
            {
                "fields": [
                    "discovery_url",
                    "issuer",
                    "authorization_endpoint",
                    "token_endpoint",
                    "userinfo_endpoint",
                    "jwks_uri",
                    "end_session_endpoint",
                    "timeout_seconds",
                ]
            },
        ),
        (
            _("This app as the provider's client"),
            {"fields": ["client_id", "client_secret", "scopes"]},
        ),
        (_("Second factor"), {"fields": ["second_factor_acr", "second_factor_amr"]}),
    ]


@admin.register(ProviderLink)
class ProviderLinkAdmin(SecretariatAdmin):
    list_display = ["user", "provider", "sub", "created_at"]
    list_filter = ["provider"]
    search_fields = ["user__username", "sub"]
    readonly_fields = ["provider", "sub", "user", "created_at"]

    def has_add_permission(self, request, *args) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(LoginRequest)
class LoginRequestAdmin(SecretariatAdmin):
    list_display = ["email", "name", "city", "provider", "created_at", "closed_at"]
    list_filter = ["provider", "closed_at"]
    search_fields = ["email", "name"]
    readonly_fields = ["provider", "city", "sub", "email", "name", "created_at"]

    def has_add_permission(self, request, *args) -> bool:
        return False
