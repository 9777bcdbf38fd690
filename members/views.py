from django.contrib import messages
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
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
from infra.urls import UrlFor

from .access import (
    get_city_for_people_management,
    get_city_for_user,
    get_person_for_user,
    require_network_reader,
)
from .constants import Function
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
        # Every city (the country's municipalities: a bounded table) in one query, its
        # status of today annotated; the provinces, the network's totals and the search
        # are taken from these rows in Python, not asked again.
        cities = list(
            City.objects.with_membership(today).only(
                "name", "cbs_code", "province", "population", "urbanity_class"
            )
        )
        provinces = sorted({city.province for city in cities})
        form = CitySearchForm(request.GET or None, provinces=provinces)
        members = [city for city in cities if city.member_from is not None]
        shown = cities
        if form.is_valid():
            if form.cleaned_data["q"]:
                wanted = form.cleaned_data["q"].upper()  # as icontains: UPPER(…) LIKE
                shown = [city for city in shown if wanted in city.name.upper()]
            if form.cleaned_data["province"]:
                shown = [city for city in shown if city.province == form.cleaned_data["province"]]
        # Each row's link and words once here, not a URL lookup and filters per row.
        link = reverse("members:city_detail", kwargs={"cbs_code": "-"})[:-2]
        for city in shown:
            city.url = f"{link}{city.cbs_code}/"
            city.status_label = capfirst(city.membership_status_label)
            city.population_label = intcomma(city.population)
        return {
            "form": form,
            "cities": shown,
            "network_population": sum(city.population or 0 for city in members),
            "network_member_count": len(members),
            "shown_population": sum(
                city.population or 0 for city in shown if city.member_from is not None
            ),
        }

    # One render: the page includes the list (``_city_list.html``).
    return render(request, "members/city_list.html", context())


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
        pillar_roles = list(
            current_roles.filter(person__city=city)
            .filter(Q(pillar__isnull=False) | Q(kind="db_member"))
            .select_related("person")
        )
        # Each row's words and edit link once here: no choice display, role labels or
        # URL lookup per row in the template.
        functions = {value: str(label) for value, label in Function.choices}
        edit_url = UrlFor("people:person_edit", "pk", 987654321)
        for person in people:
            person.function_label = functions.get(person.function, person.function)
            person.roles_text = "; ".join(role.label() for role in person.current_roles)
            person.edit_url = edit_url(person.pk)
        return {
            "city": city,
            "people": people,
            "page": people,
            "pillar_roles": pillar_roles,
            "show_contact_details": show_contact_details,
            "may_manage_people": may_manage_people,
        }

    # Contact details and the edit links depend on who looks (the flags above).
    # One render: the page includes its main part (``_city_detail.html``). The sections
    # come after the context (it sets the city's membership, which they read).
    page = context()
    return render(
        request,
        "members/city_detail.html",
        {**page, "sections": city_page_sections(request, city)},
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
