"""Service calls as a request makes them: with an actor and one correlation id (what
audit.middleware.AuditMiddleware sets for every request)."""

import uuid
from contextlib import contextmanager

from auditlog.cid import correlation_id
from auditlog.context import set_actor
from django.utils.functional import Promise


@contextmanager
def as_request(user):
    token = correlation_id.set(uuid.uuid4().hex)
    try:
        with set_actor(user):
            yield
    finally:
        correlation_id.reset(token)


def history_kinds(group) -> list[str]:
    """The kinds of the group's history lines, oldest first."""
    from themegroups.history import group_history

    return [line.kind for line in reversed(group_history(group))]


def history_changes(group, kind) -> dict:
    """``{English label: (before, after)}`` of the newest history line of ``kind``."""
    from django.utils import translation

    from themegroups.history import group_history

    def text(value):
        return value if value is None or not isinstance(value, Promise) else str(value)

    with translation.override("en"):
        line = next(line for line in group_history(group) if line.kind == kind)
        return {label: (text(before), text(after)) for label, before, after in line.changes}
