"""Cached fragments: the part of a page (or an export) that many requests share,
rendered once and kept until the data under it changes.

A fragment is stored under a key made of
- its name and the values it varies on (a page's filter, the viewer's permission
  flags — whatever the fragment shows that is not the same for every viewer);
- the interface language and today's date (date-dependent states: due, past);
- the generations of the apps it is built from (``infra.generations``): any write to
  their tables makes the old key unreachable, in every process; and the epoch, which
  a write that could not reach the cache moves (in the database);
- the release (``settings.RELEASE``, by default a digest of the code, templates and
  translations): a deploy never serves HTML made by the release before.

Safe by construction:
- While a fragment is built, the tables it reads are recorded; reading a table of an
  app that is not in its ``apps`` (or a table whose writes are not watched) is an
  error under ``FRAGMENT_CHECK_READS`` (tests, DEBUG) — and otherwise logged, and the
  fragment is not stored. A forgotten dependency cannot ship.
- What a query string adds to ``vary`` must come from a bounded set: a fragment
  built from a query that is not (an unknown parameter, a filter value that does not
  exist, a page past the last) says so with ``fragment_store: False`` (or
  ``NOT_STORED`` from ``cached``'s build) and is served but not stored.

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
import functools
import hashlib
import logging
import os
import re
from collections.abc import Callable, Collection, Iterable
from contextvars import ContextVar
from pathlib import Path

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
# The app labels read by each fragment being built (the innermost last): a query
# counts for every fragment around it.
_reads: ContextVar[tuple[set[str], ...]] = ContextVar("g40_fragment_reads", default=())
_READ_TABLE = re.compile(r'\b(?:FROM|JOIN)\s+["`]?([A-Za-z0-9_]+)', re.IGNORECASE)
# What ``build`` returns instead of its moments when its value must not be stored.
NOT_STORED = object()


class FragmentDependencyError(Exception):
    """A fragment read data of an app that is not in its ``apps``: it would be served
    after that data changed."""


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


def release() -> str:
    """What a deploy changes: ``settings.RELEASE`` (the ``RELEASE`` environment value,
    e.g. the commit or image tag), or else a digest of the project's code, templates
    and translations, read once per process."""
    return settings.RELEASE or code_digest()


@functools.cache
def code_digest() -> str:
    from django.apps import apps

    base = Path(settings.BASE_DIR)
    roots = {Path(config.path) for config in apps.get_app_configs()}
    roots = {root for root in roots if root.is_relative_to(base)}
    roots |= {Path(d) for engine in settings.TEMPLATES for d in engine.get("DIRS", ())}
    roots |= {Path(d) for d in settings.LOCALE_PATHS}
    digest = hashlib.sha256()
    for root in sorted(roots):
        for folder, subfolders, files in os.walk(root):
            subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
            for file in sorted(files):
                if file.endswith((".py", ".html", ".txt", ".mo")):
                    path = Path(folder) / file
                    digest.update(str(path.relative_to(root)).encode())
                    digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def key_for(name: str, vary: Iterable, apps: Iterable[str]) -> str | None:
    """The fragment's cache key now; None when the cache is down."""
    apps = sorted(set(apps))
    gens = generations.current(apps)
    if gens is None:
        return None
    parts = repr(
        (
            release(),
            generations.epoch(),
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


def _record_reads(execute, sql, params, many, context):
    """Execute wrapper while a fragment is built: the app labels of the tables read."""
    frames = _reads.get()
    if frames and isinstance(sql, str):
        labels = set()
        for table in _READ_TABLE.findall(sql):
            label = generations.label_of_table(table)
            if label is None and table != "infra_cacheepoch":  # the key's own epoch
                labels.add(f"unwatched table {table}")
            elif label and label != generations.ALL:  # ALL: a name no model declares
                labels.add(label)
        for frame in frames:
            frame.update(labels)
    return execute(sql, params, many, context)


def _built_with_reads(build: Callable):
    """``build()``, and the app labels it read."""
    frames = _reads.get()
    reads: set[str] = set()
    token = _reads.set((*frames, reads))
    try:
        if frames:  # the outer build's wrapper records for every frame
            result = build()
        else:
            with connection.execute_wrapper(_record_reads):
                result = build()
    finally:
        _reads.reset(token)
    return result, reads


def _check_reads(name: str, apps: set[str], reads: set[str]) -> bool:
    """Whether the fragment read only what its key covers; when not, an error under
    FRAGMENT_CHECK_READS, else a logged error (and the caller does not store it)."""
    undeclared = reads - apps
    if not undeclared:
        return True
    message = (
        f"fragment {name!r} read {', '.join(sorted(undeclared))}, which is not in its apps "
        f"{sorted(apps)}: a write there would not make it unreachable"
    )
    if settings.FRAGMENT_CHECK_READS:
        raise FragmentDependencyError(message)
    logger.error("%s; not stored", message)
    return False


def cached(
    name: str,
    *,
    vary: Iterable = (),
    apps: Iterable[str],
    build: Callable[[], tuple[object, datetime.datetime | list | None]],
):
    """The value ``build()`` makes (with the moment, or list of moments, at which it
    goes out of date by the clock; None for none; ``NOT_STORED`` when it was built
    from a query outside the bounded set), from the cache when the data under it has
    not changed. ``apps`` must cover every table that ``build()`` reads."""
    apps = set(apps)
    key = key_for(name, vary, apps)
    value = fetch(key)
    if value is not None:
        for frame in _reads.get():  # a fragment inside another: the outer one reads it too
            frame.update(apps)
        return value
    started = timezone.now()
    (value, until), reads = _built_with_reads(build)
    for frame in _reads.get():
        frame.update(reads)
    if until is NOT_STORED or not _check_reads(name, apps, reads):
        return value
    moments = until if isinstance(until, list | tuple) else [until]
    store(key, value, earliest(*moments, after=started))
    return value


def query_is_clean(request, names: Collection[str]) -> bool:
    """Whether the query holds only the parameters ``names``, each at most once: any
    other query would mint a key of its own (and a template that repeats the query
    would show it), so a fragment built from it is not stored."""
    return all(name in names and len(values) == 1 for name, values in request.GET.lists())


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
    of them that is still to come; and ``fragment_store: False`` when it was built
    from a query outside the bounded set that ``vary`` may take (see
    ``query_is_clean``): it is served but not stored.

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
            storable = data.pop("fragment_store", True)
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
        return html, list(moments) if storable else NOT_STORED

    html = cached(name, vary=vary, apps=apps, build=build)
    return mark_safe(with_csrf_token(html, request))
