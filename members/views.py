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

from infra.fragments import query_is_clean, render_cached
from infra.registry import app_hooks

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
    query = request.GET.get("q", ""), request.GET.get("province", "")
    # Membership is dated: the counts are of today's members, and so is the stored copy.
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
            # A search by name is free text, which would mint a key per search: only
            # the province filter (a known province) is stored.
            "fragment_store": query_is_clean(request, ("q", "province"))
            and not query[0]
            and (not form.is_bound or form.is_valid()),
        }

    # The same for every viewer: only the search varies.
    content = render_cached(
        request,
        "members/_city_list.html",
        name="members:city_list",
        vary=(*query, today.isoformat()),
        apps=("members",),
        context=context,
    )
    return render(request, "members/city_list.html", {"content": content})


@require_GET
def city_detail(request: HttpRequest, cbs_code: str) -> HttpResponse:
    city = get_city_for_user(request, cbs_code)
    permissions = permissions_for(request.user)
    show_contact_details = permissions.may_view_city_private(city)
    may_manage_people = permissions.may_manage_people_of(city)

    def context() -> dict:
        # Membership is dated: the city's periods (one query, only when the fragment is
        # built), shared with the membership section when that is built too.
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
            # Only a page that exists is stored (the pagination links repeat the query).
            "fragment_store": query_is_clean(request, ("page",))
            and asked in (None, str(people.number)),
        }

    # Contact details and the edit links depend on who looks: both flags are in the key
    # (the city's own people and the secretariat see one version, everyone else another).
    content = render_cached(
        request,
        "members/_city_detail.html",
        name="members:city_detail",
        vary=(
            city.pk,
            request.GET.urlencode(),
            show_contact_details,
            may_manage_people,
            timezone.localdate().isoformat(),
        ),
        apps=("members", "pillars"),
        context=context,
    )
    return render(
        request,
        "members/city_detail.html",
        {"city": city, "content": content, "sections": city_page_sections(request, city)},
    )


def city_page_sections(request: HttpRequest, city) -> list[str]:
    """Each feature app may add sections to a city's page through
    ``<app>.city_page.sections(request, city)``, returning dicts with a ``template`` and
    its ``context`` (the app decides who sees them, through members/permissions.py),
    rendered here in settings order, after the page's own cached part; the template
    sees the context as ``section``.

    A section that is the same for everyone who may see it carries ``cache``:
    ``{"name", "vary", "apps"}`` as for ``infra.fragments.render_cached`` (the city is
    added to ``vary``; the app puts in it the viewer's flags the section depends on),
    and its ``context`` may then be a function, called only when the fragment is built.
    Without ``cache`` a section is built on every request."""
    rendered: list[str] = []
    for _app, hook_function in app_hooks("city_page", "sections"):
        for section in hook_function(request, city):
            context = section["context"]

            def section_context(context=context) -> dict:
                return {"section": context() if callable(context) else context}

            cache = section.get("cache")
            if cache:
                html = render_cached(
                    request,
                    section["template"],
                    name=cache["name"],
                    vary=(city.pk, *cache.get("vary", ())),
                    apps=cache["apps"],
                    context=section_context,
                )
            else:
                html = render_to_string(section["template"], section_context(), request=request)
            rendered.append(html)
    return rendered


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


# The apps whose data the dashboard's cached panels read (checked when a fragment is
# built: a read of another app's table is an error in tests and DEBUG).
DASHBOARD_APPS = ("members", "pillars", "networkdays", "themegroups")


def dashboard_panels(request: HttpRequest, hook: str = "panels") -> list[dict]:
    """Each app may offer dashboard panels through ``<app>.dashboard.panels(request)``
    (kept in the user's cached dashboard) or ``live_panels(request)`` (built on every
    request: data whose writes do not renew fragments, such as the outbox), returning
    dicts with a ``template`` and its context; apps appear in settings order."""
    panels: list[dict] = []
    for _app, hook_function in app_hooks("dashboard", hook):
        panels.extend(hook_function(request))
    return panels


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    permissions = permissions_for(request.user)

    def context() -> dict:
        panels = dashboard_panels(request)
        return {
            "user": request.user,  # keyed by the user: see vary
            "permissions": permissions,
            "panels": panels,
            # A panel lists the moments at which it changes by the clock alone.
            "fragment_until": [moment for panel in panels for moment in panel.get("until", ())],
        }

    # The user's own dashboard, kept until a write to the data its panels read (not a
    # login: last_login and second-factor writes renew nothing) or a clock moment. Its
    # query count is fixed (tests/test_g40.py).
    content = render_cached(
        request,
        "_dashboard.html",
        name="dashboard",
        vary=(request.user.pk,),
        apps=DASHBOARD_APPS,
        context=context,
    )
    live_panels = dashboard_panels(request, "live_panels")
    # What waits for the DB (members.waiting; the apps register it): live, a query a kind.
    waiting = waiting_for_db(permissions) if permissions.is_db_member else None
    return render(
        request,
        "dashboard.html",
        {"content": content, "live_panels": live_panels, "waiting": waiting},
    )
