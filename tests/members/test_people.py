from django.urls import reverse

from members.actors import SYSTEM
from members.models import Person


def test_city_contact_adds_a_colleague_of_their_own_city(world):
    response = world.client("contact_a").post(
        reverse("members:person_create", kwargs={"cbs_code": world.city_a.cbs_code}),
        {"name": "Nieuwe Collega", "email": "Nieuw@Example.org", "function": "ambtenaar"},
    )
    assert response.status_code == 302
    person = Person.objects.get(email="nieuw@example.org")
    assert person.city == world.city_a


def test_city_contact_cannot_add_people_to_another_city(world):
    response = world.client("contact_a").post(
        reverse("members:person_create", kwargs={"cbs_code": world.city_b.cbs_code}),
        {"name": "Indringer", "email": "x@example.org", "function": "ambtenaar"},
    )
    assert response.status_code == 404
    assert not Person.objects.filter(email="x@example.org").exists()


def test_city_contact_cannot_edit_a_person_of_another_city(world):
    official_b = world.person("official_b")
    response = world.client("contact_a").post(
        reverse("people:person_edit", kwargs={"pk": official_b.pk}),
        {"name": "Gewijzigd", "email": official_b.email, "function": "ambtenaar"},
    )
    assert response.status_code == 404
    official_b.refresh_from_db()
    assert official_b.name != "Gewijzigd"


def test_a_duplicate_email_gets_a_clear_message_and_nothing_is_saved(world):
    taken = world.person("official_b").email
    response = world.client("contact_a").post(
        reverse("members:person_create", kwargs={"cbs_code": world.city_a.cbs_code}),
        {"name": "Dubbel", "email": taken.upper(), "function": "ambtenaar"},
    )
    assert response.status_code == 200
    assert "Er is al iemand bekend met dit e-mailadres." in response.content.decode()
    assert Person.objects.filter(name="Dubbel").count() == 0


def test_a_huge_or_odd_name_is_refused_with_a_message(world):
    response = world.client("contact_a").post(
        reverse("members:person_create", kwargs={"cbs_code": world.city_a.cbs_code}),
        {"name": "x" * 5000, "email": "lang@example.org", "function": "nope"},
    )
    assert response.status_code == 200
    assert not Person.objects.filter(email="lang@example.org").exists()


def test_a_huge_id_in_the_url_is_a_404_not_a_500(world):
    response = world.client("secretariat").get("/people/99999999999999999999999999/edit/")
    assert response.status_code == 404


# --- the service checks too (not only the view) ----------------------------------


def test_the_service_refuses_a_contact_for_another_city(world):
    import pytest
    from django.core.exceptions import ValidationError

    from members.services import person_save

    contact_a = world.person("contact_a").user
    newcomer = Person(name="Indringer", email="x@example.org", city=world.city_b)
    with pytest.raises(ValidationError) as excinfo:
        person_save(person=newcomer, by=contact_a)
    assert excinfo.value.code == "forbidden"
    official_b = world.person("official_b")
    official_b.name = "Gewijzigd"
    with pytest.raises(ValidationError) as excinfo:
        person_save(person=official_b, by=contact_a)
    assert excinfo.value.code == "forbidden"
    assert not Person.objects.filter(email="x@example.org").exists()
    assert Person.objects.get(pk=official_b.pk).name != "Gewijzigd"


def test_the_service_refuses_a_contact_whose_role_ended(world):
    """The rule is asked inside the write: a role ended after the form was shown counts."""
    import datetime

    import pytest
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from members.models import Role
    from members.services import person_save

    contact = world.person("contact_a")
    Role.objects.filter(person=contact).update(
        ends_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    contact.user.refresh_from_db()  # a new request: permissions are read again
    colleague = Person(
        name="Nieuwe Collega", email="n@example.org", city=world.city_a, function="ambtenaar"
    )
    with pytest.raises(ValidationError) as excinfo:
        person_save(person=colleague, by=contact.user)
    assert excinfo.value.code == "forbidden"


def test_the_system_and_the_secretariat_may_save_anyone(world):
    from members.services import person_save

    person_save(
        person=Person(name="A", email="a@example.org", city=world.city_b, function="ambtenaar"),
        by=SYSTEM,
    )
    secretariat = world.person("secretariat").user
    person_save(
        person=Person(name="B", email="b@example.org", city=world.city_b, function="ambtenaar"),
        by=secretariat,
    )
    assert Person.objects.filter(email__in=["a@example.org", "b@example.org"]).count() == 2


def test_an_account_without_a_role_is_not_offered_the_network_pages(world):
    """The one read policy: no menu entry or dashboard link leads a role-less account
    to a 403; someone with a role gets them."""
    no_role = world.client("no_role").get("/").content.decode()
    official = world.client("official_a").get("/").content.decode()
    for url in ("/cities/", "/pillars/", "/network-days/", "/theme-groups/"):
        assert f'href="{url}"' not in no_role, url
        assert f'href="{url}"' in official, url
    assert "You hold no role" in no_role or "geen rol" in no_role
