"""A dossier's timeline, read from the audit trail (django-auditlog's LogEntry): the
dossier's own entries and those of its versions, stances, notices, moments and cities'
actions (which carry the dossier's id in ``additional_data``). Stances, notices and
actions of a city are shown only to whoever may see that city's notices. A fixed
number of queries, whatever the number of entries."""

from __future__ import annotations

from dataclasses import dataclass, field

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from audit.display import action_label, actor_names, change_lines, related_names, shown_lines

from .models import CityAction, DeviationNotice, Dossier, Moment, PositionVersion, Stance

SHOWN_FIELDS = {
    Dossier: [
        "subject",
        "status",
        "vng_alignment",
        "vng_note",
        "coordinator",
        "targets",
        "carriers",
    ],
    PositionVersion: ["number", "title", "summary", "status", "stances_due_on", "agreed_by"],
    Stance: ["city", "kind", "note"],
    DeviationNotice: [
        "city",
        "what",
        "acts_from",
        "explanation",
        "unexpected",
        "acknowledged_by",
        "response",
    ],
    Moment: ["kind", "title", "status", "takes_place_on", "outcome", "db_note"],
    CityAction: ["city", "description", "took_place_on", "unexpected"],
}
KIND_LABELS = {
    Dossier: _("Dossier"),
    PositionVersion: _("Position"),
    Stance: _("Stance"),
    DeviationNotice: _("Deviation notice"),
    Moment: _("Moment"),
    CityAction: _("City's action"),
}
CITY_MODELS = (Stance, DeviationNotice, CityAction)


@dataclass
class TimelineLine:
    label: str
    action: str
    at: object
    actor_name: str
    changes: list = field(default_factory=list)


def timeline_entries(dossier: Dossier, permissions):
    types = ContentType.objects.get_for_models(*SHOWN_FIELDS)
    children = [types[model] for model in SHOWN_FIELDS if model is not Dossier]
    entries = LogEntry.objects.filter(
        Q(content_type=types[Dossier], object_id=dossier.pk)
        | Q(content_type__in=children, additional_data__dossier=dossier.pk)
    )
    if not permissions.may_see_all_notices:
        private = Q(content_type__in=[types[model] for model in CITY_MODELS])
        own = Q(additional_data__city=permissions.city_id) if permissions.city_id else Q(pk__in=[])
        entries = entries.exclude(private & ~own)
    return entries.select_related("content_type").order_by("-timestamp", "-pk")


def dossier_timeline(dossier: Dossier, permissions, limit: int = 200) -> list[TimelineLine]:
    entries = list(timeline_entries(dossier, permissions)[:limit])
    names = actor_names(entries)
    related = related_names(entries, SHOWN_FIELDS)
    lines = []
    for entry in entries:
        model = entry.content_type.model_class()
        lines.append(
            TimelineLine(
                label=str(KIND_LABELS.get(model, "")),
                action=action_label(entry),
                at=entry.timestamp,
                actor_name=names.get(entry.actor_id, ""),
                changes=shown_lines(
                    change_lines(entry, fields=SHOWN_FIELDS.get(model), related=related)
                ),
            )
        )
    return lines
