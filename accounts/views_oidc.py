"""The login page with the city's own account, the provider's callback, the page for a
login nobody knows, and logging out of both (docs/accounts.md, issue 26)."""

import logging
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from infra.forms import CleanFormMixin

from .constants import SecurityEventKind
from .middleware import SESSION_PROVIDER_MFA
from .models import IdentityProvider, LoginRequest
from .oidc import (
    SESSION_LOGIN,
    SESSION_UNKNOWN,
    ProviderClient,
    ProviderError,
    authorization_url,
    login_request_close,
    login_request_create,
    login_resolve,
    state_take,
)
from .services import security_event_record
from .views import _next_url

logger = logging.getLogger(__name__)


class ProviderChoiceForm(CleanFormMixin, forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Your work e-mail address"), required=False, max_length=150
    )
    city = forms.ModelChoiceField(
        label=gettext_lazy("or choose your city"),
        queryset=IdentityProvider.objects.none(),
        required=False,
        empty_label="—",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = _city_choices()
        self.fields["city"].label_from_instance = lambda city: city.name

    def clean(self):
        data = super().clean()
        email, city = data.get("email"), data.get("city")
        if email:
            providers = IdentityProvider.objects.for_email(email)
            if not providers:
                raise forms.ValidationError(
                    _("No city has set up logging in with its own account for this address."),
                    code="no_provider",
                )
            data["provider"] = providers[0]
        elif city is not None:
            data["provider"] = city.identity_providers.filter(enabled=True).first()
        else:
            raise forms.ValidationError(
                _("Enter your work e-mail address or choose your city."), code="required"
            )
        return data


def _city_choices():
    from members.models import City

    return City.objects.filter(identity_providers__enabled=True).distinct().order_by("name")


def _provider_form_shown() -> bool:
    return IdentityProvider.objects.enabled().exists()


def _origin(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


class LoginView(auth_views.LoginView):
    """The password login, and above it "log in with your city's account" when a
    provider is set up. Its form is sent on to the provider: the page's
    Content-Security-Policy lets forms go to the providers' origins (form-action
    covers the redirect after the POST too)."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if _provider_form_shown():
            context.setdefault("provider_form", ProviderChoiceForm())
        return context

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        origins = sorted(
            {
                _origin(url)
                for url in IdentityProvider.objects.enabled().values_list(
                    "authorization_endpoint", flat=True
                )
            }
            - {""}
        )
        if origins:
            response._csp_update = {"form-action": origins}
        return response


@login_not_required
@require_POST
def oidc_start(request: HttpRequest) -> HttpResponse:
    form = ProviderChoiceForm(request.POST)
    if not form.is_valid():
        view = LoginView.as_view(extra_context={"provider_form": form})
        request.method = "GET"
        response = view(request)
        response.status_code = 400
        return response
    provider = form.cleaned_data["provider"]
    return redirect(authorization_url(request, provider, next_url=_next_url(request)))


def _failed(request, *, provider, reason: str, status: int) -> HttpResponse:
    security_event_record(
        kind=SecurityEventKind.PROVIDER_LOGIN_FAILED,
        request=request,
        detail={"provider": provider.name if provider else "", "what": reason},
    )
    cities = [c.name for c in provider.cities.all()] if provider else []
    return render(
        request,
        "accounts/oidc_failed.html",
        {"provider": provider, "cities": cities, "reason": reason},
        status=status,
    )


@login_not_required
@require_GET
def oidc_callback(request: HttpRequest) -> HttpResponse:
    provider = None
    try:
        entry = state_take(request, request.GET.get("state", ""))
        provider = entry["provider"]
        if not provider.enabled:
            return _failed(request, provider=provider, reason="disabled", status=403)
        if request.GET.get("error") or not request.GET.get("code"):
            raise ProviderError("refused", request.GET.get("error", "no code")[:100], provider)
        if request.GET.get("iss") and request.GET["iss"] != provider.issuer:
            raise ProviderError("refused", "authorization response of another issuer", provider)
        claims = ProviderClient(provider).exchange(
            code=request.GET["code"],
            redirect_uri=request.build_absolute_uri(reverse("accounts:oidc_callback")),
            nonce=entry["nonce"],
            verifier=entry["verifier"],
        )
    except ProviderError as exc:
        logger.warning("OIDC login refused: %s", exc.detail)
        provider = exc.provider or provider
        status = 502 if exc.reason == "unreachable" else 400
        return _failed(request, provider=provider, reason=exc.reason, status=status)
    outcome = login_resolve(provider=provider, claims=claims, request=request)
    if outcome.refused:
        return _failed(request, provider=provider, reason=outcome.refused, status=403)
    if outcome.unknown is not None:
        request.session[SESSION_UNKNOWN] = outcome.unknown
        return redirect("accounts:oidc_unknown")
    login(request, outcome.user, backend="django.contrib.auth.backends.ModelBackend")
    request.session[SESSION_LOGIN] = {"provider": provider.pk, "id_token": claims["_id_token"]}
    request.session[SESSION_PROVIDER_MFA] = outcome.mfa
    return redirect(entry["next"])


@login_not_required
@require_http_methods(["GET", "POST"])
def oidc_unknown(request: HttpRequest) -> HttpResponse:
    unknown = request.session.get(SESSION_UNKNOWN)
    if not unknown:
        return redirect("login")
    provider = IdentityProvider.objects.filter(pk=unknown["provider"]).first()
    if provider is None:
        return redirect("login")
    asked = False
    if request.method == "POST":
        login_request_create(unknown=unknown, request=request)
        del request.session[SESSION_UNKNOWN]
        asked = True
    return render(
        request,
        "accounts/oidc_unknown.html",
        {
            "unknown": unknown,
            "provider": provider,
            "cities": [c.name for c in provider.cities.all()],
            "asked": asked,
        },
    )


@require_POST
def login_request_handled(request: HttpRequest, pk: int) -> HttpResponse:
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    from members.permissions import permissions_for

    login_request = get_object_or_404(LoginRequest, pk=pk, closed_at__isnull=True)
    if not permissions_for(request.user).may_handle_login_request(login_request.city_id):
        raise Http404
    try:
        login_request_close(login_request=login_request, by=request.user)
    except PermissionDenied:
        raise Http404 from None
    messages.success(request, _("The request is marked as handled."))
    return redirect("dashboard")


@method_decorator(login_not_required, name="dispatch")
class LogoutView(auth_views.LogoutView):
    """Ends this session and, after a login through a provider that offers it, the
    provider's session too (RP-initiated logout: its end_session_endpoint)."""

    def post(self, request, *args, **kwargs):
        login_info = request.session.get(SESSION_LOGIN) or {}
        provider = IdentityProvider.objects.filter(pk=login_info.get("provider")).first()
        logout(request)
        if provider is not None and provider.end_session_endpoint:
            params = {
                "id_token_hint": login_info.get("id_token", ""),
                "client_id": provider.client_id,
                "post_logout_redirect_uri": request.build_absolute_uri(reverse("login")),
            }
            # A page, not a redirect: the logout form of every page may only post to
            # this site (form-action 'self'), redirects included; the page goes on to
            # the provider by itself, and offers the link.
            return render(
                request,
                "accounts/logged_out_provider.html",
                {
                    "provider_logout_url": f"{provider.end_session_endpoint}?{urlencode(params)}",
                    "cities": [c.name for c in provider.cities.all()],
                },
            )
        return redirect(self.get_success_url())


__all__ = ["LoginView", "LogoutView", "oidc_start", "oidc_callback", "oidc_unknown"]
