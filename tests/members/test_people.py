from django.urls import reverse

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
