import pytest

from .factories import ApiClient, make_token
from .matrix import _setup


@pytest.fixture
def api_world(world):
    """The matrix's world: a day of Zwolle with registrations of Zwolle and Almere, a
    draft day, groups, letters, an applicant city."""
    _setup(world)
    return world


@pytest.fixture
def token_of(world):
    """``token_of(persona, may_register=True)`` -> (token, ApiClient with it)."""

    def make(persona: str, **kwargs):
        token, secret = make_token(world.person(persona).user, **kwargs)
        return token, ApiClient(secret)

    return make
