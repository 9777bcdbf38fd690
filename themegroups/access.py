"""Access helpers: every theme-group view calls one of these first.

Reading is open to everyone with a current role in the network (officials too);
``no role`` gets 403. Writing follows ``members.permissions``: the DB decides and
approves, the lead pillar's secretary or the secretariat assigns support and manages
members, pillar secretaries and the secretariat propose.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from members.permissions import Permissions, permissions_for

from .models import ThemeGroup


def require_reader(request) -> Permissions:
    permissions = permissions_for(request.user)
    if not permissions.may_read_theme_groups:
        raise PermissionDenied
    return permissions


def get_theme_group_for_user(request, slug: str) -> ThemeGroup:
    require_reader(request)
    # The group alone: every check and page reads its lead pillar's id, none the pillar
    # (the join was a third of a cached group page's time).
    return get_object_or_404(ThemeGroup, slug=slug)


def get_theme_group_for_decision(request, slug: str) -> ThemeGroup:
    """Review decisions, approvals and refusals: DB members only."""
    group = get_theme_group_for_user(request, slug)
    if not permissions_for(request.user).may_decide_reviews:
        raise PermissionDenied
    return group


def get_theme_group_for_support(request, slug: str) -> ThemeGroup:
    """Assigning support: the secretary of the group's lead pillar or the secretariat."""
    group = get_theme_group_for_user(request, slug)
    if not permissions_for(request.user).may_assign_support(group.lead_pillar_id):
        raise PermissionDenied
    return group


def get_theme_group_for_management(request, slug: str) -> ThemeGroup:
    """Members of a group: the secretary of the group's lead pillar or the secretariat."""
    group = get_theme_group_for_user(request, slug)
    if not permissions_for(request.user).may_manage_theme_group(group.lead_pillar_id):
        raise PermissionDenied
    return group


def require_proposer(request) -> Permissions:
    permissions = require_reader(request)
    if not permissions.may_propose_theme_groups:
        raise PermissionDenied
    return permissions


def require_review_queue(request) -> Permissions:
    """The queue: the DB decides from it; the secretariat may look along."""
    permissions = require_reader(request)
    if not (permissions.may_decide_reviews or permissions.is_secretariat):
        raise PermissionDenied
    return permissions


def require_support_overview(request) -> Permissions:
    permissions = require_reader(request)
    if not permissions.may_view_support_overview:
        raise PermissionDenied
    return permissions
