"""Pages for network days, their programme and registration. Attendees, exports and
check-in are in ``views_attendees``; the calendar and digital meetings in
``views_meetings``. Every view calls an access helper (``access.py``) first."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)

from infra.registry import NETWORK_DAY_PAGE, page_sections
from members.permissions import permissions_for

from . import services, services_registrations
from .access import (
    get_network_day_for_management,
    get_network_day_for_registration,
    get_network_day_for_user,
    get_programme_session_for_management,
    get_registration_for_substitution,
    require_day_manager,
    require_reader,
)
from .calendar import CONTENT_TYPE, network_day_ics
from .constants import NetworkDayStatus, RegistrationStatus
from .day_rows import day_rows
from .forms import NetworkDayForm, ProgrammeSessionForm, RegistrationForm, SubstituteForm
from .models import NetworkDay, ProgrammeSession
from .selectors import (
    colleagues_of,
    day_list_context,
    people_user_may_register,
    registrations_shown_to,
    waiting_list_place,
)


def error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- network days ---------------------------------------------------------------


@require_GET
def network_day_list(request: HttpRequest) -> HttpResponse:
    permissions = require_reader(request)
    # Days, counts and hosts, meetings with their pillar or theme group; the "You"
    # column holds the viewer's own registrations. A fixed number of queries; the
    # rows' words formatted in one pass (day_rows), not per row in the template.
    context = day_list_context(permissions)
    context["coming"] = day_rows(context["coming"])
    context["past_by_year"] = [(year, day_rows(days)) for year, days in context["past_by_year"]]
    # One render: the page includes the list (``_networkday_list.html``).
    return render(request, "networkdays/networkday_list.html", context)


def _registration_form(request, data=None):
    permissions = permissions_for(request.user)
    return RegistrationForm(
        data,
        people=people_user_may_register(permissions),
        me=permissions.person,
        # Only these may register someone else: for anyone else the form asks nothing
        # to know that it offers only oneself.
        may_act_for_others=permissions.may_register_others,
    )


@require_GET
def network_day_detail(request: HttpRequest, pk: int) -> HttpResponse:
    # The day with its confirmed and waiting counts, in the same query.
    day = get_network_day_for_user(request, pk, NetworkDay.objects.with_counts())

    # The page varies with the viewer: whose registrations it lists, whom the register
    # form offers and the buttons (the answers of members.permissions).
    context = _detail_context(request, day, _registration_form(request))
    # Other apps' sections (knowledge: the day's presentations, after the day).
    context["sections"] = page_sections(NETWORK_DAY_PAGE, day)
    # One render: the page includes its main part (``_networkday_detail.html``).
    return render(request, "networkdays/networkday_detail.html", context)


def _detail_context(request, day, form) -> dict:
    permissions = permissions_for(request.user)
    counts = {"confirmed": day.confirmed_count, "waiting": day.waiting_count}  # with_counts
    sessions = list(day.sessions.select_related("pillar", "theme_group"))
    # Own registration, and for a city contact the colleagues' ones (never another city's).
    own_city_registrations = list(
        registrations_shown_to(permissions, day.registrations.active())
        .select_related("person")
        .order_by("person__name")
    )
    my_registration = None
    if permissions.person is not None:
        my_registration = next(
            (r for r in own_city_registrations if r.person_id == permissions.person.pk), None
        )
    return {
        "day": day,
        "counts": counts,
        "seats_left": max(day.capacity - counts["confirmed"], 0),
        "sessions": sessions,
        "form": form,
        "registration_open": day.registration_is_open(),
        # "Vol — u komt op de wachtlijst (plaats N)".
        "waiting_list_place": _waiting_list_place(day, permissions, counts),
        "own_city_registrations": own_city_registrations,
        "my_registration": my_registration,
        "may_manage": permissions.may_manage_network_days,
        "may_see_attendees": permissions.may_see_attendees,
        "may_register_others": permissions.may_register_others,
    }


def _waiting_list_place(day, permissions, counts=None) -> int | None:
    person = permissions.person
    return waiting_list_place(day, person.city_id if person is not None else None, counts)


@require_http_methods(["GET", "POST"])
def network_day_create(request: HttpRequest) -> HttpResponse:
    require_day_manager(request)
    form = NetworkDayForm(
        request.POST or None,
        initial={
            "starts_at": "10:00",
            "ends_at": "16:30",
            "registration_opens_at": timezone.localtime().replace(
                minute=0, second=0, microsecond=0
            ),
        },
    )
    return _network_day_save(request, form)


@require_http_methods(["GET", "POST"])
def network_day_edit(request: HttpRequest, pk: int) -> HttpResponse:
    day = get_network_day_for_management(request, pk)
    form = NetworkDayForm(request.POST or None, instance=day)
    return _network_day_save(request, form, day)


def _network_day_save(request, form, day=None):
    if request.method == "POST" and form.is_valid():
        try:
            day = services.network_day_save(day=form.instance, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if form.instance.status == NetworkDayStatus.DRAFT:
                messages.success(
                    request,
                    _("The network day has been saved as a draft; publish it when it is ready."),
                )
            else:
                messages.success(request, _("The network day has been saved."))
            return redirect(day)
    return render(request, "networkdays/networkday_form.html", {"form": form, "day": day})


@require_http_methods(["GET", "POST"])
def network_day_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    day = get_network_day_for_management(request, pk)
    # A POST without the confirmation field shows the confirmation again, unchanged.
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        try:
            services.network_day_cancel(day=day, by=request.user)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(
                request, _("The network day has been cancelled; registrants are told by mail.")
            )
        return redirect(day)
    registrants = day.registrations.active().count()
    return render(
        request, "networkdays/networkday_cancel.html", {"day": day, "registrants": registrants}
    )


@require_safe
def network_day_ics_view(request: HttpRequest, pk: int) -> HttpResponse:
    day = get_network_day_for_user(request, pk)
    response = HttpResponse(network_day_ics(day), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="netwerkdag-{day.pk}.ics"'
    return response


# --- programme ------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def session_create(request: HttpRequest, pk: int) -> HttpResponse:
    day = get_network_day_for_management(request, pk)
    form = ProgrammeSessionForm(request.POST or None, instance=ProgrammeSession(network_day=day))
    return _session_form(request, form, day)


@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_programme_session_for_management(request, pk)
    form = ProgrammeSessionForm(request.POST or None, instance=session)
    return _session_form(request, form, session.network_day)


def _session_form(request, form, day):
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_session_save(session=form.instance, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The programme has been saved."))
            return redirect(day)
    return render(request, "networkdays/session_form.html", {"form": form, "day": day})


@require_POST
def session_delete(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_programme_session_for_management(request, pk)
    day = session.network_day
    services.programme_session_delete(session=session, by=request.user)
    messages.success(request, _("The session has been removed from the programme."))
    return redirect(day)


# --- registration ---------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest, pk: int) -> HttpResponse:
    day = get_network_day_for_registration(request, pk)
    form = _registration_form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["person"]
        try:
            registration = services_registrations.registration_create(
                day=day,
                person=person,
                by=request.user,
                dietary_needs=form.cleaned_data["dietary_needs"],
                accessibility_needs=form.cleaned_data["accessibility_needs"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            # Registering oneself is said to oneself ("U bent aangemeld"), a colleague
            # by name (issue 22, item 16).
            oneself = person.user_id is not None and person.user_id == request.user.pk
            if registration.status == RegistrationStatus.CONFIRMED:
                messages.success(
                    request,
                    _("You are registered. A confirmation is on its way by e-mail.")
                    if oneself
                    else _("%(name)s is registered. A confirmation is on its way by e-mail.")
                    % {"name": person.name},
                )
            else:
                messages.warning(
                    request,
                    _(
                        "The day is full: you are on the waiting list and will get a seat "
                        "automatically when one becomes free."
                    )
                    if oneself
                    else _(
                        "The day is full: %(name)s is on the waiting list and will get a "
                        "seat automatically when one becomes free."
                    )
                    % {"name": person.name},
                )
            return redirect(day)
    return render(
        request,
        "networkdays/register.html",
        {
            "day": day,
            "form": form,
            "waiting_list_place": _waiting_list_place(day, permissions_for(request.user)),
        },
    )


@require_http_methods(["GET", "POST"])
def registration_substitute(request: HttpRequest, pk: int) -> HttpResponse:
    registration = get_registration_for_substitution(request, pk)
    form = SubstituteForm(request.POST or None, colleagues=colleagues_of(registration.person))
    if request.method == "POST" and form.is_valid():
        try:
            services_registrations.registration_substitute(
                registration=registration,
                substitute=form.cleaned_data["substitute"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(name)s takes the place.") % {"name": form.cleaned_data["substitute"].name},
            )
            return redirect(registration.network_day)
    return render(
        request,
        "networkdays/registration_substitute.html",
        {"registration": registration, "day": registration.network_day, "form": form},
    )
