"""How a line of a group's history reads: field labels, choices by their labels,
dates as dates."""

import datetime

from django.utils.translation import gettext_lazy as _

from .constants import MembershipRole, ThemeGroupStatus

EVENT_FIELD_LABELS = {
    "name": _("name"),
    "goal": _("goal"),
    "expected_result": _("expected result"),
    "lead_pillar": _("lead pillar"),
    "other_pillars": _("other pillars"),
    "status": _("status"),
    "started_on": _("started on"),
    "review_due_on": _("review date"),
    "ended_on": _("ended on"),
    "end_reason": _("reason for ending"),
    "reason": _("reason"),
    "support_person": _("supported by"),
    "hours_per_month": _("hours per month"),
    "starts_on": _("from"),
    "ends_on": _("until"),
    "member": _("member"),
    "role": _("role"),
}

_CHOICE_LABELS = {
    "status": dict(ThemeGroupStatus.choices),
    "role": dict(MembershipRole.choices),
}


def readable(field: str, value):
    if value is None or value == "":
        return None
    if field in _CHOICE_LABELS:
        return _CHOICE_LABELS[field].get(value, value)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return value
    return value
