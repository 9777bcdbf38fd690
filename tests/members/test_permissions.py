"""Roles as data: what each persona may do, and that ended roles stop counting."""

import datetime

import pytest
from django.utils import timezone

from members.constants import RoleKind
from members.models import Role
from members.permissions import permissions_for
from tests.factories import RoleFactory, UserFactory


def _fresh(user):
    # permissions are cached per request on the user object; a new request is a new object
    user.refresh_from_db()
    if hasattr(user, "_g40_permissions"):
        del user._g40_permissions
    return permissions_for(user)


def test_each_persona_gets_what_its_role_allows(world):
    p = {name: permissions_for(world.person(name).user) for name in world.people}
    assert p["secretariat"].is_secretariat
    assert p["secretariat"].may_manage_people_of(world.city_a)
    assert p["db_member"].may_decide_reviews
    assert not p["pillar_secretary"].may_decide_reviews
    assert p["pillar_secretary"].may_assign_support(world.pillar.pk)
    assert not p["pillar_secretary"].may_assign_support(world.other_pillar.pk)
    assert p["contact_a"].may_manage_people_of(world.city_a)
    assert not p["contact_a"].may_manage_people_of(world.city_b)
    assert not p["official_a"].may_manage_people_of(world.city_a)
    assert p["official_a"].may_act_for_person(world.person("official_a"))
    assert not p["official_a"].may_act_for_person(world.person("contact_a"))
    assert p["contact_a"].may_act_for_person(world.person("official_a"))
    assert not p["contact_a"].may_act_for_person(world.person("official_b"))
    assert p["event_bureau"].may_see_attendees
    assert not p["official_b"].may_see_attendees


def test_an_ended_role_no_longer_counts(world):
    user = world.person("contact_a").user
    assert _fresh(user).is_city_contact
    Role.objects.filter(person__user=user, kind=RoleKind.CITY_CONTACT).update(
        ends_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert not _fresh(user).is_city_contact


def test_a_future_role_does_not_count_yet(world):
    person = world.person("official_b")
    RoleFactory(
        person=person,
        kind=RoleKind.SECRETARIAT,
        starts_on=timezone.localdate() + datetime.timedelta(days=5),
    )
    assert not _fresh(person.user).is_secretariat


def test_a_deactivated_user_has_no_permissions(world):
    user = world.person("secretariat").user
    user.is_active = False
    user.save()
    assert not _fresh(user).is_secretariat


def test_a_user_without_person_has_no_roles(db):
    assert permissions_for(UserFactory()).roles == ()


def test_ending_a_role_takes_effect_on_the_next_request(world):
    client = world.client("contact_a")
    url = f"/cities/{world.city_a.cbs_code}/people/new/"
    assert client.get(url).status_code == 200
    Role.objects.filter(person=world.person("contact_a"), kind=RoleKind.CITY_CONTACT).update(
        ends_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_role_constraints_hold_in_the_database(world):
    from django.db import IntegrityError, transaction

    person = world.person("official_a")
    with pytest.raises(IntegrityError), transaction.atomic():
        Role.objects.create(person=person, kind=RoleKind.PILLAR_SECRETARY)  # no pillar
    with pytest.raises(IntegrityError), transaction.atomic():
        Role.objects.create(person=person, kind=RoleKind.DB_MEMBER)  # no board position
    with pytest.raises(IntegrityError), transaction.atomic():
        Role.objects.create(
            person=person,
            kind=RoleKind.CITY_OFFICIAL,
            starts_on=datetime.date(2025, 1, 2),
            ends_on=datetime.date(2025, 1, 1),
        )
