"""A query string cannot mint unbounded cache keys: junk parameters, filter values that
do not exist and pages past the last are served, but not stored."""

import pytest
from django.core.cache import caches

from networkdays.constants import RegistrationStatus

from .networkdays.factories import NetworkDayFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

JUNK = 40


def entries() -> int:
    return len(caches["default"]._cache)


def junk_queries(name: str) -> list[str]:
    return [
        *(f"?{name}={n}" for n in range(JUNK // 4)),
        *(f"?{name}=x{n}" for n in range(JUNK // 4)),
        *(f"?utm_source={n}" for n in range(JUNK // 4)),
        *(f"?{name}=&{name}={n}" for n in range(JUNK // 4)),
    ]


def assert_bounded(client, path: str, name: str) -> None:
    assert client.get(path).status_code == 200
    before = entries()
    for query in junk_queries(name):
        assert client.get(path + query).status_code == 200
    # A valid query may add its own entry (and the permissions theirs); junk adds none.
    assert entries() - before <= 2


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/cities/", "province"),
        ("/cities/", "q"),
        ("/theme-groups/", "pillar"),
        ("/theme-groups/", "status"),
        ("/theme-groups/", "city"),
        ("/theme-groups/support/", "pillar"),
    ],
)
def test_junk_queries_do_not_fill_the_cache(world, path, name):
    assert_bounded(world.client("secretariat"), path, name)


def test_junk_pages_of_a_city_do_not_fill_the_cache(world):
    assert_bounded(world.client("secretariat"), f"/cities/{world.city_a.cbs_code}/", "page")


@pytest.mark.parametrize("name", ["page", "city", "status"])
def test_junk_queries_of_the_attendee_list_do_not_fill_the_cache(world, name):
    day = NetworkDayFactory(host_city=world.city_a)
    RegistrationFactory(network_day=day, person=world.person("official_a"))
    client = world.client("secretariat")
    assert_bounded(client, f"/network-days/{day.pk}/attendees/", name)
    for fmt in ("csv", "xlsx"):
        assert_bounded(client, f"/network-days/{day.pk}/attendees.{fmt}", name)


def test_a_valid_filter_is_still_stored(world):
    day = NetworkDayFactory(host_city=world.city_a)
    RegistrationFactory(
        network_day=day, person=world.person("official_a"), status=RegistrationStatus.CONFIRMED
    )
    client = world.client("secretariat")
    client.get(f"/network-days/{day.pk}/attendees/")
    before = entries()
    client.get(f"/network-days/{day.pk}/attendees/?city={world.city_a.pk}&status=confirmed")
    assert entries() == before + 1
