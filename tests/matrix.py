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
    # A digital meeting's RSVP page: its signed, single-use link is the key.
    "networkdays:meeting_rsvp",
}


def _no_kwargs(world) -> dict:
    return {}


@dataclass(frozen=True)
class Entry:
    """One URL (and method) with the expected status for each persona.

    ``expect`` maps a persona to a status; personas left out get ``default``.
    ``anonymous`` gets a redirect to login unless the URL is public.
    ``kwargs`` and ``data`` take the ``World`` and return the URL's arguments and the
    POST body; ``setup`` may add objects to the world first.
    """

    url_name: str
    expect: dict[str, int] = field(default_factory=dict)
    default: int = 200
    method: str = "get"
    kwargs: Callable = _no_kwargs
    data: Callable | None = None
    setup: Callable | None = None
    label: str = ""

    def status_for(self, persona: str) -> int:
        if persona == "anonymous" and self.url_name not in PUBLIC_URL_NAMES:
            return self.expect.get("anonymous", 302)
        return self.expect.get(persona, self.default)

    @property
    def id(self) -> str:
        return (
            f"{self.method.upper()} {self.url_name}{'[' + self.label + ']' if self.label else ''}"
        )
