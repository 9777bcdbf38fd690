"""Writes for a theme group's secretarial support and its members, by the lead
pillar's secretary or the secretariat. Same pattern as ``services``: keyword-only
``by``, a locked transaction, the permission asked again inside it, coded refusals."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from infra.locking import locked_transaction
from members.actors import acting_user, actor_permissions
from members.models import City, Person

from .constants import MembershipRole
from .models import Membership, SupportAssignment, ThemeGroup
from .rules import field_error, lock_group, refuse_read_only


def support_assign(
    *,
    by,
    group: ThemeGroup,
    person: Person,
    hours_per_month: Decimal,
    starts_on: datetime.date,
    ends_on: datetime.date,
) -> SupportAssignment:
    """The lead pillar's secretary (or the secretariat) assigns support to a group, by a
    person of a member city (their city read again here, not taken from the caller)."""
    with locked_transaction():
        group = lock_group(group.pk)
        actor_permissions(by, lambda p: p.may_assign_support(group.lead_pillar_id))
        refuse_read_only(group)
        errors = {}
        if not Person.objects.filter(pk=person.pk, city__in=City.objects.members()).exists():
            errors["person"] = ValidationError(
                _("Support comes from a person of a member city."), code="not_member_city"
            )
        if hours_per_month is None or hours_per_month < 0:
            errors["hours_per_month"] = ValidationError(
                _("Hours per month cannot be negative."), code="negative_hours"
            )
        if starts_on and ends_on and ends_on < starts_on:
            errors["ends_on"] = ValidationError(
                _("The support cannot end before it starts."), code="support_period_reversed"
            )
        if errors:
            raise ValidationError(errors)
        support = SupportAssignment(
            theme_group=group,
            person=person,
            hours_per_month=hours_per_month,
            starts_on=starts_on,
            ends_on=ends_on,
            assigned_by=acting_user(by),
        )
        support.full_clean()
        support.save()
    return support


# --- members ----------------------------------------------------------------------------


def _lock_group_to_manage(by, group_id: int) -> ThemeGroup:
    group = lock_group(group_id)
    actor_permissions(by, lambda p: p.may_manage_theme_group(group.lead_pillar_id))
    refuse_read_only(group)
    return group


def membership_add(*, by, group: ThemeGroup, person: Person, role: str) -> Membership:
    with locked_transaction():
        group = _lock_group_to_manage(by, group.pk)
        if not person.city.is_member_on():
            raise field_error(
                "person", _("Members of a theme group come from member cities."), "not_member_city"
            )
        if Membership.objects.filter(theme_group=group, person=person).exists():
            raise field_error(
                "person", _("This person is already a member of this group."), "already_member"
            )
        membership = Membership.objects.create(
            theme_group=group, person=person, role=role, joined_on=timezone.localdate()
        )
    return membership


def _lock_membership(by, membership: Membership) -> tuple[ThemeGroup, Membership]:
    """The membership's group locked, then the membership read again (it may be gone)."""
    group = _lock_group_to_manage(by, membership.theme_group_id)
    membership = (
        Membership.objects.select_related("person__city")
        .filter(pk=membership.pk, theme_group=group)
        .first()
    )
    if membership is None:
        raise ValidationError(
            _("This person is no longer a member of this group."), code="not_a_member"
        )
    return group, membership


def membership_remove(*, by, membership: Membership) -> None:
    with locked_transaction():
        _group, membership = _lock_membership(by, membership)
        membership.delete()


def membership_set_role(*, by, membership: Membership, role: str) -> Membership:
    with locked_transaction():
        _group, membership = _lock_membership(by, membership)
        if role not in MembershipRole.values:
            raise ValidationError(_("Unknown role."), code="invalid_role")
        if membership.role != role:
            membership.role = role
            membership.save(update_fields=["role"])
    return membership
