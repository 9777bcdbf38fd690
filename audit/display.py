"""Reading django-auditlog's entries as people read them: field labels, choices by
their label, dates as dates, related objects by their name, "nothing" as nothing.

Related objects are stored by id (the library's default: naming them would cost a query
per foreign key on every save, inside the services' row locks) and named when read:
``related_names`` asks one query per related model for a whole page of entries. The
entries' content type must be select_related."""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

from auditlog.models import LogEntry
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

NOTHING = {None, "", "None"}
# django-auditlog has no Dutch: its "create", "update" … reached the pages raw.
ACTION_LABELS = {
    LogEntry.Action.CREATE: pgettext_lazy("audit action", "created"),
    LogEntry.Action.UPDATE: pgettext_lazy("audit action", "changed"),
    LogEntry.Action.DELETE: pgettext_lazy("audit action", "deleted"),
    LogEntry.Action.ACCESS: pgettext_lazy("audit action", "viewed"),
}


def action_label(entry) -> str:
    """What happened, in the reader's language ("aangemaakt", "gewijzigd", …)."""
    return str(ACTION_LABELS.get(entry.action, entry.get_action_display()))


def shown(value):
    """A value as a person reads it: dates as short Dutch dates ("3 dec. 2026"),
    moments in local time, yes/no, decimals with a comma; anything else unchanged."""
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "j N Y H:i")
    if isinstance(value, datetime.date):
        return date_format(value, "j N Y")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, Decimal | float):
        return number_format(value)
    return value


def _field(model, name):
    try:
        field = model._meta.get_field(name) if model is not None else None
    except FieldDoesNotExist:
        return None
    # A reverse relation of the same name (old entries) has no label: not a field.
    return field if hasattr(field, "verbose_name") else None


def _is_foreign_key(field) -> bool:
    return field is not None and (field.many_to_one or field.one_to_one)


def related_names(entries, shown_fields=None) -> dict[tuple[type, str], str]:
    """``{(model, id): name}`` for the related objects the entries' changes name by id:
    one query per related model, however many entries. ``shown_fields`` (``{model:
    [field, ...]}``) limits it to the fields that will be shown."""
    wanted: dict[type, set] = defaultdict(set)
    for entry in entries:
        model = entry.content_type.model_class()
        for name, change in (entry.changes or {}).items():
            if shown_fields is not None and name not in shown_fields.get(model, ()):
                continue
            field = _field(model, name)
            if not _is_foreign_key(field) or not isinstance(change, list):
                continue
            for value in change:
                try:
                    wanted[field.related_model].add(field.related_model._meta.pk.to_python(value))
                except (TypeError, ValidationError):
                    continue  # "None", or a name stored by an older entry
    names = {}
    for related, pks in wanted.items():
        pks.discard(None)
        for obj in related._base_manager.filter(pk__in=pks):
            names[(related, str(obj.pk))] = str(obj)
    return names


def _readable(field, value, related=None):
    if value in NOTHING:
        return None
    if _is_foreign_key(field):
        return (related or {}).get((field.related_model, str(value)), value)
    choices = dict(field.flatchoices) if field is not None and field.choices else None
    if choices:
        return choices.get(value, value)
    internal = field.get_internal_type() if field is not None else ""
    if internal == "BooleanField" and value in {"True", "False"}:
        return value == "True"
    if internal == "DecimalField":
        try:
            return Decimal(value)
        except (TypeError, ArithmeticError):
            return value
    if internal == "DateField":
        try:
            return datetime.date.fromisoformat(value)
        except (TypeError, ValueError):
            return value
    if internal == "DateTimeField":
        try:
            moment = datetime.datetime.fromisoformat(value)
        except (TypeError, ValueError):
            return value
        # auditlog stores date-times naive, in UTC.
        return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)
    return value


def change_lines(entry, fields=None, labels=None, related=None) -> list[tuple[str, object, object]]:
    """``(label, before, after)`` per changed field of ``entry`` (values typed: a page
    passes them through ``shown``, see ``shown_lines``); ``fields`` chooses which
    fields are shown and in which order, ``labels`` renames them, ``related`` (from
    ``related_names``) names related objects."""
    model = entry.content_type.model_class()
    changes = entry.changes or {}
    lines = []
    for name in list(fields) if fields is not None else list(changes):
        if name not in changes:
            continue
        change = changes[name]
        field = _field(model, name)
        label = (labels or {}).get(name) or (field.verbose_name if field is not None else name)
        if isinstance(change, dict) and change.get("type") == "m2m":
            objects = ", ".join(change.get("objects", []))
            before, after = (None, objects) if change.get("operation") == "add" else (objects, None)
        elif isinstance(change, list | tuple):
            before, after = (list(change) + [None, None])[:2]
            before, after = _readable(field, before, related), _readable(field, after, related)
        else:
            before, after = None, _readable(field, change, related)
        if before is None and after is None:
            continue
        lines.append((str(label), before, after))
    return lines


def shown_lines(lines) -> list[tuple[str, object, object]]:
    """``change_lines`` as a person reads them (``shown``)."""
    return [(label, shown(before), shown(after)) for label, before, after in lines]


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
