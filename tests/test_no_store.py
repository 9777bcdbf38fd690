"""Answers with personal data are kept by no browser and no proxy (issue 11, item 3):
every page a signed-in persona opens says ``Cache-Control: no-store``."""

import pytest
from django.urls import reverse

from .helpers import matrix_request
from .matrix import PUBLIC_URL_NAMES
from .test_permission_matrix import ENTRIES

# The pages the issue names; each must be among those walked below.
PERSONAL_DATA_PAGES = {
    "networkdays:attendees",
    "networkdays:attendees_csv",
    "networkdays:attendees_xlsx",
    "networkdays:check_in",
    "accounts:security_log",
    "accounts:totp_setup",
    "accounts:my_data",
    "audit:log",
    "people:person_edit",
    "members:city_detail",
    "dashboard",
}
# Opened by calendar apps without a login; it chooses its own (private) caching. The
# API's open data is the same for everyone and says "public, no-cache" (revalidated by
# its ETag, tests/api/test_conditional.py); its token answers say no-store themselves.
OWN_CACHING = {"networkdays:feed"} | {
    name for name in PUBLIC_URL_NAMES if name.startswith("api:") and name != "api:docs"
}


def _first_persona_with_200(entry) -> str | None:
    for persona in ("secretariat", "contact_a", "official_a", "pillar_secretary", "db_member"):
        if entry.status_for(persona) == 200:
            return persona
    return None


WALKED = [
    (entry, persona)
    for entry in ENTRIES
    if entry.url_name not in OWN_CACHING and (persona := _first_persona_with_200(entry)) is not None
]


def test_the_walk_covers_the_personal_data_pages():
    assert {entry.url_name for entry, _persona in WALKED} >= PERSONAL_DATA_PAGES


@pytest.mark.parametrize(("entry", "persona"), WALKED, ids=[e.id for e, _p in WALKED])
def test_signed_in_answers_are_not_stored(world, entry, persona):
    url, response = matrix_request(world, entry, persona)
    assert response.status_code == 200, url
    assert "no-store" in response.get("Cache-Control", ""), url


def test_the_totp_qr_code_is_not_stored(world):
    client = world.client("official_a")
    client.get(reverse("accounts:totp_setup"))
    response = client.get(reverse("accounts:totp_qr"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
