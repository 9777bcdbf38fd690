"""Generations of the data: one counter per app, raised by every write to its tables.

A cached fragment (``infra.fragments``) is stored under a key that holds the generations
of the apps it is built from; a write raises the generation, so every fragment built
on the old data becomes unreachable at once, in every server process (the counters
live in the shared cache) — no fragment has to be found and deleted.

Writes are seen where they cannot be missed: every SQL statement Django runs, from
the ORM (``save``, ``delete``, ``update``, ``bulk_create``, the admin, data
migrations) or from a raw cursor, passes through :func:`watch`, an execute wrapper
installed on each new database connection. An ``INSERT``, ``UPDATE`` or ``DELETE`` on
an app's table raises that app's generation at once, and again when the transaction
commits: a page read between the two cannot keep data that was not yet committed
under the newer generation. ``TRUNCATE`` and unknown tables raise every generation.

Tables whose rows no page fragment shows (sessions, login attempts, the security
log, the outbox, the admin's log) are not counted: a session is written on every
request.

A generation missing from the cache (a fresh or emptied cache) starts at the clock
in nanoseconds, never at a value an earlier generation could have had. When the
cache cannot be reached, fragments are built without it (see ``infra.fragments``).
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterable
from contextvars import ContextVar

from django.apps import apps
from django.core.cache import cache
from django.db.backends.signals import connection_created

logger = logging.getLogger(__name__)

# Rows that no fragment shows, and that are written on every request or login.
UNWATCHED_MODELS = frozenset(
    {
        "sessions.session",
        "axes.accessattempt",
        "axes.accessattemptexpiration",
        "axes.accessfailurelog",
        "axes.accesslog",
        "accounts.securityevent",
        "outbox.outgoingmail",
        "admin.logentry",
    }
)
ALL = "*"
_WRITE = re.compile(
    r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+["`]?([A-Za-z0-9_]+)',
    re.IGNORECASE,
)
# The generations as they were when the request began (GenerationsMiddleware): every
# fragment of the request is keyed by them, so data read after that moment can never be
# stored under a generation raised later. A write in the request drops its labels.
_snapshot: ContextVar[dict[str, int] | None] = ContextVar("g40_generations", default=None)
_ANY_WRITE = re.compile(r"\b(?:INSERT|UPDATE|DELETE|MERGE)\b", re.IGNORECASE)
_tables: dict[str, str | None] | None = None


def _table_map() -> dict[str, str | None]:
    """{db_table: app label, or None for a table that is not watched}."""
    global _tables
    if _tables is None:
        mapping: dict[str, str | None] = {}
        for model in apps.get_models(include_auto_created=True):
            meta = model._meta
            watched = meta.label_lower not in UNWATCHED_MODELS
            mapping[meta.db_table] = meta.app_label if watched else None
        _tables = mapping
    return _tables


def labels_written_by(sql: str) -> frozenset[str]:
    """The app labels whose data ``sql`` changes: empty for a read or an unwatched
    table, ``{ALL}`` for a TRUNCATE or a table no app declares."""
    head = sql.lstrip()[:8].upper()
    if head.startswith(("TRUNCATE", "MERGE", "COPY")):
        return frozenset({ALL})
    if head.startswith("WITH"):  # a CTE may end in a write: assume the worst
        return frozenset({ALL}) if _ANY_WRITE.search(sql) else frozenset()
    if not head.startswith(("INSERT", "UPDATE", "DELETE")):
        return frozenset()
    match = _WRITE.match(sql)
    if match is None:
        return frozenset({ALL})
    table = match.group(1)
    mapping = _table_map()
    if table not in mapping:
        return frozenset({ALL})
    label = mapping[table]
    return frozenset({label}) if label else frozenset()


def _key(label: str) -> str:
    return f"gen:{label}"


def all_labels() -> list[str]:
    return sorted({label for label in _table_map().values() if label})


def bump(labels: Iterable[str]) -> None:
    """Raise the generations of ``labels`` (``ALL``: of every app)."""
    labels = set(labels)
    if ALL in labels:
        labels = set(all_labels())
    snapshot = _snapshot.get()
    if snapshot:
        for label in labels:
            snapshot.pop(label, None)
    for label in labels:
        key = _key(label)
        try:
            try:
                cache.incr(key)
            except ValueError:  # not in the cache (yet, or any more)
                cache.set(key, time.time_ns(), None)
        except Exception:  # the cache is down: fragments are built without it
            logger.warning("could not raise the generation of %s", label, exc_info=True)


def bump_all() -> None:
    """After data changed outside Django (a restore): everything is new."""
    bump({ALL})


def current(labels: Iterable[str]) -> tuple[int, ...] | None:
    """The generations of ``labels``, in their order — as the request began, when it
    did so in GenerationsMiddleware (a label the request itself has written since is
    read again); None when the cache is down."""
    labels = list(labels)
    snapshot = _snapshot.get() or {}
    missing = [label for label in labels if label not in snapshot]
    found: dict[str, int] = {}
    if missing:
        keys = {label: _key(label) for label in missing}
        try:
            stored = cache.get_many(list(keys.values()))
            for label, key in keys.items():
                if key not in stored:
                    cache.add(key, time.time_ns(), None)
                    stored[key] = cache.get(key)
                if stored[key] is None:
                    return None
                found[label] = stored[key]
        except Exception:
            logger.warning("could not read generations", exc_info=True)
            return None
    return tuple(snapshot[label] if label in snapshot else found[label] for label in labels)


def in_transaction(connection) -> bool:
    """Inside a transaction of the app's own (not a test's wrapping one): what is read
    there may still be rolled back, so no fragment is stored from it."""
    return any(not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


class GenerationsMiddleware:
    """Read every generation once, before the request reads any data (so before the
    session and the user are loaded): one round trip to the cache per request, and the
    key of every fragment the request builds is older than anything it reads."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        labels = all_labels()
        gens = current(labels)
        token = _snapshot.set(dict(zip(labels, gens, strict=True)) if gens else None)
        try:
            return self.get_response(request)
        finally:
            _snapshot.reset(token)


def watch(execute, sql, params, many, context):
    """Execute wrapper: raise the generations of what a write statement changes, now
    and again when its transaction commits."""
    result = execute(sql, params, many, context)
    # A statement that is not plain text (a psycopg Composed) could be any write.
    labels = labels_written_by(sql) if isinstance(sql, str) else frozenset({ALL})
    if labels:
        bump(labels)
        connection = context["connection"]
        if connection.in_atomic_block:
            connection.on_commit(lambda: bump(labels))
    return result


def install(sender, connection, **kwargs) -> None:
    if watch not in connection.execute_wrappers:
        connection.execute_wrappers.append(watch)


def connect() -> None:
    """Called from the app's ready(): watch every connection opened from now on."""
    connection_created.connect(install, dispatch_uid="infra.generations.install")
