"""The second factor's pages: django-two-factor-auth's views and forms (set-up wizard,
QR code, recovery codes, switching off) and its token forms on the code page, in the
site's templates. The project keeps its policy only: who must have a factor
(``accounts.services.mfa_required_for``), when a session must pass it (the middleware),
the security log, and that a city's provider's second factor counts (accounts.oidc).

The devices are django-otp's, named as django-two-factor-auth names them: the app's
TOTP device ``default``, the recovery codes a static device ``backup`` (migration 0007
renamed the earlier ones)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from two_factor import forms as two_factor_forms
from two_factor import views as two_factor_views
from two_factor.utils import default_device

from .constants import SecurityEventKind
from .middleware import SESSION_HAS_DEVICE
from .services import (
    has_second_factor,
    mfa_required_for,
    recovery_codes_create,
    second_factor_disable,
    security_event_record,
)
from .views import _next_url

# --- setting it up ----------------------------------------------------------------


class SetupTokenForm(two_factor_forms.TOTPDeviceForm):
    """The first code from the app: the library's check, our words."""

    error_messages = {
        "invalid_token": gettext_lazy("This code is not right. Check the time on your phone.")
    }

    def __init__(self, key, user, metadata=None, **kwargs):  # the wizard reads the names
        super().__init__(key, user, metadata=metadata, **kwargs)
        self.fields["token"].label = gettext_lazy("Code from your app")


class TotpSetupView(two_factor_views.SetupView):
    """django-two-factor-auth's set-up wizard, straight to its one method (an
    authenticator app): the key lives in the wizard's session storage until a first code
    proves the app has it; only then is the device saved (``default``). Then the
    recovery codes are made and shown once, and the session counts as verified."""

    template_name = "accounts/totp_setup.html"
    qrcode_url = "accounts:totp_qr"
    success_url = "accounts:overview"
    form_list = (("method", two_factor_forms.MethodForm),)  # no welcome step

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and has_second_factor(user):
            if user.is_verified():
                return redirect("accounts:overview")
            return redirect(f"{reverse('accounts:otp_verify')}?next={_next_url(request)}")
        return super().dispatch(request, *args, **kwargs)

    def get_form_list(self):
        form_list = super().get_form_list()
        if "generator" in form_list:
            form_list["generator"] = SetupTokenForm
        return form_list

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form, **kwargs)
        secret = context.get("secret_key", "").rstrip("=")
        context.update(
            secret=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            required=mfa_required_for(self.request.user),
            next=self.request.GET.get("next", self.request.POST.get("next", "")),
        )
        return context

    def done(self, form_list, **kwargs):
        request = self.request
        super().done(form_list, **kwargs)  # saves the device, verifies this session
        codes = recovery_codes_create(user=request.user, by=request.user, request=request)
        request.session[SESSION_HAS_DEVICE] = True
        security_event_record(kind=SecurityEventKind.MFA_ENABLED, request=request)
        return render(
            request,
            "accounts/recovery_codes.html",
            {"codes": codes, "next": _next_url(request), "first_time": True},
        )


class QrCodeView(two_factor_views.QRGeneratorView):
    """The QR code of the key being set up (django-two-factor-auth's), named after the
    network rather than the host name."""

    def get_issuer(self):
        return settings.OTP_TOTP_ISSUER


# --- passing it ---------------------------------------------------------------------


def _token_form(user, data):
    """django-two-factor-auth's token form for what was typed: six digits for the app
    (its ``default`` device), anything else a recovery code (its ``backup`` device).
    Each checks only its own device, with django-otp's throttle: after wrong codes the
    device refuses for a while, longer each time."""
    typed = "".join((data or {}).get("otp_token", "").split())
    if data is not None:
        data = {**data.dict(), "otp_token": typed}
    if typed and not (typed.isdigit() and len(typed) == 6):
        device = StaticDevice.objects.filter(user=user, name="backup").first()
        return RecoveryTokenForm(user=user, initial_device=device, data=data)
    return AppTokenForm(user=user, initial_device=default_device(user), data=data)


class _OurWords:
    otp_error_messages = {
        **two_factor_forms.AuthenticationTokenForm.otp_error_messages,
        "invalid_token": gettext_lazy("This code is not right, or it has been used already."),
        "device_required": gettext_lazy("This code is not right, or it has been used already."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["otp_token"]
        field.label = gettext_lazy("Code")
        field.help_text = gettext_lazy(
            "The six digits your authenticator app shows, or one of your recovery codes."
        )
        field.widget.attrs.update(autocomplete="one-time-code", autofocus=True)


class AppTokenForm(_OurWords, two_factor_forms.AuthenticationTokenForm):
    pass


class RecoveryTokenForm(_OurWords, two_factor_forms.BackupTokenForm):
    pass


@require_http_methods(["GET", "POST"])
def otp_verify(request: HttpRequest) -> HttpResponse:
    """The code page a session with a second factor passes once (the middleware sends
    it here): our login and the city's provider's come first, so this is the token step
    of django-two-factor-auth's login wizard on its own."""
    if request.user.is_verified():
        return redirect(_next_url(request))
    if not has_second_factor(request.user):
        # Switched off in another session: this one no longer needs to pass it.
        request.session[SESSION_HAS_DEVICE] = False
        return redirect(_next_url(request))
    form = _token_form(request.user, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            otp_login(request, request.user.otp_device)
            security_event_record(kind=SecurityEventKind.SECOND_FACTOR_PASSED, request=request)
            return redirect(_next_url(request))
        security_event_record(kind=SecurityEventKind.SECOND_FACTOR_FAILED, request=request)
    return render(
        request, "accounts/otp_verify.html", {"form": form, "next": request.GET.get("next", "")}
    )


# --- recovery codes, switching it off --------------------------------------------------


class RecoveryCodesView(two_factor_views.BackupTokensView):
    """New recovery codes (django-two-factor-auth's page, verified sessions only): the
    old ones stop working; the new ones are shown once, never again."""

    http_method_names = ["post"]
    template_name = "accounts/recovery_codes.html"

    def dispatch(self, request, *args, **kwargs):
        if not has_second_factor(request.user) or not request.user.is_verified():
            raise PermissionDenied  # a refusal, not the library's way to the login page
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        codes = recovery_codes_create(
            user=self.request.user, by=self.request.user, request=self.request
        )
        return render(self.request, self.template_name, {"codes": codes, "first_time": False})


class SecondFactorDisableView(two_factor_views.DisableView):
    """Switching the second factor off (django-two-factor-auth's page and its "yes, I am
    sure"): only from a session that passed it, and never where the role requires one."""

    template_name = "accounts/second_factor_off.html"
    success_url = reverse_lazy("accounts:overview")

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if has_second_factor(user) and not user.is_verified():
            raise PermissionDenied  # only a session that passed the factor
        if mfa_required_for(user):
            messages.error(
                request, _("Your role requires a second factor, so it cannot be switched off.")
            )
            return redirect("accounts:overview")
        if not has_second_factor(user):
            return redirect("accounts:overview")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        request = self.request
        second_factor_disable(user=request.user, by=request.user, request=request)
        security_event_record(kind=SecurityEventKind.MFA_DISABLED, request=request)
        request.session[SESSION_HAS_DEVICE] = False
        messages.success(request, _("The second factor has been switched off."))
        return redirect(self.success_url)


totp_setup = TotpSetupView.as_view()
totp_qr = QrCodeView.as_view()
recovery_codes_new = RecoveryCodesView.as_view()
second_factor_off = SecondFactorDisableView.as_view()
