"""Ending a theme group's support: when the group ends (called inside
``theme_group_decide``'s transaction) and, early, by whoever assigns support.

Every change goes through ``save()``, so the audit trail records it and the group's
history shows it."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from infra.locking import locked_transaction
from members.actors import actor_permissions

from .models import SupportAssignment, ThemeGroup
from .rules import field_error, lock_group, refuse_read_only


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


def support_end(
    *,
    by,
    support: SupportAssignment,
    ends_on: datetime.date,
    today: datetime.date | None = None,
) -> SupportAssignment:
    """Whoever assigns a group's support ends it early: on ``ends_on``, today or
    later, not before it starts, and before the day it would have ended."""
    today = today or timezone.localdate()
    with locked_transaction():
        group = lock_group(support.theme_group_id)
        actor_permissions(by, lambda p: p.may_assign_support(group.lead_pillar_id))
        refuse_read_only(group)
        support = SupportAssignment.objects.select_for_update().get(
            pk=support.pk, theme_group=group
        )
        if ends_on is None:
            raise field_error("ends_on", _("Give the last day of support."), "end_date_required")
        if ends_on < today:
            raise field_error(
                "ends_on",
                _("Support cannot be ended in the past: choose today or later."),
                "end_date_past",
            )
        if ends_on < support.starts_on:
            raise field_error(
                "ends_on",
                _("The support cannot end before it starts."),
                "support_period_reversed",
            )
        if ends_on >= support.ends_on:
            raise ValidationError(
                {
                    "ends_on": ValidationError(
                        _("Ending early means a day before %(date)s.")
                        % {"date": date_format(support.ends_on, "j F Y")},
                        code="end_not_earlier",
                    )
                }
            )
        support.ends_on = ends_on
        support.full_clean()
        support.save(update_fields=["ends_on"])
    return support
