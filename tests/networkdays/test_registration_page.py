"""A registration's own page, the personal link in the registration mails (issue 11,
item 14), and cancelling after a confirmation step (item 9)."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from members.actors import SYSTEM
from members.constants import RoleKind
from networkdays import services_registrations
from networkdays.constants import RegistrationStatus
from tests.factories import make_person_with_login

from .factories import NetworkDayFactory, RegistrationFactory


@pytest.fixture
def registration(world):
    day = NetworkDayFactory(host_city=world.city_a, capacity=1, title="Netwerkdag Zwolle")
    return RegistrationFactory(
        network_day=day, person=world.person("official_a"), dietary_needs="vegan"
    )


def detail_url(registration) -> str:
    return reverse("networkdays:registration_detail", kwargs={"pk": registration.pk})


def cancel_url(registration) -> str:
    return reverse("networkdays:registration_cancel", kwargs={"pk": registration.pk})


# --- access, role by role ---------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("official_a", 200),  # the registrant
        ("contact_a", 200),  # the contact of the registrant's city
        ("secretariat", 200),
        ("official_b", 404),  # another city
        ("event_bureau", 404),  # sees attendees, does not manage registrations
        ("db_member", 404),
        ("pillar_secretary", 404),
        ("no_role", 403),  # the read policy
    ],
)
def test_who_opens_the_registration_page(world, registration, persona, status):
    assert world.client(persona).get(detail_url(registration)).status_code == status


@pytest.mark.django_db
def test_a_colleague_of_the_same_city_gets_a_404(world, registration):
    colleague = make_person_with_login(
        username="official-a2", city=world.city_a, roles=[(RoleKind.CITY_OFFICIAL, "", None)]
    )
    client = world.client("anonymous")
    client.force_login(colleague.user)
    assert client.get(detail_url(registration)).status_code == 404


@pytest.mark.django_db
def test_the_link_works_after_login(world, registration):
    response = world.client("anonymous").get(detail_url(registration))
    assert response.status_code == 302
    assert settings.LOGIN_URL in response["Location"]
    assert "next=" in response["Location"]


@pytest.mark.django_db
def test_the_page_says_whom_it_is_for_and_changes_the_needs(world, registration):
    client = world.client("contact_a")
    response = client.get(detail_url(registration))
    assert "no-store" in response["Cache-Control"]  # the needs are personal data
    content = response.content.decode()
    name = world.person("official_a").name
    assert f"Aanmelding van {name}" in content
    assert "vegan" in content
    response = client.post(
        detail_url(registration), {"dietary_needs": " halal ", "accessibility_needs": "lift"}
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert (registration.dietary_needs, registration.accessibility_needs) == ("halal", "lift")


@pytest.mark.django_db
def test_needs_of_a_cancelled_registration_cannot_change(world, registration):
    registration.status = RegistrationStatus.CANCELLED
    registration.save()
    with pytest.raises(ValidationError) as excinfo:
        services_registrations.registration_update_needs(
            registration=registration, by=world.person("official_a").user, dietary_needs="x"
        )
    assert excinfo.value.code == "already_cancelled"


@pytest.mark.django_db
def test_needs_of_another_persons_registration_are_forbidden(world, registration):
    with pytest.raises(ValidationError) as excinfo:
        services_registrations.registration_update_needs(
            registration=registration, by=world.person("official_b").user, dietary_needs="x"
        )
    assert excinfo.value.code == "forbidden"


# --- the mails carry the personal link ---------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("full", [False, True], ids=["confirmed", "waiting"])
def test_the_registration_mail_carries_the_personal_link(world, mails, full):
    day = NetworkDayFactory(host_city=world.city_a, capacity=1)
    if full:
        RegistrationFactory(network_day=day)
    person = world.person("official_a")
    registration = services_registrations.registration_create(
        day=day, person=person, by=person.user
    )
    (mail,) = mails(f"networkday-{'waiting' if full else 'confirmed'}:{registration.pk}:")
    assert f"{settings.SITE_URL}{detail_url(registration)}" in mail.body
    assert f"bedoeld voor {person.name}" in mail.body


@pytest.mark.django_db
def test_the_promotion_mail_carries_the_personal_link(world, registration, mails):
    waiting = RegistrationFactory(
        network_day=registration.network_day,
        person=world.person("contact_a"),
        status=RegistrationStatus.WAITING,
        confirmed_at=None,
    )
    services_registrations.registration_cancel(registration=registration, by=SYSTEM)
    (mail,) = mails(f"networkday-promoted:{waiting.pk}:")
    assert f"{settings.SITE_URL}{detail_url(waiting)}" in mail.body


# --- cancelling asks first (item 9) ---------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_cancel_without_confirmation_changes_nothing_and_asks(world, registration, mails, method):
    RegistrationFactory(
        network_day=registration.network_day,
        person=world.person("contact_a"),
        status=RegistrationStatus.WAITING,
        confirmed_at=None,
    )
    client = world.client("official_a")
    response = getattr(client, method)(cancel_url(registration))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Aanmelding van" in content and "annuleren?" in content
    assert "gaat naar de volgende op de wachtlijst" in content
    assert 'name="confirm" value="yes"' in content
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert mails("networkday-") == []


@pytest.mark.django_db
def test_cancel_with_confirmation_cancels(world, registration):
    response = world.client("official_a").post(cancel_url(registration), {"confirm": "yes"})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED


@pytest.mark.django_db
def test_the_registration_page_cancel_button_leads_to_the_confirmation(world, registration):
    content = world.client("official_a").get(detail_url(registration)).content.decode()
    assert f'action="{cancel_url(registration)}"' in content
    assert 'name="confirm"' not in content
