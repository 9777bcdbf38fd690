"""One registration: its own page (the personal link in the registration mails) with
the needs form, and cancelling it after a confirmation step. Every view calls
``access.get_registration_for_user`` first: the registrant, the contact of their city
and the secretariat; to anyone else the registration is a 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from . import services_registrations
from .access import get_registration_for_user
from .constants import RegistrationStatus
from .forms import NeedsForm

# The name and value of the field that confirms an irreversible step (no script: a
# POST without it shows the confirmation page and changes nothing).
CONFIRM_FIELD = "confirm"
CONFIRM_VALUE = "yes"


def is_confirmed(request: HttpRequest) -> bool:
    return request.POST.get(CONFIRM_FIELD) == CONFIRM_VALUE


def _may_change(registration) -> bool:
    day = registration.network_day
    return registration.is_active and not day.is_past and not day.is_cancelled


@never_cache  # it shows the registrant's needs
@require_http_methods(["GET", "POST"])
def registration_detail(request: HttpRequest, pk: int) -> HttpResponse:
    registration = get_registration_for_user(request, pk)
    form = NeedsForm(
        request.POST or None,
        initial={
            "dietary_needs": registration.dietary_needs,
            "accessibility_needs": registration.accessibility_needs,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services_registrations.registration_update_needs(
                registration=registration, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The needs have been saved."))
            return redirect("networkdays:registration_detail", pk=registration.pk)
    return render(
        request,
        "networkdays/registration_detail.html",
        {
            "registration": registration,
            "day": registration.network_day,
            "form": form,
            "may_change": _may_change(registration),
        },
    )


@require_http_methods(["GET", "POST"])
def registration_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """GET, or a POST without the confirmation: say what will happen; nothing changes.
    A POST with ``confirm=yes`` cancels."""
    registration = get_registration_for_user(request, pk)
    if request.method == "POST" and is_confirmed(request):
        try:
            services_registrations.registration_cancel(registration=registration, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            oneself = registration.person.user_id == request.user.pk
            messages.success(
                request,
                _("Your registration has been cancelled.")
                if oneself
                else _("The registration of %(name)s has been cancelled.")
                % {"name": registration.person.name},
            )
        return redirect(registration.network_day)
    day = registration.network_day
    confirmed = registration.status == RegistrationStatus.CONFIRMED
    return render(
        request,
        "networkdays/registration_cancel.html",
        {
            "registration": registration,
            "day": day,
            "may_change": _may_change(registration),
            "frees_seat": confirmed,
            "waiting": day.registrations.filter(status=RegistrationStatus.WAITING).count()
            if confirmed
            else 0,
            "confirm_field": CONFIRM_FIELD,
            "confirm_value": CONFIRM_VALUE,
        },
    )
