"""Reads shared by the lists, the queue and the dashboard: a fixed number of queries
whatever the number of groups (everything a row shows is prefetched or annotated)."""

import datetime
from collections import defaultdict

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from .constants import ThemeGroupStatus
from .models import Membership, ReviewDecision, SupportAssignment, ThemeGroup


def _digital_meetings():
    """The groups' digital meetings. They are the network-days app's (a feature above
    this one), reached through the reverse relation so that the dependency runs one way."""
    return ThemeGroup._meta.get_field("digital_meetings").related_model._default_manager


def groups_with_details(
    today: datetime.date | None = None,
    *,
    decisions: bool = False,
    members: bool = True,
    meetings: bool = True,
    pillars: bool = True,
    open_supports: bool = True,
    current_supports: bool = False,
    now: datetime.datetime | None = None,
):
    """Groups with their pillars (the other pillars unless ``pillars`` is off: the
    review queue and the decide page show only the lead pillar), members (and cities;
    unless ``members`` is off), open support (current and later; unless
    ``open_supports`` is off: a group's page lists all its support), the support
    flags, the number of digital meetings held before ``now`` (unless ``meetings`` is
    off: a page that does not show it need not read the meetings, nor be rebuilt when
    one changes), and optionally today's support only (``current_supports``: the list
    shows who supports a group today; the query picks them, not the template) and their
    decisions (newest first, in ``decisions_newest_first``)."""
    today = today or timezone.localdate()
    now = now or timezone.now()
    meetings_held = (
        _digital_meetings()
        .filter(theme_group=OuterRef("pk"), starts_at__lt=now)
        .order_by()
        .values("theme_group")
        .annotate(count=Count("pk"))
        .values("count")
    )
    prefetches = []
    if open_supports:
        prefetches.append(
            Prefetch(
                "supports",
                queryset=SupportAssignment.objects.filter(ends_on__gte=today)
                .select_related("person__city")
                .order_by("starts_on"),
                to_attr="open_supports",
            )
        )
    if current_supports:
        prefetches.append(
            Prefetch(
                "supports",
                queryset=SupportAssignment.objects.current(today)
                .select_related("person__city")
                .only("theme_group_id", "person__name", "person__city__name")
                .order_by("starts_on"),
                to_attr="current_supports",
            )
        )
    if pillars:
        prefetches.append("other_pillars")
    if members:
        prefetches.append(
            Prefetch(
                "memberships",
                # The pages show each member's name, city and role: no other column.
                queryset=Membership.objects.select_related("person__city")
                .only("theme_group_id", "role", "person__name", "person__city__name")
                .order_by("role", "person__name"),
            )
        )
    if decisions:
        prefetches.append(
            Prefetch(
                "decisions",
                queryset=ReviewDecision.objects.order_by("-decided_at"),
                to_attr="decisions_newest_first",
            )
        )
    groups = (
        ThemeGroup.objects.select_related("lead_pillar")
        .prefetch_related(*prefetches)
        .with_support_state(today)
    )
    if meetings:
        groups = groups.annotate(
            meetings_held=Coalesce(Subquery(meetings_held, output_field=IntegerField()), 0)
        )
    return groups


def attach_city_names(groups: list[ThemeGroup]) -> list[ThemeGroup]:
    """Set ``city_names`` on each group: its members' cities, sorted, from one query of
    plain values. The list page shows only these names; loading every member, person
    and city as model objects cost more than the rest of the page (bench: ten years
    of groups)."""
    names: dict[int, set[str]] = defaultdict(set)
    rows = (
        Membership.objects.filter(theme_group__in=[group.pk for group in groups])
        .order_by()
        .values_list("theme_group_id", "person__city__name")
        .distinct()
    )
    for group_id, name in rows:
        names[group_id].add(name)
    for group in groups:
        group.city_names = sorted(names[group.pk])
    return groups


def support_hours_per_city(*, today: datetime.date | None = None) -> list[dict]:
    """Current support hours per month by the supporting person's city, most first."""
    today = today or timezone.localdate()
    supports = SupportAssignment.objects.current(today).filter(
        theme_group__status__in=[ThemeGroupStatus.ACTIVE, ThemeGroupStatus.PROPOSED]
    )
    return list(
        supports.values("person__city__name", "person__city__cbs_code")
        .annotate(hours=Sum("hours_per_month"), groups=Count("theme_group", distinct=True))
        .order_by("-hours", "person__city__name")
    )
