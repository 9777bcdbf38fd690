"""/account/tokens/: a person's own API tokens — make one (named, with an expiry, read-only
unless "may register"; its secret is shown once, on the answer to the form), see each
one's last use, revoke one. Every view calls its access helper first."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from infra.forms import add_service_error

from .access import get_token_for_owner, require_token_maker, tokens_page_flags
from .constants import TOKEN_MAX_ACTIVE
from .forms import TokenForm
from .models import ApiToken
from .services import token_create, token_revoke


@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    may_make = tokens_page_flags(request).may_hold_api_tokens
    if request.method == "POST":
        require_token_maker(request)
    form = TokenForm(request.POST or None) if may_make else None
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = token_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            # The secret is shown in this answer only (never stored, never in a redirect).
            return render(request, "api/token_created.html", {"token": token, "secret": secret})
    tokens = ApiToken.objects.filter(user=request.user)
    return render(
        request,
        "api/token_list.html",
        {"form": form, "tokens": tokens, "max_active": TOKEN_MAX_ACTIVE, "may_make": may_make},
    )


@require_http_methods(["GET", "POST"])
def token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    """GET, or a POST without the confirmation: say what will happen. ``confirm=yes``
    revokes."""
    token = get_token_for_owner(request, pk)
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        try:
            token_revoke(token=token, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("The token “%(name)s” has been revoked.") % {"name": token.name}
            )
        return redirect("api_tokens:list")
    return render(request, "api/token_revoke.html", {"token": token})
