import csv
import datetime
import io
from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from infra.fragments import NOT_STORED, cached, query_is_clean, render_cached
from members.constants import Function
from members.models import City, Person
from members.permissions import permissions_for

from . import services
from .access import (
    get_digital_meeting_for_management,
    get_digital_meeting_for_user,
    get_network_day_for_attendees,
    get_network_day_for_management,
    get_network_day_for_user,
    get_programme_session_for_management,
    get_registration_for_check_in,
    get_registration_for_user,
    people_user_may_register,
)
from .calendar import CONTENT_TYPE, digital_meeting_ics, feed_ics, network_day_ics
from .constants import NetworkDayStatus, RegistrationStatus
from .forms import (
    AttendeeFilterForm,
    CheckInSearchForm,
    DigitalMeetingForm,
    NetworkDayForm,
    ProgrammeSessionForm,
    RegistrationForm,
    SubstituteForm,
)
from .models import CalendarFeed, DigitalMeeting, NetworkDay, ProgrammeSession, Registration
from .selectors import attendance_for_day, attendance_for_year, year_summaries


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- network days ---------------------------------------------------------------


def network_day_list(request: HttpRequest) -> HttpResponse:
    permissions = permissions_for(request.user)
    may_manage = permissions.may_manage_network_days
    person_id = permissions.person.pk if permissions.person is not None else None

    def context() -> dict:
        today = timezone.localdate()
        visible = NetworkDay.objects.all()
        if not may_manage:
            visible = visible.exclude(status=NetworkDayStatus.DRAFT)
        # This year's days in full; earlier years (ten years hold forty days) as links to
        # their attendance pages, which list their days: the page does not grow with time.
        since = datetime.date(today.year, 1, 1)
        days = list(
            visible.filter(date__gte=since)
            .with_counts()
            .select_related("host_city")
            .order_by("date", "starts_at")
        )
        earlier_years = [
            d.year for d in visible.filter(date__lt=since).dates("date", "year", "DESC")
        ]
        mine = {}
        if person_id is not None:
            mine = {
                r.network_day_id: r
                for r in Registration.objects.active().filter(person_id=person_id)
            }
        for day in days:
            day.my_registration = mine.get(day.pk)
        coming = [d for d in days if d.date >= today]
        past = [d for d in days if d.date < today]
        past_by_year = defaultdict(list)
        for day in reversed(past):
            past_by_year[day.date.year].append(day)
        years = sorted({today.year, *(d.date.year for d in coming)})
        meetings = list(
            DigitalMeeting.objects.filter(ends_at__gte=timezone.now()).select_related(
                "pillar", "theme_group"
            )
        )
        return {
            "coming": coming,
            "past_by_year": sorted(past_by_year.items(), reverse=True),
            "earlier_years": earlier_years,
            "summaries": year_summaries(years),
            "meetings": meetings,
            "may_manage": may_manage,
            "may_create_meetings": permissions.may_create_digital_meetings,
            "this_year": today.year,
            # A meeting leaves the list when it has ended (ends_at < now).
            "fragment_until": [
                meeting.ends_at + datetime.timedelta(microseconds=1) for meeting in meetings
            ],
        }

    # Shared by the viewers with the same flags, except the "You" column: the viewer's
    # own registrations, hence the person in ``vary``. Days, counts and hosts (members),
    # meetings with their pillar or theme group; "coming" and "past" follow the date,
    # which is in the key; a meeting that ends drops out (``fragment_until``).
    content = render_cached(
        request,
        "networkdays/_networkday_list.html",
        name="networkdays:list",
        vary=(may_manage, permissions.may_create_digital_meetings, person_id),
        apps=("networkdays", "members", "pillars", "themegroups"),
        context=context,
    )
    return render(request, "networkdays/networkday_list.html", {"content": content})


def _reread(day: NetworkDay) -> NetworkDay:
    """The day as it is now. A fragment's data must be read after its key (the
    generations) was made; the day the access check fetched was read before."""
    return NetworkDay.objects.select_related("host_city").filter(pk=day.pk).first() or day


def _registration_form(request, day, data=None):
    permissions = permissions_for(request.user)
    return RegistrationForm(data, people=people_user_may_register(request), me=permissions.person)


