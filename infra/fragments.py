"""Cached fragments: the part of a page (or an export) that many requests share,
rendered once and kept until the data under it changes.

A fragment is stored under a key made of
- its name and the values it varies on (a page's filter, the viewer's permission
  flags — whatever the fragment shows that is not the same for every viewer);
- the interface language and today's date (date-dependent states: due, past);
- the generations of the apps it is built from (``infra.generations``): any write to
  their tables makes the old key unreachable, in every process.

What a fragment shows that changes with the clock rather than with the data (a
registration that opens at 9:00) is handled by ``until``: the fragment is not served
after that moment. Every fragment is also dropped after ``FRAGMENT_CACHE_SECONDS``.

Forms in a fragment keep working: the fragment is rendered with a placeholder for the
CSRF token, which is replaced by the request's own token whenever it is served, so a
cached fragment never holds anybody's token. (The placeholder holds NUL characters,
which no stored text can contain: ``RejectNulBytesMiddleware`` refuses them.)

When the cache cannot be reached, the fragment is rendered as if there were no cache.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
from collections.abc import Callable, Iterable
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from . import generations

logger = logging.getLogger(__name__)

CSRF_PLACEHOLDER = "\x00g40-csrf\x00"
# Set while a fragment is being built: a fragment built inside it keeps the placeholder,
# so the outer one never stores the first viewer's token.
_building: ContextVar[bool] = ContextVar("g40_fragment_building", default=False)


class FragmentContextError(Exception):
    """A cached fragment used ``user`` or ``perms`` without having them in its key."""

    silent_variable_failure = False


class _NotInFragments:
    """Stands for ``user`` and ``perms`` in a fragment's context: the context processors
    would otherwise put the viewer there, and a fragment shared between viewers would
    show the first viewer's name to everyone. A fragment keyed by the viewer passes
    ``user`` in its own context."""

    def __init__(self, name: str):
        self._name = name

    def _refuse(self, *args, **kwargs):
        raise FragmentContextError(
            f"a cached fragment used '{self._name}': pass it in the fragment's context and "
            "put the viewer in vary"
        )

    __getattr__ = __str__ = __bool__ = __iter__ = __getitem__ = __len__ = _refuse


class _RequestInFragments:
    """Stands for ``request`` in a fragment's context: what a shared fragment may take
    from the request (its query and path — which must then be in vary), not the viewer
    (``request.user``, ``request.session``)."""

    ALLOWED = frozenset({"GET", "path", "path_info", "get_full_path", "LANGUAGE_CODE"})

    def __init__(self, request):
        self._request = request

    def __getattr__(self, name: str):
        if name in self.ALLOWED:
            return getattr(self._request, name)
        raise FragmentContextError(
            f"a cached fragment used 'request.{name}': pass what it needs in the "
            "fragment's context and put it in vary"
        )


def key_for(name: str, vary: Iterable, apps: Iterable[str]) -> str | None:
    """The fragment's cache key now; None when the cache is down."""
    apps = sorted(set(apps))
    gens = generations.current(apps)
    if gens is None:
        return None
    parts = repr(
        (
            translation.get_language(),
            timezone.localdate().isoformat(),
            tuple(zip(apps, gens, strict=True)),
            tuple(vary),
        )
    )
    digest = hashlib.sha256(parts.encode()).hexdigest()[:32]
    return f"frag:{name}:{digest}"


def _timeout(until: datetime.datetime | None) -> float | None:
    """Seconds to keep a fragment, or None when it is already out of date."""
    timeout = float(settings.FRAGMENT_CACHE_SECONDS)
    if until is not None:
        timeout = min(timeout, (until - timezone.now()).total_seconds())
    return timeout if timeout > 0 else None


def fetch(key: str | None):
    if key is None:
        return None
    try:
        entry = cache.get(key)
    except Exception:
        logger.warning("could not read fragment %s", key, exc_info=True)
        return None
    if entry is None:
        return None
    value, until = entry
    if until is not None and timezone.now() >= until:
        return None
    return value


def store(key: str | None, value, until: datetime.datetime | None) -> None:
    if key is None or generations.in_transaction(connection):
        # Inside a transaction what was read may still be rolled back, and a rollback
        # raises no generation: nothing is stored from it.
        return
    timeout = _timeout(until)
    if timeout is None:
        return
    try:
        cache.set(key, (value, until), timeout)
    except Exception:
        logger.warning("could not store fragment %s", key, exc_info=True)


def cached(
    name: str,
    *,
    vary: Iterable = (),
    apps: Iterable[str],
    build: Callable[[], tuple[object, datetime.datetime | list | None]],
):
    """The value ``build()`` makes (with the moment, or list of moments, at which it
    goes out of date by the clock; None for none), from the cache when the data under
    it has not changed."""
    key = key_for(name, vary, apps)
    value = fetch(key)
    if value is None:
        started = timezone.now()
        value, until = build()
        moments = until if isinstance(until, list | tuple) else [until]
        store(key, value, earliest(*moments, after=started))
    return value


def with_csrf_token(html: str, request) -> str:
    """A fragment as served to ``request``: its own CSRF token in every form (inside
    the build of another fragment, the placeholder stays for that one to fill)."""
    if CSRF_PLACEHOLDER in html and not _building.get():
        html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    return html


def earliest(
    *moments: datetime.datetime | None, after: datetime.datetime | None = None
) -> datetime.datetime | None:
    """The first of the moments still to come after ``after`` (now by default); None
    when there is none. A moment that passed while the fragment was being built is
    kept: the fragment is then not stored at all."""
    after = after or timezone.now()
    future = [moment for moment in moments if moment is not None and moment > after]
    return min(future) if future else None


def render_cached(
    request,
    template_name: str,
    *,
    name: str,
    vary: Iterable = (),
    apps: Iterable[str],
    context: Callable[[], dict],
):
    """``template_name`` rendered for ``request`` with ``context()`` — which is only
    called when the fragment is not in the cache. The context may hold
    ``fragment_until``: moments (datetimes, None for none) at which what the fragment
    shows changes by the clock alone; it is not served from the cache after the first
    of them that is still to come.

    ``vary`` must hold every value besides the data that the fragment depends on
    (the filter, the page number, the viewer's permission flags), as plain values.
    ``user`` and ``perms`` are not available unless ``context()`` passes them (and the
    viewer is in ``vary``). A moment in ``fragment_until`` is the first instant at which
    the fragment would differ (for an inclusive ``<= closes_at`` check: one microsecond
    after it). Data read before the request's generations were taken cannot go stale:
    GenerationsMiddleware takes them before the request reads anything."""

    def build() -> tuple[str, datetime.datetime | None]:
        building = _building.set(True)
        try:
            data = context()
            moments = data.pop("fragment_until", ())
            html = render_to_string(
                template_name,
                {
                    "user": _NotInFragments("user"),
                    "perms": _NotInFragments("perms"),
                    "request": _RequestInFragments(request),
                    **data,
                    "csrf_token": CSRF_PLACEHOLDER,
                },
                request=request,
            )
        finally:
            _building.reset(building)
        return html, list(moments)

    html = cached(name, vary=vary, apps=apps, build=build)
    return mark_safe(with_csrf_token(html, request))
