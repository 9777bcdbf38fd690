import json

from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts.constants import SecurityEventKind
from accounts.models import SecurityEvent
from members.models import Person, Role


def test_a_person_downloads_their_own_data(world):
    person = world.person("contact_a")
    response = world.client("contact_a").post(reverse("accounts:my_data"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["members"]["email"] == person.email
    assert {r["role"] for r in data["members"]["roles"]} == {"city_contact", "city_official"}
    assert data["accounts"]["login"]["username"] == "contact-a"
    # nobody else's data
    assert world.person("official_a").email not in response.content.decode()
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.DATA_DOWNLOADED).count() == 1


def test_the_secretariat_erases_a_person(world):
    person = world.person("official_a")
    user_id = person.user_id
    response = world.client("secretariat").post(
        reverse("accounts:person_erase", kwargs={"pk": person.pk})
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.name == "—"
    assert "official-a" not in person.email
    assert person.user is None
    assert not Role.objects.filter(person=person).exists()
    assert not get_user_model().objects.filter(pk=user_id).exists()
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.PERSON_ERASED).count() == 1


def test_a_city_contact_cannot_erase_and_nothing_changes(world):
    person = world.person("official_a")
    response = world.client("contact_a").post(
        reverse("accounts:person_erase", kwargs={"pk": person.pk})
    )
    assert response.status_code == 403
    assert Person.objects.get(pk=person.pk).name == person.name


def test_the_erase_service_itself_refuses_a_city_contact(world):
    """Not only the view: the service asks the permission too."""
    import pytest
    from django.core.exceptions import ValidationError

    from accounts.services import person_erase

    person = world.person("official_a")
    with pytest.raises(ValidationError) as excinfo:
        person_erase(by=world.person("contact_a").user, person=person)
    assert excinfo.value.code == "forbidden"
    assert Person.objects.get(pk=person.pk).name == person.name


def test_the_erase_service_refuses_a_missing_actor(world):
    """No ``by`` is not "the system": leaving it out or passing ``None`` is a bug."""
    import pytest

    from accounts.services import person_erase

    person = world.person("official_a")
    with pytest.raises(TypeError):
        person_erase(person=person)
    with pytest.raises(TypeError):
        person_erase(by=None, person=person)
    assert Person.objects.get(pk=person.pk).name == person.name


def test_the_system_erases_a_person_and_the_log_names_no_user(world):
    from accounts.services import person_erase
    from members.actors import SYSTEM

    person = world.person("official_a")
    person_erase(by=SYSTEM, person=person)
    assert Person.objects.get(pk=person.pk).name == "—"
    event = SecurityEvent.objects.get(kind=SecurityEventKind.PERSON_ERASED)
    assert event.user is None and event.detail == {"person": person.pk}


def test_the_security_log_names_the_secretary_who_erased(world):
    from accounts.services import person_erase

    secretary = world.person("secretariat").user
    person_erase(by=secretary, person=world.person("official_a"))
    assert SecurityEvent.objects.get(kind=SecurityEventKind.PERSON_ERASED).user == secretary
