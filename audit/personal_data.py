"""What the audit trail holds about a person, for their download and for erasure.

Entries stay (what happened to a city, a group or a network day stays on record), but
the person's name, e-mail address and phone number are replaced in them, and their
account's e-mail address is dropped from the entries they made. ``person_erase``
(accounts) runs with the audit trail switched off, so the erasure itself leaves no
entry that names the person; it is in the security log."""

import json
import re

from auditlog.models import LogEntry
from django.db.models import Q

ERASED = "—"


PERSON_FIELDS = ("name", "email", "phone")


def _needles(person) -> list[str]:
    """The person's name, address and phone now and as the audit trail knew them
    before (an earlier e-mail address is still theirs). Short values (a one-letter
    name) would match everywhere; an e-mail address or a full name will not."""
    from members.models import Person

    values = {getattr(person, field) for field in PERSON_FIELDS}
    values.update(Person.objects.filter(pk=person.pk).values_list(*PERSON_FIELDS).first() or ())
    for changes in LogEntry.objects.get_for_object(person).values_list("changes", flat=True):
        for field in PERSON_FIELDS:
            values.update(v for v in (changes or {}).get(field, []) if isinstance(v, str))
    return sorted(v for v in values if v and v != "None" and len(v) >= 3)


def _entries_naming(person):
    query = Q(actor_id=person.user_id) if person.user_id else Q(pk__in=[])
    for needle in _needles(person):
        # JSON text may hold non-ASCII characters escaped (SQLite): look for both forms.
        for form in {needle, json.dumps(needle)[1:-1]}:
            query |= (
                Q(object_repr__icontains=form)
                | Q(changes__icontains=form)
                | Q(additional_data__icontains=form)
            )
    return LogEntry.objects.filter(query)


def _scrub(value, pattern):
    if isinstance(value, str):
        return pattern.sub(ERASED, value)
    if isinstance(value, list):
        return [_scrub(item, pattern) for item in value]
    if isinstance(value, dict):
        return {key: _scrub(item, pattern) for key, item in value.items()}
    return value


def collect(person) -> dict:
    made = LogEntry.objects.filter(actor_id=person.user_id).count() if person.user_id else 0
    return {"changes_made": made}


def erase(person) -> None:
    needles = _needles(person)
    pattern = (
        re.compile("|".join(re.escape(n) for n in needles), re.IGNORECASE) if needles else None
    )
    for entry in _entries_naming(person).iterator():
        fields = {}
        if pattern is not None:
            fields["object_repr"] = _scrub(entry.object_repr, pattern)
            fields["changes"] = _scrub(entry.changes, pattern)
            fields["additional_data"] = _scrub(entry.additional_data, pattern)
        if person.user_id and entry.actor_id == person.user_id:
            fields["actor_email"] = None
        # update(), not save(): saving a LogEntry inside a request would stamp it with
        # the current actor and address (auditlog's pre_save receiver).
        LogEntry.objects.filter(pk=entry.pk).update(**fields)
