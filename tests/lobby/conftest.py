"""The lobby's own persona on top of the shared world: the contact of city B (a city
contact of another city than A). The lobby coordinator is a shared persona."""

import pytest

from members.constants import RoleKind

from ..factories import make_person_with_login

LOBBY_PERSONAS = ("contact_b",)


def add_lobby_personas(world) -> None:
    # The coordinator is in the shared world (the project-wide page tests visit the
    # lobby's URLs as every persona of the matrix); city B's contact is the lobby's own.
    if "contact_b" in world.people:
        return
    world.people["contact_b"] = make_person_with_login(
        username="contact-b",
        city=world.city_b,
        roles=[(RoleKind.CITY_CONTACT, "", None), (RoleKind.CITY_OFFICIAL, "", None)],
    )


@pytest.fixture
def lobby_world(world):
    add_lobby_personas(world)
    return world
