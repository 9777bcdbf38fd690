"""The cities list, a city's page, the dashboard and the permissions are rendered from
their queries on every request (no page cache, issue 24) — never stale, never another
viewer's."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from members.constants import RoleKind
from members.models import City, Person, Role
from networkdays.constants import NetworkDayStatus
from tests.factories import PersonFactory
from tests.networkdays.factories import NetworkDayFactory

pytestmark = pytest.mark.django_db


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries), response.content.decode()


def test_cities_list_second_view_asks_the_same_and_a_write_shows_at_once(world):
    client = world.client("official_a")
    url = reverse("members:city_list")
    cold, _ = queries(client, url)
    warm, _ = queries(client, url)
    assert warm == cold
    City.objects.filter(pk=world.city_a.pk).update(population=123_456_789)
    _, page = queries(client, url)
    assert "123.456.789" in page


def test_cities_list_follows_the_search(world):
    client = world.client("official_a")
    url = reverse("members:city_list")
    assert "Almere" in client.get(url, {"q": "Alm"}).content.decode()
    page = client.get(url, {"q": "Zwo"}).content.decode()
    assert "Zwolle" in page and ">Almere<" not in page


def test_city_page_contact_details_never_reach_another_city(world):
    contact = world.person("contact_a")
    url = world.city_a.get_absolute_url()
    # The city's own contact sees the private version ...
    assert contact.email in world.client("contact_a").get(url).content.decode()
    # ... an official of another city gets the public version: no e-mail, no edit links.
    page = world.client("official_b").get(url).content.decode()
    assert contact.email not in page
    assert reverse("people:person_edit", kwargs={"pk": contact.pk}) not in page
    # And the other way round: the public version does not hide the private one.
    assert contact.email in world.client("official_a").get(url).content.decode()
    assert contact.email in world.client("secretariat").get(url).content.decode()


def test_city_page_shows_a_new_person_and_a_changed_role_at_once(world):
    client = world.client("official_a")
    url = world.city_a.get_absolute_url()
    cold, _ = queries(client, url)
    warm, _ = queries(client, url)
    assert warm == cold
    PersonFactory(city=world.city_a, name="Nieuwe Collega")
    assert "Nieuwe Collega" in client.get(url).content.decode()
    Person.objects.filter(name="Nieuwe Collega").update(name="Hernoemde Collega")
    assert "Hernoemde Collega" in client.get(url).content.decode()


def test_ending_a_role_takes_effect_on_the_next_request(world):
    client = world.client("secretariat")
    url = reverse("accounts:security_log")
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Role.objects.filter(person=world.person("secretariat")).update(ends_on=yesterday)
    assert client.get(url).status_code == 403


def test_a_role_that_starts_tomorrow_counts_from_tomorrow(world, monkeypatch):
    person = world.person("official_b")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    Role.objects.create(person=person, kind=RoleKind.SECRETARIAT, starts_on=tomorrow)
    client = world.client("official_b")
    url = reverse("accounts:security_log")
    assert client.get(url).status_code == 403
    monkeypatch.setattr(timezone, "localdate", lambda *args: tomorrow)
    assert client.get(url).status_code == 200


def test_dashboard_is_each_users_own(world):
    first = world.client("official_a").get(reverse("dashboard")).content.decode()
    second = world.client("official_b").get(reverse("dashboard")).content.decode()
    assert world.person("official_a").city.name in first
    assert world.city_b.name in second and world.city_a.name not in second
    admin_link = reverse("admin:index")
    assert admin_link in world.client("secretariat").get(reverse("dashboard")).content.decode()
    assert admin_link not in world.client("official_b").get(reverse("dashboard")).content.decode()


def test_dashboard_shows_a_registration_opening_when_the_clock_gets_there(world, monkeypatch):
    now = timezone.now()
    day = NetworkDayFactory(
        status=NetworkDayStatus.PUBLISHED,
        date=timezone.localdate() + datetime.timedelta(days=30),
        registration_opens_at=now + datetime.timedelta(hours=1),
    )
    client = world.client("official_a")
    url = reverse("dashboard")
    assert day.title not in client.get(url).content.decode()
    cold, _ = queries(client, url)
    assert cold
    later = now + datetime.timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert day.title in client.get(url).content.decode()
