"""Reading django-auditlog's entries as people read them: field labels, choices by
their label, dates as dates, "nothing" as nothing. No queries: the entry's content
type must be select_related, and related objects are stored by name
(``AUDITLOG_USE_FK_STRING_REPRESENTATION``)."""

from __future__ import annotations

import datetime

from django.core.exceptions import FieldDoesNotExist

NOTHING = {None, "", "None"}


def _readable(field, value):
    if value in NOTHING:
        return None
    choices = dict(field.flatchoices) if field is not None and field.choices else None
    if choices:
        return choices.get(value, value)
    internal = field.get_internal_type() if field is not None else ""
    if internal == "DateField":
        try:
            return datetime.date.fromisoformat(value)
        except (TypeError, ValueError):
            return value
    if internal == "DateTimeField":
        try:
            return datetime.datetime.fromisoformat(value)
        except (TypeError, ValueError):
            return value
    return value


def change_lines(entry, fields=None, labels=None) -> list[tuple[str, object, object]]:
    """``(label, before, after)`` per changed field of ``entry``; ``fields`` chooses
    which fields are shown and in which order, ``labels`` renames them."""
    model = entry.content_type.model_class()
    changes = entry.changes or {}
    lines = []
    for name in list(fields) if fields is not None else list(changes):
        if name not in changes:
            continue
        change = changes[name]
        try:
            field = model._meta.get_field(name) if model is not None else None
        except FieldDoesNotExist:
            field = None
        label = (labels or {}).get(name) or (field.verbose_name if field is not None else name)
        if isinstance(change, dict) and change.get("type") == "m2m":
            objects = ", ".join(change.get("objects", []))
            before, after = (None, objects) if change.get("operation") == "add" else (objects, None)
        elif isinstance(change, list | tuple):
            before, after = (list(change) + [None, None])[:2]
            before, after = _readable(field, before), _readable(field, after)
        else:
            before, after = None, _readable(field, change)
        if before is None and after is None:
            continue
        lines.append((str(label), before, after))
    return lines


def actor_names(entries) -> dict[int, str]:
    """``{user id: "Name (City)"}`` for the entries' actors, in one query on the
    people's table (not on accounts, whose every login is a write)."""
    from members.models import Person

    user_ids = {entry.actor_id for entry in entries if entry.actor_id is not None}
    if not user_ids:
        return {}
    return {
        person.user_id: f"{person.name} ({person.city})"
        for person in Person.objects.filter(user_id__in=user_ids).select_related("city")
    }
