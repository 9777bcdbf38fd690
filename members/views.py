from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q, Sum, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from infra.registry import (
    CITY_PAGE,
    DASHBOARD_LIVE_PANELS,
    DASHBOARD_PANELS,
    DashboardPanel,
    offered,
    page_sections,
)

from .access import (
    get_city_for_people_management,
    get_city_for_user,
    get_person_for_user,
    require_network_reader,
)
from .forms import CitySearchForm, PersonForm
from .models import City, Role
from .permissions import permissions_for
from .services import person_save
from .waiting import waiting_for_db

PEOPLE_PER_PAGE = 50


@require_GET
def city_list(request: HttpRequest) -> HttpResponse:
    require_network_reader(request)
    # Membership is dated: the counts are of today's members.
    today = timezone.localdate()

    def context() -> dict:
        provinces = list(
            City.objects.order_by("province").values_list("province", flat=True).distinct()
        )
        form = CitySearchForm(request.GET or None, provinces=provinces)
        cities = City.objects.with_membership(today)
        if form.is_valid():
            if form.cleaned_data["q"]:
                cities = cities.filter(name__icontains=form.cleaned_data["q"])
            if form.cleaned_data["province"]:
                cities = cities.filter(province=form.cleaned_data["province"])
        network = City.objects.members(today).aggregate(
            population=Sum("population"), count=Count("pk")
        )
        return {
            "form": form,
            "cities": cities,
            "network_population": network["population"] or 0,
            "network_member_count": network["count"] or 0,
            "shown_population": City.objects.members(today)
            .filter(pk__in=cities.values("pk"))
            .aggregate(total=Sum("population"))["total"]
            or 0,
        }

    content = render_to_string("members/_city_list.html", context(), request=request)
    return render(request, "members/city_list.html", {"content": content})


@require_GET
def city_detail(request: HttpRequest, cbs_code: str) -> HttpResponse:
    city = get_city_for_user(request, cbs_code)
    permissions = permissions_for(request.user)
    show_contact_details = permissions.may_view_city_private(city)
    may_manage_people = permissions.may_manage_people_of(city)

    def context() -> dict:
        # Membership is dated: the city's periods (one query), shared with the
        # membership section.
        prefetch_related_objects([city], "membership_periods")
        city.set_membership(timezone.localdate())
        current_roles = Role.objects.current(timezone.localdate()).select_related("pillar")
        # A page of people at a time: a large city has hundreds over the years, and the
        # page should not grow with them (bench, ten-year set).
        asked = request.GET.get("page")
        people = Paginator(
            city.people.prefetch_related(
                Prefetch("roles", queryset=current_roles, to_attr="current_roles")
            ),
            PEOPLE_PER_PAGE,
        ).get_page(asked)
        pillar_roles = (
            current_roles.filter(person__city=city)
            .filter(Q(pillar__isnull=False) | Q(kind="db_member"))
            .select_related("person")
        )
        return {
            "city": city,
            "people": people,
            "page": people,
            "pillar_roles": pillar_roles,
            "show_contact_details": show_contact_details,
            "may_manage_people": may_manage_people,
        }

    # Contact details and the edit links depend on who looks (the flags above).
    content = render_to_string("members/_city_detail.html", context(), request=request)
    return render(
        request,
        "members/city_detail.html",
        {"city": city, "content": content, "sections": city_page_sections(request, city)},
    )


def city_page_sections(request: HttpRequest, city) -> list[str]:
    """Each feature app may add sections to a city's page through
    ``<app>.city_page.sections(request, city)``, returning ``PageSection``\\ s
    (infra.registry; the app decides who sees them, through members.permissions),
    rendered here in settings order, after the page's own part; the template sees the
    context as ``section`` (a function is called here). Every section is built from its
    queries on every request: a fixed number of them, whatever the city's size."""
    return page_sections(CITY_PAGE, request, city, request=request)


@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest, cbs_code: str) -> HttpResponse:
    city = get_city_for_people_management(request, cbs_code)
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = form.save(commit=False)
        person.city = city
        try:
            person_save(person=person, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(name)s has been added.") % {"name": person.name})
            return redirect(city)
    return render(request, "members/person_form.html", {"form": form, "city": city})


@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request, pk)
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            person_save(person=form.save(commit=False), by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect(person.city)
    return render(
        request,
        "members/person_form.html",
        {
            "form": form,
            "city": person.city,
            "person": person,
            "may_erase": permissions_for(request.user).may_erase_person,
            # A login of their own, by mail (accounts:person_invite): until the person
            # has chosen a password, an invitation may be sent (again).
            "may_invite": permissions_for(request.user).may_invite_person(person)
            and not (person.user is not None and person.user.has_usable_password()),
            "invited": person.user_id is not None,
        },
    )


# --- the dashboard ---------------------------------------------------------------


def dashboard_panels(request: HttpRequest, hook: str = "panels") -> list[DashboardPanel]:
    """Each app may offer dashboard panels through ``<app>.dashboard.panels(request)``
    (in the dashboard's main part) or ``live_panels(request)`` (below it), returning
    ``DashboardPanel``\\ s (infra.registry); apps appear in settings order. Both are
    built on every request."""
    return offered(DASHBOARD_LIVE_PANELS if hook == "live_panels" else DASHBOARD_PANELS, request)


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    permissions = permissions_for(request.user)
    # Its query count is fixed (tests/test_g40.py). One render: the main part
    # (``_dashboard.html``) is included, so the context processors run once.
    panels = dashboard_panels(request)
    live_panels = dashboard_panels(request, "live_panels")
    # What waits for the DB (members.waiting; the apps register it): live, a query a kind.
    waiting = waiting_for_db(permissions) if permissions.may_see_waiting_for_db else None
    return render(
        request,
        "dashboard.html",
        {
            "permissions": permissions,
            "panels": panels,
            "live_panels": live_panels,
            "waiting": waiting,
        },
    )
