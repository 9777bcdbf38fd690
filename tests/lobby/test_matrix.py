"""The lobby's URLs for its own persona, the contact of city B (a city contact of
another city than the notice's); every shared persona, the lobby coordinator among them,
is run over the same entries by tests/test_permission_matrix.py."""

import pytest

from ..helpers import assert_matrix_status
from .conftest import LOBBY_PERSONAS, add_lobby_personas
from .matrix import ENTRIES

CASES = [(entry, persona) for entry in ENTRIES for persona in LOBBY_PERSONAS]


@pytest.mark.parametrize(("entry", "persona"), CASES, ids=[f"{e.id}-{p}" for e, p in CASES])
def test_lobby_matrix(world, entry, persona):
    add_lobby_personas(world)
    assert_matrix_status(world, entry, persona)
