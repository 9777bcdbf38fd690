import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp.plugins.otp_static.models import StaticToken

from members.access import get_person_for_erasure, get_person_for_invitation
from members.permissions import permissions_for

from .constants import SecurityEventKind
from .forms import SecurityLogFilterForm
from .models import SecurityEvent
from .services import (
    has_second_factor,
    login_email_change_confirm,
    login_email_change_pending,
    mfa_required_for,
    personal_data_collect,
    security_event_record,
)
from .services import person_erase as person_erase_service
from .services import person_invite as person_invite_service


def _next_url(request: HttpRequest, default: str = "dashboard") -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    # Only a path on this site; anything else (another host, a bare word) goes home.
    if candidate.startswith("/") and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(default)


@require_GET
def account_overview(request: HttpRequest) -> HttpResponse:
    user = request.user
    recovery_left = StaticToken.objects.filter(device__user=user).count()
    return render(
        request,
        "accounts/account_overview.html",
        {
            "has_second_factor": has_second_factor(user),
            "second_factor_required": mfa_required_for(user),
            "mfa_required_setting": settings.MFA_REQUIRED,
            "recovery_left": recovery_left,
            "person": permissions_for(user).person,
        },
    )


@require_POST
def my_data(request: HttpRequest) -> HttpResponse:
    person = permissions_for(request.user).person
    if person is None:
        raise Http404
    data = personal_data_collect(person=person)
    security_event_record(kind=SecurityEventKind.DATA_DOWNLOADED, request=request)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="g40-my-data.json"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def security_log(request: HttpRequest) -> HttpResponse:
    if not permissions_for(request.user).may_read_security_log:
        raise PermissionDenied
    form = SecurityLogFilterForm(request.GET or None)
    events = SecurityEvent.objects.all()
    if form.is_valid():
        if form.cleaned_data["kind"]:
            events = events.filter(kind=form.cleaned_data["kind"])
        if form.cleaned_data["username"]:
            events = events.filter(username__icontains=form.cleaned_data["username"])
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/security_log.html",
        {
            "form": form,
            "page": page,
            "retention_days": settings.RETENTION_DAYS["security_log"],
        },
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("accounts:overview")
    template_name = "accounts/password_change.html"

    def form_valid(self, form):
        response = super().form_valid(form)
        security_event_record(kind=SecurityEventKind.PASSWORD_CHANGED, request=self.request)
        messages.success(self.request, _("Your password has been changed."))
        return response


@require_http_methods(["GET", "POST"])
def person_erase(request: HttpRequest, pk: int) -> HttpResponse:
    """The secretariat erases a person (AVG art. 17): registrations are anonymised and
    counts kept; the login goes."""
    person = get_person_for_erasure(request, pk)
    if request.method == "POST":
        city = person.city
        person_erase_service(by=request.user, person=person)
        messages.success(request, _("The person has been erased."))
        return redirect(city)
    return render(request, "accounts/person_erase.html", {"person": person})


@require_POST
def person_invite(request: HttpRequest, pk: int) -> HttpResponse:
    """The city's contact or the secretariat invites a person by mail to log in."""
    person = get_person_for_invitation(request, pk)
    try:
        person_invite_service(person=person, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("An invitation to log in has been sent to %(email)s.") % {"email": person.email},
        )
    return redirect("people:person_edit", pk=person.pk)


@method_decorator(login_not_required, name="dispatch")
class InvitationAcceptView(auth_views.PasswordResetConfirmView):
    """The invitation's link: the person chooses a password and is logged in, on their
    dashboard. The link works once (Django's token no longer matches once the password
    is set) and expires with PASSWORD_RESET_TIMEOUT."""

    template_name = "accounts/invitation_accept.html"
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = reverse_lazy("dashboard")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Welcome! Your password has been saved."))
        return response


@login_not_required
@require_http_methods(["GET", "POST"])
def email_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link sent to a login's new address: the page asks to confirm (a GET changes
    nothing: a mail scanner may follow links), the POST makes it the login's address.
    The token is the key; an unknown, used or expired one gets the same page."""
    if request.method == "POST":
        try:
            login_email_change_confirm(token=token, request=request)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your new e-mail address has been confirmed."))
            return redirect("dashboard" if request.user.is_authenticated else "login")
    change = login_email_change_pending(token)
    return render(
        request,
        "accounts/email_confirm.html",
        {"email": change.email if change else None},
        status=200 if change else 404,
    )
