"""Services ask who acts first, and the page's question (issue 22, items 20 and 21).

- A refused user is refused with ``Forbidden`` (code ``forbidden``), whatever the input:
  each service below gets input it would reject and a user who may not act, and must
  answer ``forbidden`` — never the input's own code, which would tell the refused user
  about it.
- A person whose only role ended yesterday gets 403 from the pages (``require_reader``:
  the read policy first); the services ask the same (``networkdays.access.acting_person``)
  also where the person acts only for themselves."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from infra.services import Forbidden
from letters import services as letter_services
from letters.constants import LetterStatus
from members.constants import RoleKind
from members.models import Role
from networkdays import services as day_services
from networkdays import services_registrations
from networkdays.models import NetworkDay, ProgrammeSession
from participation import services as participation_services
from tests.factories import RoleFactory
from tests.letters.factories import make_letter
from tests.networkdays.factories import NetworkDayFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def _refused(call) -> str:
    with pytest.raises(ValidationError) as excinfo:
        call()
    error = excinfo.value
    assert not hasattr(error, "error_dict"), error
    if error.code == "forbidden":
        assert isinstance(error, Forbidden), "refuse the acting user with infra.services.Forbidden"
    return error.code


# (name, who acts, the call with input the service would reject)
SERVICES_WITH_BAD_INPUT = {
    "letter_update": (
        "official_a",
        lambda world: letter_services.letter_update(
            by=world.person("official_a").user,
            letter=make_letter(),
            subject="",
            body_html="<script>alert(1)</script>",
        ),
    ),
    "letter_approve": (
        "secretariat",  # drafts letters, never approves them
        lambda world: letter_services.letter_approve(
            by=world.person("secretariat").user,
            letter=make_letter(status=LetterStatus.APPROVED),
        ),
    ),
    "city_note_save": (
        "official_a",
        lambda world: participation_services.city_note_save(
            city=world.city_a, text="   ", by=world.person("official_a").user
        ),
    ),
    "invisibility_rule_set": (
        "official_a",
        lambda world: participation_services.invisibility_rule_set(
            period_years=2,
            conditions={"no-such-measure": Decimal(1)},
            by=world.person("official_a").user,
        ),
    ),
    "network_day_save": (
        "official_a",
        lambda world: day_services.network_day_save(
            day=NetworkDay(title=""), by=world.person("official_a").user
        ),
    ),
    "programme_session_save": (
        "official_a",
        lambda world: day_services.programme_session_save(
            session=ProgrammeSession(network_day=NetworkDayFactory(), title=""),
            by=world.person("official_a").user,
        ),
    ),
}


@pytest.mark.parametrize("name", sorted(SERVICES_WITH_BAD_INPUT))
def test_a_refused_user_learns_nothing_about_the_input(world, name):
    _persona, call = SERVICES_WITH_BAD_INPUT[name]
    assert _refused(lambda: call(world)) == "forbidden"


@pytest.fixture
def ended_yesterday(world):
    """official_a, whose only role ended yesterday."""
    person = world.person("official_a")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Role.objects.filter(person=person).update(
        starts_on=yesterday - datetime.timedelta(days=30), ends_on=yesterday
    )
    return person


def test_the_pages_refuse_them(world, ended_yesterday):
    from django.urls import reverse

    client = world.client("official_a")
    assert client.get(reverse("networkdays:list")).status_code == 403
    assert client.get(reverse("networkdays:my_calendar")).status_code == 403


SELF_SERVICES = {
    "registration_create": lambda person, day, registration: (
        services_registrations.registration_create(day=day, person=person, by=person.user)
    ),
    "registration_cancel": lambda person, day, registration: (
        services_registrations.registration_cancel(registration=registration, by=person.user)
    ),
    "registration_update_needs": lambda person, day, registration: (
        services_registrations.registration_update_needs(
            registration=registration, by=person.user, dietary_needs="Vegetarisch"
        )
    ),
    "calendar_feed_regenerate": lambda person, day, registration: (
        day_services.calendar_feed_regenerate(person=person, by=person.user)
    ),
}


@pytest.mark.parametrize("name", sorted(SELF_SERVICES))
def test_a_person_whose_only_role_ended_yesterday_is_refused(world, ended_yesterday, name):
    day = NetworkDayFactory()
    other_day = NetworkDayFactory()
    registration = RegistrationFactory(network_day=other_day, person=ended_yesterday)
    before = registration.status
    assert _refused(lambda: SELF_SERVICES[name](ended_yesterday, day, registration)) == (
        "forbidden"
    )
    registration.refresh_from_db()
    assert registration.status == before
    assert not day.registrations.exists()


@pytest.mark.parametrize("name", sorted(SELF_SERVICES))
def test_with_a_current_role_they_may(world, name):
    person = world.person("official_a")
    RoleFactory(person=person, kind=RoleKind.CITY_OFFICIAL)
    day = NetworkDayFactory()
    registration = RegistrationFactory(network_day=NetworkDayFactory(), person=person)
    SELF_SERVICES[name](person, day, registration)
