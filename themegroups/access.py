"""Access helpers: every theme-group view calls one of these first.

Reading follows the one read policy (``members.access.require_network_reader``):
everyone with a current role in the network (officials too); no role gets 403.
Writing asks ``members.permissions``: the DB decides and approves, the lead pillar's
secretary or the secretariat assigns support and manages members, pillar secretaries
and the secretariat propose. These helpers hold no rule of their own.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from members.access import require_network_reader
from members.permissions import Permissions
from pillars.models import Pillar

from .models import ThemeGroup


def require_reader(request) -> Permissions:
    """Lists and overview pages of theme groups: the network's read policy."""
    return require_network_reader(request)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def get_theme_group_for_user(request, slug: str, queryset=None) -> ThemeGroup:
    """The group of ``slug`` for a reader of the network; from ``queryset`` when the
    page reads it with its details (one query, not the group twice)."""
    require_network_reader(request)
    # The group alone: every check and page reads its lead pillar's id, none the pillar
    # (the join was a third of a cached group page's time).
    return get_object_or_404(ThemeGroup if queryset is None else queryset, slug=slug)


def get_theme_group_for_decision(request, slug: str) -> ThemeGroup:
    """Review decisions, approvals and refusals: DB members only."""
    permissions = require_network_reader(request)
    group = get_theme_group_for_user(request, slug)
    _require(permissions.may_decide_reviews)
    return group


def get_theme_group_for_support(request, slug: str) -> ThemeGroup:
    """Assigning support: the secretary of the group's lead pillar or the secretariat."""
    permissions = require_network_reader(request)
    group = get_theme_group_for_user(request, slug)
    _require(permissions.may_assign_support(group.lead_pillar_id))
    return group


def get_theme_group_for_management(request, slug: str) -> ThemeGroup:
    """Members of a group: the secretary of the group's lead pillar or the secretariat."""
    permissions = require_network_reader(request)
    group = get_theme_group_for_user(request, slug)
    _require(permissions.may_manage_theme_group(group.lead_pillar_id))
    return group


def get_theme_group_for_edit(request, slug: str) -> ThemeGroup:
    """A group's mandate and pillars: the lead pillar's secretary or the secretariat."""
    permissions = require_network_reader(request)
    group = get_theme_group_for_user(request, slug)
    _require(permissions.may_edit_theme_group(group.lead_pillar_id))
    return group


def get_lead_pillars_for_edit(request):
    """The pillars this user may make a group's lead pillar (the edit form's choices)."""
    permissions = require_network_reader(request)
    allowed = [
        pillar.pk
        for pillar in Pillar.objects.only("pk")
        if permissions.may_edit_theme_group(pillar.pk)
    ]
    return Pillar.objects.filter(pk__in=allowed)


def get_support_for_ending(request, slug: str, pk: int):
    """Ending a group's support early: whoever may assign its support."""
    from .models import SupportAssignment

    group = get_theme_group_for_support(request, slug)
    support = get_object_or_404(
        SupportAssignment.objects.select_related("person"), pk=pk, theme_group=group
    )
    return group, support


def get_lead_pillars_for_proposal(request):
    """The pillars this user may propose a group for (the proposal form's choices);
    403 for a user who may propose none."""
    permissions = require_network_reader(request)
    _require(permissions.may_propose_theme_groups)
    allowed = [
        pillar.pk
        for pillar in Pillar.objects.only("pk")
        if permissions.may_propose_theme_group_for(pillar.pk)
    ]
    return Pillar.objects.filter(pk__in=allowed)


def require_review_queue(request) -> Permissions:
    """The queue: the DB decides from it; the secretariat may look along."""
    permissions = require_network_reader(request)
    _require(permissions.may_see_review_queue)
    return permissions


def require_support_overview(request) -> Permissions:
    permissions = require_network_reader(request)
    _require(permissions.may_view_support_overview)
    return permissions
