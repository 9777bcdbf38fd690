"""A bestuurlijke network day is for mayors and aldermen only (issue 23, item 11): the
rule is ``members.permissions.may_attend_network_day``, held by the registration
services whoever registers (the form, the API, a substitute)."""

import pytest
from django.core.exceptions import ValidationError

from members.actors import SYSTEM
from members.constants import Function
from members.permissions import may_attend_network_day
from networkdays.constants import NetworkDayKind, RegistrationStatus
from networkdays.services_registrations import registration_create, registration_substitute

from .factories import CityFactory, NetworkDayFactory, PersonFactory


def test_the_rule_by_function():
    mayor = PersonFactory.build(function=Function.MAYOR)
    servant = PersonFactory.build(function=Function.CIVIL_SERVANT)
    assert may_attend_network_day(mayor, NetworkDayKind.ADMINISTRATIVE)
    assert not may_attend_network_day(servant, NetworkDayKind.ADMINISTRATIVE)
    assert may_attend_network_day(servant, NetworkDayKind.OFFICIAL)


@pytest.mark.django_db
def test_a_civil_servant_cannot_register_for_a_bestuurlijke_day():
    day = NetworkDayFactory(kind=NetworkDayKind.ADMINISTRATIVE)
    servant = PersonFactory(function=Function.CIVIL_SERVANT)
    with pytest.raises(ValidationError) as caught:
        registration_create(day=day, person=servant, by=SYSTEM)
    assert caught.value.code == "not_for_function"
    assert not day.registrations.exists()
    alderman = PersonFactory(function=Function.ALDERMAN)
    registration = registration_create(day=day, person=alderman, by=SYSTEM)
    assert registration.status == RegistrationStatus.CONFIRMED


@pytest.mark.django_db
def test_a_place_at_a_bestuurlijke_day_is_not_passed_to_a_civil_servant():
    day = NetworkDayFactory(kind=NetworkDayKind.ADMINISTRATIVE)
    city = CityFactory()
    mayor = PersonFactory(city=city, function=Function.MAYOR)
    servant = PersonFactory(city=city, function=Function.CIVIL_SERVANT)
    registration = registration_create(day=day, person=mayor, by=SYSTEM)
    with pytest.raises(ValidationError) as caught:
        registration_substitute(registration=registration, substitute=servant, by=SYSTEM)
    assert caught.value.code == "not_for_function"
    registration.refresh_from_db()
    assert registration.person == mayor


@pytest.mark.django_db
def test_the_register_page_says_so_in_dutch(world):
    day = NetworkDayFactory(kind=NetworkDayKind.ADMINISTRATIVE)
    person = world.people["official_a"]
    assert person.function == Function.CIVIL_SERVANT
    client = world.client("official_a")
    response = client.post(
        f"/network-days/{day.pk}/register/",
        {"person": person.pk},
        headers={"accept-language": "nl"},
    )
    assert response.status_code == 200
    assert "alleen voor burgemeester, wethouder" in response.content.decode()
    assert not day.registrations.exists()
