"""The permission matrix: for every URL, what each persona gets.

Each app lists its URLs in ``tests/<app>/matrix.py`` as ``ENTRIES``; the test in
``tests/test_permission_matrix.py`` expands them into one (persona, URL, status) case
each, and fails when a URL of the project is missing from the matrix.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

# The URLs that anonymous visitors may open; everything else sends them to login.
PUBLIC_URL_NAMES = {
    "health",
    "login",
    "set_language",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "accounts:invitation_accept",
    # Logging in with the city's own account: the way to the provider and back (issue 26).
    "accounts:oidc_start",
    "accounts:oidc_callback",
    "accounts:oidc_unknown",
    # The link to confirm a login's new address: its single-use token is the key.
    "accounts:email_confirm",
    "networkdays:feed",
    # The public archive of member letters and its subscriptions (letters).
    "ledenbrieven:list",
    "ledenbrieven:detail",
    "ledenbrieven:pdf",
    "ledenbrieven:feed",
    "ledenbrieven:feed_stylesheet",
    "ledenbrieven:subscribe",
    "ledenbrieven:confirm",
    "ledenbrieven:unsubscribe",
    # The List-Unsubscribe header's address (RFC 8058): a mail program posts to it.
    "ledenbrieven:unsubscribe_one_click",
    # The public knowledge products, their files and feed (knowledge).
    "kennisproducten:list",
    "kennisproducten:detail",
    "kennisproducten:download",
    "kennisproducten:feed",
    # A digital meeting's RSVP page: its signed, single-use link is the key.
    "networkdays:meeting_rsvp",
    # The API's open data and its documents (api): no account; nothing personal.
    "api:index",
    "api:openapi",
    "api:docs",
    "api:city_list",
    "api:city_detail",
    "api:network_day_list",
    "api:network_day_detail",
    "api:theme_group_list",
    "api:theme_group_detail",
    "api:letter_list",
    "api:letter_detail",
    # Any other address under /api/: a 404 as problem details, for everyone.
    "api:not_found",
}


# Personas whose role gives powers in one domain only. By members/permissions.py no rule
# outside that domain names their role: there they get what a persona of the same city
# without powers gets (its peer), unless an entry says otherwise. Their own domain's
# matrix states them for every entry (the lobby coordinator and the pillar chair:
# tests/lobby/matrix.py); a griffier and a college contact have no power anywhere
# (they are a member letter's addressees), like the city's official.
PEERS = {
    "lobby_coordinator": "official_b",
    "pillar_chair": "official_b",
    "griffier_a": "official_a",
    "college_contact_a": "official_a",
}


def _no_kwargs(world) -> dict:
    return {}


@dataclass(frozen=True)
class Entry:
    """One URL (and method) with the expected status for each persona.

    ``expect`` maps a persona to a status; personas left out get ``default``.
    ``anonymous`` gets a redirect to login unless the URL is public; a persona of
    ``PEERS`` left out gets what its peer gets.
    ``kwargs`` and ``data`` take the ``World`` and return the URL's arguments and the
    POST body; ``setup`` may add objects to the world first. ``client`` makes the
    persona's client (``(world, persona) -> Client``; the API's uses a personal token
    instead of a session); by default ``world.client(persona)``. ``owners``: the
    personas whose own object the URL is about (their registration, token, link); a
    persona whose peer is an owner is a stranger to it and gets ``default``.
    """

    url_name: str
    expect: dict[str, int] = field(default_factory=dict)
    default: int = 200
    method: str = "get"
    kwargs: Callable = _no_kwargs
    data: Callable | None = None
    setup: Callable | None = None
    label: str = ""
    client: Callable | None = None
    owners: tuple[str, ...] = ()

    def client_for(self, world, persona: str):
        return self.client(world, persona) if self.client else world.client(persona)

    def status_for(self, persona: str) -> int:
        if persona == "anonymous" and self.url_name not in PUBLIC_URL_NAMES:
            return self.expect.get("anonymous", 302)
        if persona not in self.expect and persona in PEERS:
            if PEERS[persona] in self.owners:
                return self.default
            return self.status_for(PEERS[persona])
        return self.expect.get(persona, self.default)

    @property
    def id(self) -> str:
        return (
            f"{self.method.upper()} {self.url_name}{'[' + self.label + ']' if self.label else ''}"
        )
