"""A colleague added by a city contact can log in (issue 11, item 10): the contact
invites them by mail, they choose a password through a single-use link and land on
their dashboard."""

import re

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from accounts.constants import SecurityEventKind
from accounts.models import SecurityEvent
from accounts.services import person_invite
from members.constants import RoleKind
from members.models import Person
from tests.audit.helpers import as_request
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "een-lang-nieuw-wachtwoord-42"


def _link(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def _path(link: str) -> str:
    return "/" + link.split("/", 3)[3]


def test_the_whole_journey(world, django_capture_on_commit_callbacks):
    contact = world.client("contact_a")
    with django_capture_on_commit_callbacks(execute=True):
        response = contact.post(
            reverse("members:person_create", kwargs={"cbs_code": world.city_a.cbs_code}),
            {"name": "Nieuwe Collega", "email": "Nieuw@Example.org", "function": "ambtenaar"},
        )
    assert response.status_code == 302
    person = Person.objects.get(email="nieuw@example.org")
    edit = contact.get(reverse("people:person_edit", kwargs={"pk": person.pk}))
    assert reverse("accounts:person_invite", kwargs={"pk": person.pk}) in edit.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = contact.post(reverse("accounts:person_invite", kwargs={"pk": person.pk}))
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["nieuw@example.org"]
    assert "nieuw@example.org" in message.body  # the username
    person.refresh_from_db()
    assert person.user.username == "nieuw@example.org"
    assert not person.user.has_usable_password()
    assert list(person.roles.values_list("kind", flat=True)) == [RoleKind.CITY_OFFICIAL]

    visitor = Client()
    form_page = visitor.get(_path(_link(message)), follow=True)
    assert form_page.status_code == 200 and form_page.context["validlink"]
    set_password_url = form_page.redirect_chain[-1][0]
    response = visitor.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    dashboard = visitor.get(reverse("dashboard"))
    assert dashboard.status_code == 200
    assert dashboard.context["user"] == person.user
    # A network page is open to them: the role came with the invitation.
    assert visitor.get(reverse("members:city_list")).status_code == 200

    # The link works once.
    again = Client().get(_path(_link(message)), follow=True)
    assert again.context["validlink"] is False
    # And they log in with the password they chose.
    response = Client().post(
        reverse("login"), {"username": "nieuw@example.org", "password": NEW_PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == reverse("dashboard")


def test_the_secretariat_may_invite_and_the_invitation_is_recorded(world):
    person = PersonFactory(city=world.city_b)
    secretariat = world.person("secretariat").user
    with as_request(secretariat):
        user = person_invite(person=person, by=secretariat)
    person.refresh_from_db()
    assert person.user == user
    entry = LogEntry.objects.get_for_object(person).latest("timestamp")
    assert "user" in entry.changes_dict
    assert entry.actor == secretariat
    event = SecurityEvent.objects.get(kind=SecurityEventKind.PERSON_INVITED)
    assert event.user == secretariat and event.detail["person"] == person.pk


def test_a_contact_may_not_invite_another_citys_person(world):
    person = PersonFactory(city=world.city_b)
    with pytest.raises(ValidationError) as excinfo:
        person_invite(person=person, by=world.person("contact_a").user)
    assert excinfo.value.code == "forbidden"
    response = world.client("contact_a").post(
        reverse("accounts:person_invite", kwargs={"pk": person.pk})
    )
    assert response.status_code == 404
    person.refresh_from_db()
    assert person.user is None


def test_an_official_may_not_invite_a_colleague(world):
    person = PersonFactory(city=world.city_a)
    with pytest.raises(ValidationError) as excinfo:
        person_invite(person=person, by=world.person("official_a").user)
    assert excinfo.value.code == "forbidden"


def test_someone_who_can_log_in_is_not_invited(world):
    with pytest.raises(ValidationError) as excinfo:
        person_invite(person=world.person("official_a"), by=world.person("contact_a").user)
    assert excinfo.value.code == "already_has_login"


def test_a_username_taken_by_another_login_is_refused(world):
    person = PersonFactory(city=world.city_a, email="bezet@example.org")
    UserFactory(username="BEZET@example.org")
    with pytest.raises(ValidationError) as excinfo:
        person_invite(person=person, by=world.person("contact_a").user)
    assert excinfo.value.code == "username_taken"


def test_inviting_again_before_the_password_is_chosen_keeps_the_same_login(world):
    person = PersonFactory(city=world.city_a)
    by = world.person("contact_a").user
    first = person_invite(person=person, by=by)
    second = person_invite(person=person, by=by)
    assert first == second
    assert person.roles.count() == 1
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.PERSON_INVITED).count() == 2
