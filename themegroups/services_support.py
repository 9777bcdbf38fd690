"""Ending a theme group's support: when the group ends (called inside
``theme_group_decide``'s transaction) and, early, by whoever assigns support.

Every change goes through ``save()``, so the audit trail records it and the group's
history shows it."""

from __future__ import annotations

import datetime

from .models import SupportAssignment, ThemeGroup


def supports_end_with_group(group: ThemeGroup, *, on: datetime.date) -> int:
    """Inner helper (the caller holds the group's lock, before the group turns
    read-only): support that runs past ``on``, the decision's date, ends on it;
    support that would only start after it is withdrawn (the audit trail keeps it).
    Returns how many were ended or withdrawn."""
    changed = 0
    supports = SupportAssignment.objects.select_for_update().filter(
        theme_group=group, ends_on__gt=on
    )
    for support in supports:
        if support.starts_on > on:
            support.delete()
        else:
            support.ends_on = on
            support.save(update_fields=["ends_on"])
        changed += 1
    return changed