def network_day_detail(request: HttpRequest, pk: int) -> HttpResponse:
    day = get_network_day_for_user(request, pk)
    permissions = permissions_for(request.user)
    person_id = permissions.person.pk if permissions.person is not None else None

    def context() -> dict:
        # Read again after the key was made: a change committed since the access check
        # must not be stored under the newer generation.
        fresh = _reread(day)
        data = _detail_context(request, fresh, _registration_form(request, fresh))
        # Registration opens at ``registration_opens_at`` and closes just after
        # ``registration_closes_at`` (``registration_is_open`` includes both ends).
        data["fragment_until"] = [
            fresh.registration_opens_at,
            fresh.registration_closes_at + datetime.timedelta(microseconds=1),
        ]
        return data

    # The page varies with the viewer: their own registration and, for a city contact,
    # the colleagues' (the person and the city); the register form lists whom the viewer
    # may register (the role); the buttons follow the permission flags. Data: the day and
    # its registrations and programme (networkdays), host city and people (members),
    # the sessions' pillars and theme groups. The form's CSRF token is the request's own.
    content = render_cached(
        request,
        "networkdays/_networkday_detail.html",
        name="networkdays:detail",
        vary=(
            day.pk,
            permissions.may_manage_network_days,
            permissions.may_see_attendees,
            permissions.is_secretariat,
            permissions.is_city_contact,
            permissions.city_id,
            person_id,
        ),
        apps=("networkdays", "members", "pillars", "themegroups"),
        context=context,
    )
    return render(request, "networkdays/networkday_detail.html", {"day": day, "content": content})


def _detail_context(request, day, form) -> dict:
    permissions = permissions_for(request.user)
    counts = day.registrations.aggregate(
        confirmed=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=RegistrationStatus.WAITING)),
    )
    sessions = list(day.sessions.select_related("pillar", "theme_group"))
    # Own registration, and for a city contact the colleagues' ones (never another city's).
    visible = Registration.objects.none()
    if permissions.is_secretariat:
        visible = None  # the secretariat has the attendee list
    elif permissions.is_city_contact:
        visible = day.registrations.active().filter(person__city_id=permissions.city_id)
    elif permissions.person is not None:
        visible = day.registrations.active().filter(person=permissions.person)
    own_city_registrations = (
        list(visible.select_related("person").order_by("person__name"))
        if visible is not None
        else []
    )
    my_registration = None
    if permissions.person is not None:
        my_registration = next(
            (r for r in own_city_registrations if r.person_id == permissions.person.pk), None
        )
        if my_registration is None and permissions.is_secretariat:
            my_registration = day.registrations.active().filter(person=permissions.person).first()
    return {
        "day": day,
        "counts": counts,
        "seats_left": max(day.capacity - counts["confirmed"], 0),
        "sessions": sessions,
        "form": form,
        "registration_open": day.registration_is_open(),
        "own_city_registrations": own_city_registrations,
        "my_registration": my_registration,
        "may_manage": permissions.may_manage_network_days,
        "may_see_attendees": permissions.may_see_attendees,
        "may_register_others": permissions.is_city_contact or permissions.is_secretariat,
    }


