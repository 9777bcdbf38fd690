"""A city's page: its membership dates (member since, member until) and its
applications with their steps. Everyone who reads the network sees the dates and the
outcome (``may_see_membership_dates``); the link to an application's evidence is for
those who may view applications. One query (the periods come
prefetched with the city's page); membership is dated: as of today."""

from django.db.models import prefetch_related_objects
from django.utils import timezone

from infra.registry import PageSection
from members.permissions import permissions_for

from .models import Application


def _with_periods(city):
    """The city with its membership periods: prefetched once (the city page's own
    part has done so already)."""
    prefetch_related_objects([city], "membership_periods")
    return city


def sections(request, city) -> list[PageSection]:
    permissions = permissions_for(request.user)
    if not permissions.may_see_membership_dates:
        return []
    may_view_applications = permissions.may_view_applications
    today = timezone.localdate()
    return [
        PageSection(
            template="admissions/_city_membership.html",
            context=lambda: {
                "city": _with_periods(city).set_membership(today),
                "periods": sorted(city.membership_periods.all(), key=lambda p: p.starts_on),
                "applications": list(
                    Application.objects.filter(city=city)
                    .select_related("decision")
                    .order_by("-received_on")
                ),
                "may_view_applications": may_view_applications,
            },
        )
    ]
