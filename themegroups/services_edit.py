"""Changing a theme group's mandate (goal, expected result) and pillars, by its lead
pillar's secretary or the secretariat. Same pattern as ``services``: keyword-only
``by``, a locked transaction, the permission asked again inside it, coded refusals.
The group is saved with ``save()`` so the audit trail records the change."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from infra.locking import locked_transaction
from members.actors import actor_permissions
from pillars.models import Pillar

from .models import ThemeGroup
from .rules import field_error, lock_group, refuse_read_only


def theme_group_edit(
    *,
    by,
    group: ThemeGroup,
    goal: str,
    expected_result: str,
    lead_pillar: Pillar,
    other_pillars=(),
) -> ThemeGroup:
    with locked_transaction():
        group = lock_group(group.pk)
        permissions = actor_permissions(by, lambda p: p.may_edit_theme_group(group.lead_pillar_id))
        refuse_read_only(group)
        if (
            permissions is not None
            and lead_pillar.pk != group.lead_pillar_id
            and not permissions.may_edit_theme_group(lead_pillar.pk)
        ):
            raise field_error(
                "lead_pillar",
                _("You cannot move this group to a pillar you are not secretary of."),
                "lead_pillar_not_allowed",
            )
        goal, expected_result = (goal or "").strip(), (expected_result or "").strip()
        errors = {}
        if not goal:
            errors["goal"] = ValidationError(_("Give the group's goal."), code="goal_required")
        if not expected_result:
            errors["expected_result"] = ValidationError(
                _("Give the group's expected result."), code="expected_result_required"
            )
        if errors:
            raise ValidationError(errors)
        group.goal = goal
        group.expected_result = expected_result
        group.lead_pillar = lead_pillar
        group.full_clean()
        group.save(update_fields=["goal", "expected_result", "lead_pillar"])
        # The lead pillar is never one of the "other" pillars too.
        group.other_pillars.set([p for p in other_pillars if p.pk != lead_pillar.pk])
    return group
