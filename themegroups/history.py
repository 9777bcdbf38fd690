"""A group's history, read from the audit trail (django-auditlog's LogEntry).

Every save of the group, its members, its support and its review decisions is an audit
entry; members, support and decisions carry the group's id in ``additional_data``.
One request that wrote several of them (a decision and the group's new review date) is
one line, as the user did one thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.formats import date_format, localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.timezone import template_localtime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from audit.display import actor_names, change_lines, related_names

from .constants import EventKind, ReviewOutcome, ThemeGroupStatus
from .models import Membership, ReviewDecision, SupportAssignment, ThemeGroup

# What each kind of object shows in the history, in this order (the audit page shows all).
SHOWN_FIELDS = {
    ThemeGroup: [
        "name",
        "goal",
        "expected_result",
        "lead_pillar",
        "other_pillars",
        "status",
        "started_on",
        "review_due_on",
        "ended_on",
        "refusal_reason",
    ],
    ReviewDecision: ["reason"],
    Membership: ["person", "role"],
    SupportAssignment: ["person", "hours_per_month", "starts_on", "ends_on"],
}
LABELS = {Membership: {"person": _("member")}}
# Lines carried over from the former history table (migration 0004) name their own
# fields; these are the ones that are not a field of the group.
CARRIED_LABELS = {
    "reason": _("reason"),
    "support_person": _("supported by"),
    "hours_per_month": _("hours per month"),
    "starts_on": _("from"),
    "ends_on": _("until"),
    "member": _("member"),
    "role": _("role"),
}

_STATUS_KINDS = {
    ThemeGroupStatus.ACTIVE: EventKind.APPROVED,
    ThemeGroupStatus.REFUSED: EventKind.REFUSED,
    ThemeGroupStatus.ENDED: EventKind.ENDED,
}
# When one request wrote several entries, the line is named after the weightiest.
_WEIGHT = {kind: index for index, kind in enumerate(EventKind.values)}


@dataclass
class HistoryLine:
    kind: str
    at: object
    actor_name: str
    cid: str | None
    changes: list = field(default_factory=list)

    def get_kind_display(self) -> str:
        return EventKind(self.kind).label


def _kind(entry: LogEntry, model) -> str:
    carried = (entry.additional_data or {}).get("kind")
    if carried in EventKind.values:
        return carried
    changes = entry.changes or {}
    if model is ThemeGroup:
        if entry.action == LogEntry.Action.CREATE:
            return EventKind.PROPOSED
        status = changes.get("status")
        if isinstance(status, list) and len(status) == 2 and status[1] in _STATUS_KINDS:
            return _STATUS_KINDS[status[1]]
        return EventKind.CHANGED
    if model is ReviewDecision:
        outcome = changes.get("outcome", [None, None])[-1]
        return EventKind.ENDED if outcome == ReviewOutcome.END else EventKind.EXTENDED
    if model is Membership:
        return {
            LogEntry.Action.CREATE: EventKind.MEMBER_ADDED,
            LogEntry.Action.DELETE: EventKind.MEMBER_REMOVED,
        }.get(entry.action, EventKind.MEMBER_ROLE_CHANGED)
    return {
        LogEntry.Action.CREATE: EventKind.SUPPORT_ASSIGNED,
        LogEntry.Action.DELETE: EventKind.SUPPORT_REMOVED,
    }.get(entry.action, EventKind.SUPPORT_CHANGED)


def group_history_entries(group: ThemeGroup):
    """The audit entries of the group and of its members, support and decisions."""
    types = ContentType.objects.get_for_models(*SHOWN_FIELDS)
    return (
        LogEntry.objects.filter(
            Q(content_type=types[ThemeGroup], object_id=group.pk)
            | Q(
                content_type__in=[
                    types[Membership],
                    types[SupportAssignment],
                    types[ReviewDecision],
                ],
                additional_data__theme_group=group.pk,
            )
        )
        .select_related("content_type")
        .order_by("-timestamp", "-pk")
    )


def group_history(group: ThemeGroup) -> list[HistoryLine]:
    """The group's history, newest first, one line per thing a user did."""
    entries = list(group_history_entries(group))
    names = actor_names(entries)
    related = related_names(entries, SHOWN_FIELDS)
    lines: list[HistoryLine] = []
    for entry in entries:
        model = entry.content_type.model_class()
        carried = "kind" in (entry.additional_data or {})
        kind = _kind(entry, model)
        changes = change_lines(
            entry,
            fields=None if carried else SHOWN_FIELDS.get(model),
            labels=CARRIED_LABELS if carried else LABELS.get(model),
            related=related,
        )
        actor = (entry.additional_data or {}).get("actor_name") or names.get(entry.actor_id, "")
        previous = lines[-1] if lines else None
        # Entries of one request about the group and its decision make one line.
        if (
            previous is not None
            and entry.cid
            and previous.cid == entry.cid
            and model in (ThemeGroup, ReviewDecision)
            and previous.kind not in _MEMBER_AND_SUPPORT_KINDS
        ):
            previous.changes = previous.changes + changes
            if _WEIGHT[kind] < _WEIGHT[previous.kind]:
                previous.kind = kind
            continue
        lines.append(
            HistoryLine(
                kind=kind,
                at=entry.timestamp,
                actor_name=actor,
                cid=entry.cid,
                changes=changes,
            )
        )
    return lines


_MEMBER_AND_SUPPORT_KINDS = {
    EventKind.MEMBER_ADDED,
    EventKind.MEMBER_REMOVED,
    EventKind.MEMBER_ROLE_CHANGED,
    EventKind.SUPPORT_ASSIGNED,
    EventKind.SUPPORT_CHANGED,
    EventKind.SUPPORT_REMOVED,
}


def _value(value) -> str:
    """A before or after value as the page shows it: a date as "3 jan. 2026", anything
    else as a template would print it (localised, escaped)."""
    if getattr(value, "year", None):
        return conditional_escape(date_format(template_localtime(value), "j N Y"))
    return conditional_escape(localize(template_localtime(value)))


def with_text(lines: list[HistoryLine]) -> list[HistoryLine]:
    """Set ``heading`` (what, when, by whom) and ``change_texts`` (a line per change) on
    each history line, made in Python once per line rather than by template filters
    and branches per value (issue 24: the history was the largest part of a group's
    page)."""
    for line in lines:
        at = template_localtime(line.at)
        by = ""
        if line.actor_name:
            by = mark_safe(
                ", " + gettext("by %(name)s") % {"name": conditional_escape(line.actor_name)}
            )
        line.heading = format_html(
            '<strong>{}</strong> — <time datetime="{}">{}</time>{}',
            capfirst(line.get_kind_display()),
            date_format(at, "c"),
            date_format(at, "j F Y H:i"),
            by,
        )
        texts = []
        for label, before, after in line.changes:
            text = conditional_escape(capfirst(label)) + ": "
            if before is not None:
                text += _value(before) + " → "
            text += _value(after) if after is not None else "—"
            texts.append(SafeString(text))
        line.change_texts = texts
    return lines
