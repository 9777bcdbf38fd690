"""The theme-group panel of the dashboard: a few queries, whatever the user's roles."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from infra.registry import DashboardPanel
from members.permissions import permissions_for

from .constants import ThemeGroupStatus
from .models import ThemeGroup


def panels(request) -> list[DashboardPanel]:
    permissions = permissions_for(request.user)
    if not permissions.may_read_network:
        return []
    today = timezone.localdate()
    panel: dict = {"review": None, "support": None}
    if permissions.may_decide_reviews:
        horizon = today + timedelta(weeks=settings.THEME_GROUP_DUE_WEEKS)
        active = Q(status=ThemeGroupStatus.ACTIVE)
        panel["review"] = ThemeGroup.objects.aggregate(
            overdue=Count("pk", filter=active & Q(review_due_on__lt=today)),
            due=Count(
                "pk", filter=active & Q(review_due_on__gte=today, review_due_on__lte=horizon)
            ),
            proposals=Count("pk", filter=Q(status=ThemeGroupStatus.PROPOSED)),
        )
    if permissions.may_watch_pillar_support:
        panel["support"] = (
            ThemeGroup.objects.open()
            .filter(lead_pillar_id__in=permissions.pillars_as_secretary)
            .without_support(today)
            .count()
        )
    if permissions.person is not None:
        panel["mine"] = list(
            ThemeGroup.objects.open()
            .filter(memberships__person=permissions.person)
            .only("name", "slug")
        )
    return [DashboardPanel("themegroups/dashboard_panel.html", panel)]
