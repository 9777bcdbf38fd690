"""Who acts in admissions: the acting user's name and person are what
``members.actors`` answers (issue 24), not a permission check of the app's own."""

import pathlib

import pytest
from django.core.exceptions import ValidationError

from admissions.services.applications import _acting
from members.actors import SYSTEM

SERVICES = pathlib.Path(__file__).resolve().parents[2] / "admissions" / "services"


def test_admissions_asks_permissions_only_through_members_actors():
    for path in SERVICES.glob("*.py"):
        source = path.read_text()
        assert "permissions_for" not in source, path.name
        assert "is_system(" not in source, path.name


def test_the_actor_of_a_step_is_named_with_their_city(world):
    person = world.person("secretariat")
    name, acted = _acting(person.user, lambda p: p.may_record_decisions)
    assert name == f"{person.name} ({person.city.name})"
    assert acted == person


def test_a_user_without_the_right_is_refused(world):
    with pytest.raises(ValidationError) as excinfo:
        _acting(world.person("contact_a").user, lambda p: p.may_record_decisions)
    assert excinfo.value.code == "forbidden"


def test_the_system_acts_without_a_name_or_person(world):
    assert _acting(SYSTEM, lambda p: False) == ("", None)


def test_none_is_no_actor(world):
    with pytest.raises(TypeError):
        _acting(None, lambda p: True)
