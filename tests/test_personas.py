"""The shared personas cover every role kind, so that the permission matrix asks each
kind of role what it gets (issue 24: the lobby coordinator was missing)."""

from members.constants import RoleKind

from .conftest import PEOPLE_ON_DEMAND, PERSONAS, WORLD_PEOPLE
from .matrix import PEERS


def _kinds_of(persona: str) -> set[str]:
    roles = dict((name, roles) for name, _user, _city, roles in WORLD_PEOPLE).get(persona)
    if roles is None:
        roles = PEOPLE_ON_DEMAND.get(persona, ("", "", []))[2]
    return {kind for kind, _position, _pillar in roles}


def test_every_role_kind_has_a_persona_in_the_matrix():
    covered = set().union(*(_kinds_of(persona) for persona in PERSONAS))
    assert covered == set(RoleKind.values)


def test_every_persona_is_in_the_world():
    made = {name for name, *_rest in WORLD_PEOPLE} | set(PEOPLE_ON_DEMAND)
    assert set(PERSONAS) - {"anonymous", "no_role"} == made


def test_a_peer_is_a_persona_of_its_own():
    assert set(PEERS) | set(PEERS.values()) <= set(PERSONAS)
