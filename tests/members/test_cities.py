import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction
from django.urls import reverse

from members.actors import SYSTEM
from members.constants import CityStatus
from members.models import City, MembershipPeriod
from members.services import SHIPPED_CITIES_FILE, cities_load, pillars_load
from pillars.models import Pillar
from tests.factories import CityFactory, PersonFactory

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


@pytest.mark.django_db
def test_shipped_file_loads_the_40_members_and_amstelveen_and_twice_changes_nothing():
    assert cities_load() == 41
    assert City.objects.members().count() == 40
    amstelveen = City.objects.get(cbs_code="GM0362")
    assert not amstelveen.membership_periods.exists()  # an applicant in the file
    total = sum(City.objects.members().values_list("population", flat=True))
    assert total == 5_208_592
    before = list(City.objects.order_by("pk").values())
    assert cities_load() == 0
    assert list(City.objects.order_by("pk").values()) == before


@pytest.mark.django_db
def test_loading_again_does_not_overwrite_newer_figures():
    cities_load()
    City.objects.filter(cbs_code="GM0193").update(population=999_999)
    cities_load()
    assert City.objects.get(cbs_code="GM0193").population == 999_999


def test_shipped_file_matches_the_reference_data():
    import csv
    from pathlib import Path

    reference = Path(__file__).resolve().parents[3] / "shared" / "data" / "g40-cities.csv"
    if not reference.exists():
        pytest.skip("the shared reference data is not beside this checkout")
    shipped = {r["cbs_code"]: r for r in csv.DictReader(SHIPPED_CITIES_FILE.open())}
    for row in csv.DictReader(reference.open()):
        ours = shipped[row["cbs_code"]]
        assert ours["name"] == row["name"]
        assert ours["population"] == row["population_2023"]
        assert ours["urbanity_class"] == row["urbanity_class_2021"]
        assert ours["address_density"] == row["address_density_2021"]
        assert (ours["status"] == "member") == (row["seed_member"] == "yes")


@pytest.mark.django_db
def test_pillars_load_creates_the_three_standing_pillars_once():
    assert pillars_load() == 3
    assert pillars_load() == 0
    assert list(Pillar.objects.values_list("name", flat=True)) == [
        "Sociale Pijler",
        "Pijler Economie en Werk",
        "Fysieke Pijler",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["GM12", "gm0193", "XX0193", "GM01934"])
def test_cbs_code_format_is_held_by_the_database(code):
    city = CityFactory.build(cbs_code=code)
    with pytest.raises(ValidationError):
        city.full_clean()
    # the check constraint, or on PostgreSQL the column length, refuses it
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        City.objects.bulk_create([city])


@pytest.mark.django_db
@pytest.mark.parametrize("urbanity", [0, 6])
def test_urbanity_class_outside_1_to_5_is_refused_by_the_database(urbanity):
    with pytest.raises(IntegrityError), transaction.atomic():
        CityFactory(urbanity_class=urbanity)


