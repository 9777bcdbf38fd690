"""One way for every service to take locks and to say "busy".

A service that enforces a rule across rows (a cap, a capacity, one decision per review
date) runs in ``locked_transaction()``: a durable ``transaction.atomic()`` (the service
is the entry point: nobody may wrap it in a transaction that commits later), with the
lock wait bounded on PostgreSQL (``SET LOCAL lock_timeout``). Then it locks its parent
row with ``select_for_update()``, counts, and writes.

A lock wait that runs out, a deadlock or a serialisation failure — chosen by the
database's error code, never by "any OperationalError" — becomes ``Busy``: a
``ValidationError`` with code ``busy`` that the view shows like any refusal ("very busy,
try again"), never a server error. SQLite serialises writers itself; its "database is
locked" counts as busy too.
"""

from __future__ import annotations

import contextlib
import logging

from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections, transaction
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

# How long a writer waits for a row lock before the answer is "busy" (PostgreSQL).
LOCK_TIMEOUT = "3s"

# SQLSTATEs: lock_not_available, deadlock_detected, serialization_failure.
BUSY_SQLSTATES = frozenset({"55P03", "40P01", "40001"})


class Busy(ValidationError):
    """The rows were locked by someone else for too long: try again in a moment."""

    def __init__(self, message=None):
        super().__init__(
            message or _("It is very busy right now. Please try again in a moment."),
            code="busy",
        )


def is_busy(exc: BaseException) -> bool:
    """Did the database refuse because of a lock wait, a deadlock or a lost race?"""
    cause = getattr(exc, "__cause__", None)
    if getattr(cause, "sqlstate", None) in BUSY_SQLSTATES:
        return True
    return isinstance(exc, OperationalError) and "database is locked" in str(exc)


def bound_lock_wait(using: str = DEFAULT_DB_ALIAS) -> None:
    """Inside a transaction: wait at most LOCK_TIMEOUT for any row lock."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")


@contextlib.contextmanager
def locked_transaction(*, durable: bool = True, using: str = DEFAULT_DB_ALIAS):
    """A transaction for a service entry point, with a bounded lock wait; a lock that
    could not be had in time becomes ``Busy``. ``durable=False`` only for a service
    that another service calls inside its own locked transaction."""
    try:
        with transaction.atomic(using=using, durable=durable):
            bound_lock_wait(using)
            yield
    except OperationalError as exc:
        if is_busy(exc):
            logger.warning("Lock wait ran out: %s", exc)
            raise Busy() from exc
        raise