@require_http_methods(["GET", "POST"])
def network_day_create(request: HttpRequest) -> HttpResponse:
    permissions = permissions_for(request.user)
    if not permissions.may_manage_network_days:
        raise PermissionDenied
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
    if request.method == "POST" and form.is_valid():
        try:
            day = services.network_day_save(day=form.instance, by=permissions.person)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The network day has been saved."))
            return redirect(day)
    return render(request, "networkdays/networkday_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def network_day_edit(request: HttpRequest, pk: int) -> HttpResponse:
    day = get_network_day_for_management(request, pk)
    form = NetworkDayForm(request.POST or None, instance=day)
    if request.method == "POST" and form.is_valid():
        try:
            day = services.network_day_save(
                day=form.instance, by=permissions_for(request.user).person
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The network day has been saved."))
            return redirect(day)
    return render(request, "networkdays/networkday_form.html", {"form": form, "day": day})


@require_http_methods(["GET", "POST"])
def network_day_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    day = get_network_day_for_management(request, pk)
    if request.method == "POST":
        try:
            services.network_day_cancel(day=day, by=permissions_for(request.user).person)
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(
                request, _("The network day has been cancelled; registrants are told by mail.")
            )
        return redirect(day)
    registrants = day.registrations.active().count()
    return render(
        request, "networkdays/networkday_cancel.html", {"day": day, "registrants": registrants}
    )


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
            services.programme_session_save(session=form.instance)
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
    services.programme_session_delete(session=session)
    messages.success(request, _("The session has been removed from the programme."))
    return redirect(day)


# --- registration ---------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest, pk: int) -> HttpResponse:
    day = get_network_day_for_user(request, pk)
    if not people_user_may_register(request).exists():
        raise PermissionDenied
    form = _registration_form(request, day, request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["person"]
        try:
            registration = services.registration_create(
                day=day,
                person=person,
                by=permissions_for(request.user).person,
                dietary_needs=form.cleaned_data["dietary_needs"],
                accessibility_needs=form.cleaned_data["accessibility_needs"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if registration.status == RegistrationStatus.CONFIRMED:
                messages.success(
                    request,
                    _("%(name)s is registered. A confirmation is on its way by e-mail.")
                    % {"name": person.name},
                )
            else:
                messages.warning(
                    request,
                    _(
                        "The day is full: %(name)s is on the waiting list and will get a "
                        "seat automatically when one becomes free."
                    )
                    % {"name": person.name},
                )
            return redirect(day)
    return render(request, "networkdays/register.html", {"day": day, "form": form})


@require_POST
def registration_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    registration = get_registration_for_user(request, pk)
    try:
        services.registration_cancel(
            registration=registration, by=permissions_for(request.user).person
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request,
            _("The registration of %(name)s has been cancelled.")
            % {"name": registration.person.name},
        )
    return redirect(registration.network_day)


@require_http_methods(["GET", "POST"])
def registration_substitute(request: HttpRequest, pk: int) -> HttpResponse:
    registration = get_registration_for_user(request, pk)
    permissions = permissions_for(request.user)
    if not (
        permissions.is_secretariat or permissions.is_contact_for_city(registration.person.city_id)
    ):
        raise PermissionDenied
    colleagues = Person.objects.filter(city_id=registration.person.city_id).exclude(
        pk=registration.person_id
    )
    form = SubstituteForm(request.POST or None, colleagues=colleagues)
    if request.method == "POST" and form.is_valid():
        try:
            services.registration_substitute(
                registration=registration,
                substitute=form.cleaned_data["substitute"],
                by=permissions.person,
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


# --- attendees, export and check-in ----------------------------------------------


def _attendees(request, day):
    registrations = day.registrations.select_related("person__city").order_by(
        "person__city__name", "person__name"
    )
    cities = City.objects.filter(people__network_day_registrations__network_day=day).distinct()
    form = AttendeeFilterForm(
        request.GET or None, cities=cities, statuses=RegistrationStatus.choices
    )
    if form.is_valid():
        if form.cleaned_data["city"]:
            registrations = registrations.filter(person__city=form.cleaned_data["city"])
        if form.cleaned_data["status"]:
            registrations = registrations.filter(status=form.cleaned_data["status"])
    return form, registrations


ATTENDEES_PER_PAGE = 50
ATTENDEE_QUERY = ("city", "status", "page")


def _attendee_query_is_bounded(request, form) -> bool:
    """Known parameters only, each once, and a filter the form accepts (a city with
    registrations for the day, a known status): what may be stored under its query."""
    return query_is_clean(request, ATTENDEE_QUERY) and (not form.is_bound or form.is_valid())


def attendee_list(request: HttpRequest, pk: int) -> HttpResponse:
    day = get_network_day_for_attendees(request, pk)
    # The secretariat acts for anyone; the event bureau only reads.
    may_act = permissions_for(request.user).is_secretariat

    def context() -> dict:
        fresh = _reread(day)
        form, registrations = _attendees(request, fresh)
        # A page at a time: a day has hundreds of registrations; the exports hold them all.
        asked = request.GET.get("page")
        page = Paginator(registrations, ATTENDEES_PER_PAGE).get_page(asked)
        return {
            "day": fresh,
            "form": form,
            "registrations": page,
            "page": page,
            "may_act": may_act,
            # Stored only for a query in the bounded set: known parameters, a filter
            # the form accepts, a page that exists.
            "fragment_store": _attendee_query_is_bounded(request, form)
            and asked in (None, str(page.number)),
        }

    # The same for the secretariat and the event bureau but for the actions (``may_act``).
    # The query is in ``vary`` (the filter, the page; the export and pagination links
    # repeat it), but only a bounded one is stored. Data: registrations (networkdays),
    # people and their cities (members).
    content = render_cached(
        request,
        "networkdays/_attendee_list.html",
        name="networkdays:attendees",
        vary=(day.pk, may_act, request.GET.urlencode()),
        apps=("networkdays", "members"),
        context=context,
    )
    return render(request, "networkdays/attendee_list.html", {"day": day, "content": content})


EXPORT_COLUMNS = (
    "name",
    "city",
    "e-mail",
    "function",
    "status",
    "registered at",
    "dietary needs",
    "accessibility needs",
    "present since",
)


def _export_rows(registrations):
    """The rows of an export from plain values, streamed from the database in chunks:
    no model objects, and each choice label translated once, not once per row
    (bench: 770 attendees)."""

    def fmt(value):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""

    functions = {value: str(label) for value, label in Function.choices}
    statuses = {value: str(label) for value, label in RegistrationStatus.choices}
    rows = registrations.values_list(
        "person__name",
        "person__city__name",
        "person__email",
        "person__function",
        "status",
        "queued_at",
        "dietary_needs",
        "accessibility_needs",
        "checked_in_at",
    ).iterator(chunk_size=1000)
    for name, city, email, function, status, queued_at, dietary, accessibility, present in rows:
        yield [
            name,
            city,
            email,
            functions.get(function, function),
            statuses.get(status, status),
            fmt(queued_at),
            dietary,
            accessibility,
            fmt(present),
        ]


def _export_header():
    return [
        _("name"),
        _("city"),
        _("e-mail address"),
        _("function"),
        _("status"),
        _("registered at"),
        _("dietary needs"),
        _("accessibility needs"),
        _("present since"),
    ]


def _safe_cell(value: str) -> str:
    """No formulas in spreadsheets made from what people typed (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _log_export(request: HttpRequest, day, file_format: str) -> None:
    """Exports hold personal data (names, needs): the security log records each one."""
    from accounts.constants import SecurityEventKind
    from accounts.services import security_event_record

    security_event_record(
        kind=SecurityEventKind.EXPORT,
        request=request,
        detail={"what": "attendees", "network_day": day.pk, "format": file_format},
    )


def _export_bytes(request, day, file_format: str, write) -> bytes:
    """An export's file, from the cache while no registration, person or city changed.

    The access check and the security log stay outside: they run on every request. The
    file is the same for everyone who may see attendees; it varies with the filter
    (``city``, ``status``: the raw values, which decide the rows) and the language (the
    header and labels, in the key); the generations drop it at the first write, so that
    changed or erased personal data (needs, names) is never served from before."""

    def build():
        form, registrations = _attendees(request, day)
        # The page (repeated by the export links) is not in vary: it changes nothing here.
        bounded = _attendee_query_is_bounded(request, form)
        return write(registrations), None if bounded else NOT_STORED

    return cached(
        f"networkdays:attendees.{file_format}",
        vary=(day.pk, request.GET.get("city"), request.GET.get("status")),
        apps=("networkdays", "members"),
        build=build,
    )


def _write_csv(registrations) -> bytes:
    buffer = io.StringIO()
    buffer.write("\ufeff")  # so that Excel reads UTF-8
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(_export_header())
    for row in _export_rows(registrations):
        writer.writerow([_safe_cell(cell) for cell in row])
    return buffer.getvalue().encode()


def _write_xlsx(registrations) -> bytes:
    from openpyxl import Workbook

    # Write-only: rows go straight to the file instead of a grid of cell objects.
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Attendees")[:31])
    sheet.append(_export_header())
    for row in _export_rows(registrations):
        sheet.append([_safe_cell(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def attendee_export_csv(request: HttpRequest, pk: int) -> HttpResponse:
    day = get_network_day_for_attendees(request, pk)
    _log_export(request, day, "csv")
    response = HttpResponse(
        _export_bytes(request, day, "csv", _write_csv), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="netwerkdag-{day.pk}-deelnemers.csv"'
    return response


def attendee_export_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    day = get_network_day_for_attendees(request, pk)
    _log_export(request, day, "xlsx")
    response = HttpResponse(
        _export_bytes(request, day, "xlsx", _write_xlsx),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="netwerkdag-{day.pk}-deelnemers.xlsx"'
    return response


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
    return render(
        request,
        "networkdays/check_in.html",
        {
            "day": day,
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
        from urllib.parse import urlencode

        url += "?" + urlencode({"q": query})
    return redirect(url)


@require_POST
def registration_check_in(request: HttpRequest, pk: int) -> HttpResponse:
    registration = get_registration_for_check_in(request, pk)
    try:
        services.registration_check_in(
            registration=registration, by=permissions_for(request.user).person
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("%(name)s is present.") % {"name": registration.person.name})
    return _back_to_check_in(registration, request)


@require_POST
def registration_undo_check_in(request: HttpRequest, pk: int) -> HttpResponse:
    registration = get_registration_for_check_in(request, pk)
    services.registration_undo_check_in(registration=registration)
    messages.success(
        request,
        _("%(name)s is no longer marked present.") % {"name": registration.person.name},
    )
    return _back_to_check_in(registration, request)


# --- attendance -----------------------------------------------------------------


def day_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    day = get_network_day_for_user(request, pk)
    return render(
        request,
        "networkdays/attendance_day.html",
        {"day": day, "rows": attendance_for_day(day)},
    )


def year_attendance(request: HttpRequest, year: int) -> HttpResponse:
    if year < 2000 or year > 2100:
        raise Http404
    return render(request, "networkdays/attendance_year.html", attendance_for_year(year))


# --- calendar ---------------------------------------------------------------------


def my_calendar(request: HttpRequest) -> HttpResponse:
    person = permissions_for(request.user).person
    feed = CalendarFeed.objects.filter(person=person).first() if person else None
    feed_url = request.build_absolute_uri(feed.get_absolute_url()) if feed else ""
    return render(
        request,
        "networkdays/calendar_feed.html",
        {"person": person, "feed": feed, "feed_url": feed_url},
    )


def _person_or_403(request) -> Person:
    person = permissions_for(request.user).person
    if person is None:
        raise PermissionDenied
    return person


@require_POST
def calendar_feed_regenerate(request: HttpRequest) -> HttpResponse:
    services.calendar_feed_regenerate(person=_person_or_403(request))
    messages.success(request, _("Your calendar address is new; the old address no longer works."))
    return redirect("networkdays:my_calendar")


@require_POST
def calendar_feed_revoke(request: HttpRequest) -> HttpResponse:
    services.calendar_feed_revoke(person=_person_or_403(request))
    messages.success(request, _("Your calendar address has been switched off."))
    return redirect("networkdays:my_calendar")


@login_not_required
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The subscription feed: calendar apps fetch it without a login, so the secret
    token in the address is the key. It holds only the days the person is registered
    for (confirmed or waiting) and the digital meetings they are invited to."""
    feed = get_object_or_404(CalendarFeed.objects.select_related("person"), token=token)
    days = NetworkDay.objects.filter(
        registrations__person=feed.person,
        registrations__status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING],
    ).exclude(status=NetworkDayStatus.DRAFT)
    meetings = services.digital_meetings_for_person(feed.person)
    response = HttpResponse(feed_ics(days, meetings), content_type=CONTENT_TYPE)
    response["Cache-Control"] = "private, max-age=900"
    return response


# --- digital meetings -----------------------------------------------------------


def _meeting_form(request, instance=None):
    permissions = permissions_for(request.user)
    pillar_ids = None if permissions.is_secretariat else permissions.pillars_as_secretary
    return DigitalMeetingForm(request.POST or None, instance=instance, pillar_ids=pillar_ids)


@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest) -> HttpResponse:
    permissions = permissions_for(request.user)
    if not permissions.may_create_digital_meetings:
        raise PermissionDenied
    form = _meeting_form(request)
    return _meeting_save(request, form)


@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_digital_meeting_for_management(request, pk)
    form = _meeting_form(request, instance=meeting)
    return _meeting_save(request, form, meeting)


def _meeting_save(request, form, meeting=None):
    if request.method == "POST" and form.is_valid():
        permissions = permissions_for(request.user)
        if not permissions.may_manage_digital_meetings_of(form.instance.owner_pillar_id):
            raise PermissionDenied
        try:
            meeting = services.digital_meeting_save(meeting=form.instance, by=permissions.person)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The digital meeting has been saved; invitations are sent.")
            )
            return redirect(meeting)
    return render(request, "networkdays/meeting_form.html", {"form": form, "meeting": meeting})


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_digital_meeting_for_user(request, pk)
    permissions = permissions_for(request.user)
    return render(
        request,
        "networkdays/meeting_detail.html",
        {
            "meeting": meeting,
            "invitees": services.digital_meeting_invitees(meeting),
            "may_manage": permissions.may_manage_digital_meetings_of(meeting.owner_pillar_id),
        },
    )


def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_digital_meeting_for_user(request, pk)
    response = HttpResponse(digital_meeting_ics(meeting), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="overleg-{meeting.pk}.ics"'
    return response
