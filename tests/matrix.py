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


def _no_kwargs(world) -> dict:
    return {}


@dataclass(frozen=True)
class Entry:
    """One URL (and method) with the expected status for each persona.

    ``expect`` maps a persona to a status; personas left out get ``default``.
    ``anonymous`` gets a redirect to login unless the URL is public.
    ``kwargs`` and ``data`` take the ``World`` and return the URL's arguments and the
    POST body; ``setup`` may add objects to the world first. ``client`` makes the
    persona's client (``(world, persona) -> Client``; the API's uses a personal token
    instead of a session); by default ``world.client(persona)``.
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

    def client_for(self, world, persona: str):
        return self.client(world, persona) if self.client else world.client(persona)

    def status_for(self, persona: str) -> int:
        if persona == "anonymous" and self.url_name not in PUBLIC_URL_NAMES:
            return self.expect.get("anonymous", 302)
        return self.expect.get(persona, self.default)

    @property
    def id(self) -> str:
        return (
            f"{self.method.upper()} {self.url_name}{'[' + self.label + ']' if self.label else ''}"
        )
