"""The councils are reached (issue 23, item 6): the letters page and the elections page
name the member cities without a council clerk or college contact; the secretariat asks
their city contacts (a mail each) and the contact's dashboard shows the task until the
roles exist. A city that is no member is not listed."""

import datetime

import pytest
from django.urls import reverse

from letters.models import Election
from letters.selectors import cities_without_addressees
from letters.services_addressees import addressee_requests_send
from members.actors import SYSTEM
from members.constants import RoleKind

from .factories import make_addressee

pytestmark = pytest.mark.django_db


def test_the_cities_without_a_clerk_or_college_contact(world):
    make_addressee(city=world.city_a, kind=RoleKind.GRIFFIER)
    rows = {row.city.name: row.missing for row in cities_without_addressees()}
    assert rows == {
        "Zwolle": [RoleKind.COLLEGE_CONTACT],
        "Almere": [RoleKind.GRIFFIER, RoleKind.COLLEGE_CONTACT],
    }
    make_addressee(city=world.city_a, kind=RoleKind.COLLEGE_CONTACT)
    assert [row.city.name for row in cities_without_addressees()] == ["Almere"]


def test_the_letters_and_elections_pages_name_them(world):
    election = Election.objects.create(held_on=datetime.date(2026, 3, 18), name="GR 2026")
    client = world.client("db_member")
    for url in (reverse("letters:list"), reverse("letters:election_detail", args=[election.pk])):
        html = client.get(url).content.decode()
        assert "2 lidsteden hebben geen griffier of geen collegecontact" in html
        assert "Almere</a>: geen griffier, geen collegecontact" in html
        assert "Vraag hun contactpersonen" not in html  # only the secretariat asks


def test_the_secretariat_asks_the_city_contacts_once_a_day(
    world, django_capture_on_commit_callbacks, mailoutbox
):
    client = world.client("secretariat")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("letters:addressees_ask"), {"next": "/letters/"})
        client.post(reverse("letters:addressees_ask"))
    assert response.status_code == 302 and response["Location"] == "/letters/"
    # Zwolle has a city contact (contact_a); Almere none: one mail, to contact_a.
    assert [m.to for m in mailoutbox] == [[world.person("contact_a").email]]
    body = mailoutbox[0].body
    assert "Zwolle" in body and "griffier" in body
    assert addressee_requests_send(by=SYSTEM) == (1, 1)


def test_the_city_contacts_dashboard_shows_the_task_until_the_roles_exist(world):
    client = world.client("contact_a")
    assert "Taak: noem de geadresseerden" in client.get("/").content.decode()
    make_addressee(city=world.city_a, kind=RoleKind.GRIFFIER)
    make_addressee(city=world.city_a, kind=RoleKind.COLLEGE_CONTACT)
    assert "Taak: noem de geadresseerden" not in client.get("/").content.decode()
    # Another city's people see no task for it.
    assert (
        "Taak: noem de geadresseerden" not in world.client("official_b").get("/").content.decode()
    )