@pytest.mark.django_db
def test_membership_period_must_be_ordered():
    with pytest.raises(IntegrityError), transaction.atomic():
        CityFactory(member_since=datetime.date(2022, 7, 1), member_until=datetime.date(2020, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipPeriod.objects.create(
            city=CityFactory(status=CityStatus.APPLICANT),
            starts_on=datetime.date(2022, 7, 1),
            ends_on=datetime.date(2020, 1, 1),
        )


def test_city_list_searches_by_name_and_filters_by_province(world):
    CityFactory(name="Zaanstad", cbs_code="GM0479", province="Noord-Holland")
    client = world.client("official_a")
    response = client.get(reverse("members:city_list"), {"q": "zaan"})
    assert [c.name for c in response.context["cities"]] == ["Zaanstad"]
    response = client.get(reverse("members:city_list"), {"province": "Flevoland"})
    assert [c.name for c in response.context["cities"]] == ["Almere"]


def test_city_list_shows_the_network_total_population_of_members_only(world):
    CityFactory(name="Aanvrager", population=50_000, status=CityStatus.APPLICANT)
    response = world.client("official_a").get(reverse("members:city_list"))
    assert response.context["network_population"] == 200_000
    assert response.context["network_member_count"] == 2
    assert "200.000" in response.content.decode()


def test_city_list_runs_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    # The session, the user, their person and roles; then every city in one query (the
    # provinces, the totals and the search are taken from it).
    client = world.client("official_a")
    with django_assert_max_num_queries(5):
        client.get(reverse("members:city_list"))
    for _ in range(40):
        CityFactory()
    with django_assert_max_num_queries(5):
        response = client.get(reverse("members:city_list"))
    assert len(response.context["cities"]) == 42


BOUND = 14  # + the city's membership periods (membership is dated, issue 22)


def test_city_detail_runs_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    from tests.networkdays.factories import NetworkDayFactory, RegistrationFactory

    client = world.client("official_a")
    url = world.city_a.get_absolute_url()
    # A day to come with a seat of the city: the section counts it.
    RegistrationFactory(network_day=NetworkDayFactory(), person=world.person("official_a"))
    # 12 for the page, and the sections its own people see: the network days the city
    # attended, with the city's seats on each in the same query (1); participation and
    # membership sections ask nothing more of the database for an official (a link; the
    # dates are on the city).
    with django_assert_max_num_queries(BOUND):
        client.get(url)
    for _ in range(30):
        PersonFactory(city=world.city_a)
    with django_assert_max_num_queries(BOUND):
        response = client.get(url)
    assert len(response.context["people"]) == 32


def test_city_detail_shows_people_and_their_roles(world):
    response = world.client("official_b").get(world.city_a.get_absolute_url())
    body = response.content.decode()
    assert world.person("contact_a").name in body
    assert "contactpersoon" in body


def test_contact_details_are_shown_to_own_city_only(world):
    email = world.person("official_a").email
    url = world.city_a.get_absolute_url()

    def page_for(persona: str) -> str:
        return world.client(persona).get(url).content.decode()

    assert email in page_for("official_a")
    assert email in page_for("secretariat")
    assert email not in page_for("official_b")


def test_unknown_city_code_gives_a_dutch_404_page(world):
    response = world.client("official_a").get("/cities/GM9999/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


def test_city_code_in_lower_case_finds_the_city(world):
    response = world.client("official_a").get("/cities/gm0193/")
    assert response.status_code == 200


# The session, the user, the viewer's permissions (2), the city, its periods, its
# people (count and page), the pillar roles, and the sections: network days (2),
# applications, statements.
PAGE_BOUND = 14


def test_a_city_page_asks_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    """The page and every section are rendered from their queries on every view, a fixed
    number of them, whatever the city's history holds."""
    client = world.client("contact_a")
    url = world.city_a.get_absolute_url()
    client.get(url)
    with django_assert_max_num_queries(PAGE_BOUND):
        response = client.get(url)
    body = response.content.decode()
    assert "Netwerkdagen van" in body and "Deelname van" in body


# The marker, not time_machine.travel on the function: its fixture pins the moment before
# the world is made, so the personas' roles have begun on that day whatever today is.
DECEMBER_7 = datetime.datetime(2026, 12, 7, 10, tzinfo=AMSTERDAM)


@pytest.mark.time_machine(DECEMBER_7, tick=False)
def test_a_citys_cached_sections_show_a_registration_made_since(world):
    """On 7 December, a day 30 days ahead falls in January: it is shown all the same."""
    import re

    from networkdays.services_registrations import registration_create
    from tests.networkdays.factories import NetworkDayFactory

    day = NetworkDayFactory(host_city=world.city_a, capacity=5, title="Netwerkdag Voorbeeld")
    client = world.client("contact_a")
    url = world.city_a.get_absolute_url()
    seats = re.compile(r"Netwerkdag Voorbeeld</a></th><td>(\d+)</td>")
    assert seats.search(client.get(url).content.decode()).group(1) == "0"
    registration_create(day=day, person=world.person("official_a"), by=SYSTEM)
    assert seats.search(client.get(url).content.decode()).group(1) == "1"


@pytest.mark.time_machine(DECEMBER_7, tick=False)
def test_a_citys_network_days_are_asked_by_a_date_range(world):
    """Last year's, this year's and the coming days, asked as a range on the indexed
    date (issue 24): no year is extracted from every row's date."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.networkdays.factories import NetworkDayFactory

    for title, date in (
        ("Dag te oud", datetime.date(2024, 12, 31)),
        ("Dag vorig jaar", datetime.date(2025, 1, 1)),
        ("Dag dit jaar", datetime.date(2026, 6, 1)),
        ("Dag volgend jaar", datetime.date(2027, 3, 1)),
    ):
        NetworkDayFactory(host_city=world.city_a, title=title, date=date)
    client = world.client("contact_a")
    url = world.city_a.get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        body = client.get(url).content.decode()
    assert "Dag te oud" not in body
    assert all(f"Dag {when}" in body for when in ("vorig jaar", "dit jaar", "volgend jaar"))
    days = [
        q["sql"] for q in captured.captured_queries if 'FROM "networkdays_networkday"' in q["sql"]
    ]
    assert days and not any("extract" in sql.lower() for sql in days)
