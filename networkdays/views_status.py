"""A day's status changes, each an action of its own (not a field of the edit form):
publish (with a second step when registration would open at once), back to draft,
restore after a cancellation. Cancelling is in ``views``."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from . import services
from .access import get_network_day_for_management
from .constants import NetworkDayStatus
from .forms import PublishForm
from .views import error_text


@require_http_methods(["GET", "POST"])
def network_day_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """The day page's "Publish" button posts here. When registration would open at
    once, this page asks the secretariat to confirm that first."""
    day = get_network_day_for_management(request, pk)
    form = PublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.network_day_publish(
                day=day, by=request.user, open_now=form.cleaned_data["open_now"]
            )
        except ValidationError as error:
            if error.code != "registration_opens_in_past":
                messages.error(request, error_text(error))
                return redirect(day)
            if "second_step" in request.POST:  # asked, and not confirmed
                form.add_error("open_now", error)
        else:
            messages.success(request, _("The network day has been published."))
            return redirect(day)
    return render(
        request,
        "networkdays/networkday_publish.html",
        {
            "day": day,
            "form": form,
            "is_draft": day.status == NetworkDayStatus.DRAFT,
            "opens_in_past": day.registration_opens_at <= timezone.now(),
        },
    )


@require_POST
def network_day_unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    day = get_network_day_for_management(request, pk)
    try:
        services.network_day_unpublish(day=day, by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The network day is a draft again."))
    return redirect(day)


@require_POST
def network_day_restore(request: HttpRequest, pk: int) -> HttpResponse:
    day = get_network_day_for_management(request, pk)
    try:
        day = services.network_day_restore(day=day, by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        if day.status == NetworkDayStatus.PUBLISHED:
            messages.success(
                request,
                _("The network day is back; its registrants are told by mail."),
            )
        else:
            messages.success(
                request, _("The network day is back as a draft; publish it when it is ready.")
            )
    return redirect(day)
