"""The lobby's URLs for its own personas too (the lobby coordinator and the contact of
city B), beside the shared personas that tests/test_permission_matrix.py runs."""

import pytest
from django.urls import reverse

from ..conftest import PERSONAS
from .conftest import LOBBY_PERSONAS, add_lobby_personas
from .matrix import ENTRIES

CASES = [(entry, persona) for entry in ENTRIES for persona in (*PERSONAS, *LOBBY_PERSONAS)]


@pytest.mark.parametrize(("entry", "persona"), CASES, ids=[f"{e.id}-{p}" for e, p in CASES])
def test_lobby_matrix(world, entry, persona):
    add_lobby_personas(world)
    if entry.setup:
        entry.setup(world)
    client = world.client(persona)
    url = reverse(entry.url_name, kwargs=entry.kwargs(world))
    if entry.method == "get":
        response = client.get(url)
    else:
        response = client.post(url, entry.data(world) if entry.data else {})
    expected = entry.status_for(persona)
    assert response.status_code == expected, (
        f"{persona} {entry.method.upper()} {url}: {response.status_code}, expected {expected}"
    )
