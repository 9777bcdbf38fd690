"""Attendees of a network day: the list, the exports, check-in and attendance."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from members.models import City

from . import services_registrations
from .access import (
    get_network_day_for_attendees,
    get_network_day_for_user,
    get_registration_for_check_in,
    require_reader,
)
from .constants import ACTIVE_REGISTRATION_STATUSES, RegistrationStatus
from .exports import log_export, write_csv, write_xlsx
from .forms import AttendeeFilterForm, CheckInSearchForm
from .selectors import attendance_for_day, attendance_for_year, attendance_years
from .views import error_text

ATTENDEES_PER_PAGE = 50
# The badge of each status on the attendee list (the status's own label, as the filter).
STATUS_BADGES = {
    RegistrationStatus.CONFIRMED: "text-bg-success",
    RegistrationStatus.WAITING: "text-bg-warning",
}


def _attendees(request, day):
    registrations = day.registrations.select_related("person__city").order_by(
        "person__city__name", "person__name"
    )
    # The filter shows only the cities' names: no other column is read.
    cities = (
        City.objects.filter(people__network_day_registrations__network_day=day)
        .distinct()
        .values_list("pk", "name")
    )
    form = AttendeeFilterForm(
        request.GET or None, cities=cities, statuses=RegistrationStatus.choices
    )
    if form.is_valid():
        if form.cleaned_data["city"]:
            registrations = registrations.filter(person__city_id=form.cleaned_data["city"])
        if form.cleaned_data["status"]:
            registrations = registrations.filter(status=form.cleaned_data["status"])
    return form, registrations


@require_GET
def attendee_list(request: HttpRequest, pk: int) -> HttpResponse:
    day = get_network_day_for_attendees(request, pk)
    # The secretariat acts for anyone; the event bureau only reads.
    may_act = require_reader(request).may_manage_registrations

    form, registrations = _attendees(request, day)
    # A page at a time: a day has hundreds of registrations; the exports hold them all.
    page = Paginator(_attendee_rows(registrations), ATTENDEES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = _with_labels(page)
    # One render: the page includes the list (``_attendee_list.html``).
    return render(
        request,
        "networkdays/attendee_list.html",
        {
            "day": day,
            "form": form,
            "registrations": rows,
            "page": page,
            "may_act": may_act,
            # Passing on and cancelling is for a day to come, decided once, not per row.
            "may_act_on_rows": may_act and not day.is_past,
        },
    )


def _attendee_rows(registrations):
    """The list's rows as plain values (no registration, person or city objects):
    only what the table shows."""
    return registrations.values(
        "pk",
        "status",
        "dietary_needs",
        "accessibility_needs",
        "checked_in_at",
        name=F("person__name"),
        city=F("person__city__name"),
    )


def _with_labels(rows) -> list[dict]:
    """Each row with its status's label and badge, each label translated once."""
    labels = {value: capfirst(str(label)) for value, label in RegistrationStatus.choices}
    zone = timezone.get_current_timezone()
    rows = list(rows)
    for row in rows:
        row["status_label"] = labels.get(row["status"], row["status"])
        row["badge"] = STATUS_BADGES.get(row["status"], "text-bg-secondary")
        row["is_active"] = row["status"] in ACTIVE_REGISTRATION_STATUSES
        # The moment of arrival as the page's time zone shows it (the ``time`` filter's
        # H:i), formatted here once per row.
        present = row["checked_in_at"]
        row["present_at"] = f"{present.astimezone(zone):%H:%M}" if present else ""
    return rows


def _export_bytes(request, day, write) -> bytes:
    """An export's file: every registration the filter (``city``, ``status``) keeps,
    written from one query. The access check and the security log are the view's."""
    _form, registrations = _attendees(request, day)
    return write(registrations)


@require_GET
def attendee_export_csv(request: HttpRequest, pk: int) -> HttpResponse:
    day = get_network_day_for_attendees(request, pk)
    log_export(request, day, "csv")
    response = HttpResponse(
        _export_bytes(request, day, write_csv), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="netwerkdag-{day.pk}-deelnemers.csv"'
    return response


@require_GET
def attendee_export_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    day = get_network_day_for_attendees(request, pk)
    log_export(request, day, "xlsx")
    response = HttpResponse(
        _export_bytes(request, day, write_xlsx),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="netwerkdag-{day.pk}-deelnemers.xlsx"'
    return response


@require_GET
def check_in(request: HttpRequest, pk: int) -> HttpResponse:
    day = get_network_day_for_attendees(request, pk)
    form = CheckInSearchForm(request.GET or None)
    registrations = day.registrations.confirmed().select_related("person__city")
    query = ""
    if form.is_valid() and form.cleaned_data["q"]:
        query = form.cleaned_data["q"]
        registrations = registrations.filter(person__name__icontains=query)
    counts = day.registrations.confirmed().aggregate(
        confirmed=Count("pk"), present=Count("pk", filter=Q(checked_in_at__isnull=False))
    )
    opens_at = services_registrations.check_in_opens_at(day)
    return render(
        request,
        "networkdays/check_in.html",
        {
            "day": day,
            "check_in_opens_at": opens_at,
            "check_in_open": timezone.now() >= opens_at,
            "form": form,
            "query": query,
            "registrations": registrations.order_by("person__name"),
            "counts": counts,
        },
    )


def _back_to_check_in(registration, request):
    url = reverse("networkdays:check_in", kwargs={"pk": registration.network_day_id})
    query = request.POST.get("q", "").strip()
    if query:
        url += "?" + urlencode({"q": query})
    return redirect(url)


@require_POST
def registration_check_in(request: HttpRequest, pk: int) -> HttpResponse:
    registration = get_registration_for_check_in(request, pk)
    try:
        services_registrations.registration_check_in(registration=registration, by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("%(name)s is present.") % {"name": registration.person.name})
    return _back_to_check_in(registration, request)


@require_POST
def registration_undo_check_in(request: HttpRequest, pk: int) -> HttpResponse:
    registration = get_registration_for_check_in(request, pk)
    services_registrations.registration_undo_check_in(registration=registration, by=request.user)
    messages.success(
        request,
        _("%(name)s is no longer marked present.") % {"name": registration.person.name},
    )
    return _back_to_check_in(registration, request)


# --- attendance -----------------------------------------------------------------


@require_GET
def day_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    day = get_network_day_for_user(request, pk)
    return render(
        request,
        "networkdays/attendance_day.html",
        {"day": day, "rows": attendance_for_day(day)},
    )


@require_GET
def year_attendance(request: HttpRequest, year: int) -> HttpResponse:
    require_reader(request)
    # Only the years of the network's data: no link leads to an empty year before it.
    years = attendance_years()
    if not years[0] <= year <= years[1]:
        raise Http404
    return render(request, "networkdays/attendance_year.html", attendance_for_year(year, years))
