"""A theme group's history: one line per change, written by the services (inside their
transaction) and by the admin, shown on the group's page."""

from __future__ import annotations

import datetime
from decimal import Decimal

from members.models import Person
from members.permissions import permissions_for

from .constants import EventKind
from .models import ThemeGroup, ThemeGroupEvent


def person_name(user) -> str:
    """Who acted, as text kept with the record ("Name (City)", else the login)."""
    if user is None:
        return ""
    person = permissions_for(user).person
    if person is not None:
        return f"{person.name} ({person.city})"
    return user.get_full_name() or user.get_username()


def _value(value):
    """A JSON-safe snapshot of a field value for the history."""
    if value is None or isinstance(value, str | int | bool):
        return value
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def record(
    group: ThemeGroup, by, kind: str, changes: dict, *, subject: Person | None = None
) -> ThemeGroupEvent:
    """One line of history. ``changes`` maps a field to ``(before, after)``."""
    return ThemeGroupEvent.objects.create(
        actor_person=permissions_for(by).person if by is not None else None,
        subject_person=subject,
        theme_group=group,
        kind=kind,
        changes={
            field: [_value(before), _value(after)] for field, (before, after) in changes.items()
        },
        actor=by if by is not None and by.is_authenticated else None,
        actor_name=person_name(by),
    )


def record_admin_change(*, by, group: ThemeGroup, changes: dict) -> None:
    """The admin writes around the services (inside its own transaction); its changes
    still enter the history."""
    if changes:
        record(group, by, EventKind.CHANGED, changes)
