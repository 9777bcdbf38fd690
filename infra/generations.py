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
log, the outbox, the admin's log, the second-factor devices) are not counted: a
session is written on every request, a device on every verification. Neither is a
login's ``UPDATE auth_user SET last_login``: every login writes it and no page shows
it (any other change to a user — ``is_active``, ``is_superuser``, a password — still
counts). A fragment that reads an unwatched table is refused (``infra.fragments``).

A generation missing from the cache (a fresh or emptied cache) starts at the clock
in nanoseconds, never at a value an earlier generation could have had. When the
cache cannot be reached, fragments are built without it (see ``infra.fragments``).

When a write's generation cannot be raised (the cache is down, or fails for a
moment), the write adds a row to ``g40.CacheEpoch`` in its own transaction. The
newest epoch is read from the database once per request, with the generations, and
is part of every key: whatever was cached before that write is unreachable from the
moment it commits — also once the cache is back with its old generations. With a
cache in the process's memory (locmem, dummy), which cannot be unreachable, the
epoch is not read.
"""

from __future__ import annotations

import contextlib
import logging
import re
import time
from collections.abc import Iterable
from contextvars import ContextVar

from django.apps import apps
from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.db import DEFAULT_DB_ALIAS, connections
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
        "otp_totp.totpdevice",
        "otp_static.staticdevice",
        "otp_static.statictoken",
        "infra.cacheepoch",
    }
)
# Columns that no fragment shows, written on every login: an UPDATE that sets only
# these is not counted.
UNWATCHED_COLUMNS = {"auth_user": frozenset({"last_login"})}
ALL = "*"
# The key of the epoch in a request's snapshot (never an app label).
EPOCH = "@epoch"
_WRITE = re.compile(
    r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+["`]?([A-Za-z0-9_]+)',
    re.IGNORECASE,
)
# The generations as they were when the request began (GenerationsMiddleware): every
# fragment of the request is keyed by them, so data read after that moment can never be
# stored under a generation raised later. A write in the request drops its labels.
_snapshot: ContextVar[dict[str, int] | None] = ContextVar("g40_generations", default=None)
_ANY_WRITE = re.compile(r"\b(?:INSERT|UPDATE|DELETE|MERGE)\b", re.IGNORECASE)
_SET_ONLY = re.compile(r'^\s*UPDATE\s+"?\w+"?\s+SET\s+(.*?)\s+WHERE\s', re.IGNORECASE | re.DOTALL)
_ASSIGNMENT = re.compile(r'\s*"?(\w+)"?\s*=\s*%s\s*')
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
    if label and table in UNWATCHED_COLUMNS and _sets_only(sql, UNWATCHED_COLUMNS[table]):
        return frozenset()
    return frozenset({label}) if label else frozenset()


def _sets_only(sql: str, columns: frozenset[str]) -> bool:
    """Whether ``sql`` is an UPDATE that assigns parameters to ``columns`` and nothing
    else (``SET "last_login" = %s WHERE …``)."""
    match = _SET_ONLY.match(sql)
    if match is None:
        return False
    assignments = match.group(1).split(",")
    names = [_ASSIGNMENT.fullmatch(part) for part in assignments]
    return all(name is not None and name.group(1) in columns for name in names)


def label_of_table(table: str) -> str | None:
    """The app label whose generation covers ``table``; None for a table that is not
    watched; ``ALL`` for one no model declares."""
    mapping = _table_map()
    if table not in mapping:
        return ALL
    return mapping[table]


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
    for label in sorted(labels):
        key = _key(label)
        try:
            try:
                cache.incr(key)
            except ValueError:  # not in the cache (yet, or any more)
                cache.set(key, time.time_ns(), None)
        except Exception:  # the cache is down: the epoch changes instead
            logger.warning("could not raise the generation of %s", label, exc_info=True)
            _move_epoch()
            return


def _epoch_needed() -> bool:
    """Only a cache outside the process can miss a write."""
    return not isinstance(caches["default"], LocMemCache | DummyCache)


def _move_epoch() -> None:
    """A write's generation did not reach the cache: make every key new, through the
    database (in the write's transaction, so it counts exactly when the write does).
    If this fails too, the error propagates: inside a transaction the write rolls back
    rather than commit unseen (an autocommit statement has committed already)."""
    if not _epoch_needed():
        return
    from .models import CacheEpoch

    CacheEpoch.objects.create(value=time.time_ns())
    snapshot = _snapshot.get()
    if snapshot:
        snapshot.pop(EPOCH, None)  # read again: this request's own keys move too


def read_epoch() -> int:
    """The newest epoch in the database (0 with a cache in the process's memory)."""
    if not _epoch_needed():
        return 0
    from .models import CacheEpoch

    return CacheEpoch.objects.order_by("-value").values_list("value", flat=True).first() or 0


def epoch() -> int:
    """The epoch that keys are made with: as the request began, or read now."""
    snapshot = _snapshot.get()
    if snapshot and EPOCH in snapshot:
        return snapshot[EPOCH]
    return read_epoch()


def _bump_after_commit(labels: frozenset[str]) -> None:
    try:
        bump(labels)
    except Exception:  # the data is committed; its first raise (or epoch) was in it
        logger.error("could not raise generations after commit", exc_info=True)


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
    session and the user are loaded): one round trip to the cache per request (and,
    with a shared cache, one query for the epoch), and the key of every fragment the
    request builds is older than anything it reads."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        labels = all_labels()
        gens = current(labels)
        snapshot = None
        if gens:
            snapshot = dict(zip(labels, gens, strict=True))
            snapshot[EPOCH] = read_epoch()
        token = _snapshot.set(snapshot)
        try:
            return self.get_response(request)
        finally:
            _snapshot.reset(token)


def watch(execute, sql, params, many, context):
    """Execute wrapper: raise the generations of what a write statement changes, now
    and again when its transaction commits (labels raised ahead, see
    :func:`raised_ahead`, were raised already and will be after the commit)."""
    result = execute(sql, params, many, context)
    # A statement that is not plain text (a psycopg Composed) could be any write.
    labels = labels_written_by(sql) if isinstance(sql, str) else frozenset({ALL})
    if labels:
        connection = context["connection"]
        if connection.in_atomic_block:
            labels = labels - getattr(connection, _AHEAD, frozenset())
        if labels:
            bump(labels)
            if connection.in_atomic_block:
                connection.on_commit(lambda: _bump_after_commit(labels))
    return result


# The connection's attribute that holds the labels raised ahead in its transaction.
_AHEAD = "g40_generations_raised_ahead"


@contextlib.contextmanager
def raised_ahead(models: Iterable[type], using: str = DEFAULT_DB_ALIAS):
    """Inside a transaction that is about to write ``models``: raise their apps'
    generations now, and once more after the commit, instead of at each write and
    after it. What :func:`watch` guarantees is kept — raised inside the transaction
    (or the epoch moved in it), before the writes rather than at them, and again once
    they are committed — while a service that takes a lock next raises nothing while
    it holds it. A write to another app inside is watched as ever."""
    connection = connections[using]
    if not connection.in_atomic_block:
        raise RuntimeError("raised_ahead() is for the inside of a transaction")
    labels = frozenset(
        label for label in (label_of_table(model._meta.db_table) for model in models) if label
    )
    if ALL in labels:
        labels = frozenset(all_labels())
    previous = getattr(connection, _AHEAD, frozenset())
    bump(labels)
    connection.on_commit(lambda: _bump_after_commit(labels))
    setattr(connection, _AHEAD, previous | labels)
    try:
        yield
    finally:
        setattr(connection, _AHEAD, previous)


def install(sender, connection, **kwargs) -> None:
    if watch not in connection.execute_wrappers:
        connection.execute_wrappers.append(watch)


def connect() -> None:
    """Called from the app's ready(): watch every connection opened from now on."""
    connection_created.connect(install, dispatch_uid="infra.generations.install")
