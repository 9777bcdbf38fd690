"""The participation pages: every member city for the DB and the secretariat, one
city's own figures, charts as SVG with a table beside each, fixed query counts."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from infra.registry import ParticipationMeasure, registry
from members.views import dashboard_panels
from participation import measures as measures_module
from tests.networkdays.factories import CityFactory, NetworkDayFactory, RegistrationFactory
from tests.themegroups.factories import MembershipFactory, ThemeGroupFactory

from ..factories import PersonFactory

YEAR = timezone.localdate().year


def _network(world, cities: int):
    """``cities`` more member cities, each with a person present at a network day and a
    theme-group seat."""
    day = NetworkDayFactory(date=timezone.localdate() - datetime.timedelta(days=1))
    group = ThemeGroupFactory()
    for _ in range(cities):
        person = PersonFactory(city=CityFactory())
        RegistrationFactory(network_day=day, person=person, checked_in_at=timezone.now())
        MembershipFactory(theme_group=group, person=person)


@pytest.mark.django_db
def test_the_page_shows_every_member_city_every_measure_and_one_chart_at_a_time(world):
    """One table: a row per member city, a column per measure; one chart, of the measure
    asked (the first by default), each other measure's chart one link away (issue 24:
    one chart drawn per view, not one per measure)."""
    _network(world, 3)
    client = world.client("db_member")
    page = client.get(reverse("participation:overview"))
    html = page.content.decode()
    measures = measures_module.available_measures()
    assert html.count('role="img"') == 1
    assert f'id="chart-{measures[0].key}-title"' in html
    for measure in measures:
        assert escape(str(measure.definition)) in html
        assert f"measure={measure.key}" in html
    rows = {row["city"].name: row for row in page.context["rows"]}
    assert set(rows) >= {"Zwolle", "Almere"}
    assert all(len(row["values"]) == len(measures) for row in rows.values())
    assert "<caption>" in html and 'scope="row"' in html  # the table beside the chart
    present = [m.key for m in measures].index("network_days_present")
    assert sum(row["values"][present] for row in rows.values()) >= 3
    last = measures[-1].key
    other = client.get(reverse("participation:overview"), {"measure": last}).content.decode()
    assert other.count('role="img"') == 1 and f'id="chart-{last}-title"' in other
    nonsense = client.get(reverse("participation:overview"), {"measure": "nonsense"})
    assert nonsense.context["measure"] == measures[0]
    # Figures per city, never a league table of people.
    for persona in ("official_a", "official_b", "contact_a"):
        assert world.person(persona).name not in html


@pytest.mark.django_db
def test_a_measure_that_appears_gets_its_column_without_a_change_here(world, monkeypatch):
    """The lobby app's hook, once merged, shows up as any other measure."""
    real = registry.hooks

    def with_lobby(module, function):
        found = real(module, function)
        if module != "participation":
            return found
        measure = ParticipationMeasure(
            key="lobby_stances_answered",
            label="Lobby: stances answered",
            definition="Lobby positions the city answered in the year.",
            counts=lambda years: {(world.city_a.pk, YEAR): 4},
        )
        return (*found, ("lobby", lambda: [measure]))

    monkeypatch.setattr(registry, "hooks", with_lobby)
    overview = reverse("participation:overview")
    html = world.client("secretariat").get(overview).content.decode()
    assert "Lobby: stances answered" in html
    chart = world.client("secretariat").get(overview, {"measure": "lobby_stances_answered"})
    assert 'id="chart-lobby_stances_answered-title"' in chart.content.decode()


@pytest.mark.django_db
def test_the_year_can_be_chosen_and_nonsense_is_this_year(world):
    client = world.client("db_member")
    assert client.get(reverse("participation:overview"), {"year": YEAR - 2}).context["year"] == (
        YEAR - 2
    )
    for nonsense in ("abc", "1", "99999"):
        response = client.get(reverse("participation:overview"), {"year": nonsense})
        assert response.context["year"] == YEAR


@pytest.mark.django_db
def test_a_city_sees_its_own_figures_on_its_page_and_not_another_citys(world):
    _network(world, 1)
    RegistrationFactory(
        network_day=NetworkDayFactory(date=timezone.localdate() - datetime.timedelta(days=1)),
        person=world.person("official_a"),
        checked_in_at=timezone.now(),
    )
    city_a = world.city_a.get_absolute_url()
    own = world.client("official_a").get(city_a).content.decode()
    assert reverse("participation:city", kwargs={"cbs_code": world.city_a.cbs_code}) in own
    assert "city-network-days-heading" in own  # which days (networkdays' section)
    other = world.client("official_b").get(city_a).content.decode()
    assert "city-participation-heading" not in other
    assert "city-network-days-heading" not in other
    assert "city-participation-heading" in world.client("db_member").get(city_a).content.decode()
    page = world.client("official_a").get(
        reverse("participation:city", kwargs={"cbs_code": world.city_a.cbs_code})
    )
    present = next(
        s for s in page.context["sections"] if s["measure"].key == "network_days_present"
    )
    assert (
        dict(present["rows"])[
            timezone.localdate().year - (1 if timezone.localdate().timetuple().tm_yday == 1 else 0)
        ]
        >= 1
    )
    assert page.content.decode().count('role="img"') == len(page.context["sections"])


@pytest.mark.django_db
def test_the_dashboard_links_the_db_and_the_secretariat_to_the_page(world, rf):
    for persona, expected in (("db_member", True), ("secretariat", True), ("official_a", False)):
        request = rf.get("/")
        request.user = world.person(persona).user
        templates = [panel.template for panel in dashboard_panels(request)]
        assert ("participation/dashboard_panel.html" in templates) is expected
    html = world.client("db_member").get(reverse("dashboard")).content.decode()
    assert reverse("participation:overview") in html


@pytest.mark.parametrize("cities", [2, 30])
@pytest.mark.django_db
def test_query_counts_do_not_grow_with_cities(world, cities, django_assert_max_num_queries):
    _network(world, cities)
    client = world.client("db_member")
    client.get(reverse("participation:overview"))  # warm up the session and permissions
    # 11 measures in 6 queries (the measures of one kind of row share a batch: issue 24),
    # the cities and their membership periods, the session, the user, the person and
    # the roles (the permissions, computed once per request).
    with django_assert_max_num_queries(12):
        assert client.get(reverse("participation:overview")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("participation:overview"), {"year": YEAR - 3}).status_code == 200
    city_url = reverse("participation:city", kwargs={"cbs_code": world.city_a.cbs_code})
    with django_assert_max_num_queries(14):
        assert client.get(city_url).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(reverse("participation:invisible")).status_code == 200
