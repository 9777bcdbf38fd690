"""A section on a city's page (members.views.city_detail): which network days of this
year and last year the city's people were registered for and present at, and every
day still to come (also one in January seen in December). For the
city's own people, the secretariat and the DB (``may_view_city_participation``). Two
queries: the days, and the city's seats per day."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from infra.registry import PageSection
from members.permissions import permissions_for

from .constants import NetworkDayStatus, RegistrationStatus
from .models import NetworkDay, Registration


def sections(request, city) -> list[PageSection]:
    if not permissions_for(request.user).may_view_city_participation(city):
        return []
    today = timezone.localdate()
    return [
        PageSection(
            template="networkdays/_city_network_days.html",
            context=lambda: _context(city, today),
        )
    ]


def _context(city, today) -> dict:
    # Last year's, this year's and every later day: from 1 January of last year on, a
    # range on the indexed date (a year extracted from every row's date uses no index).
    days = list(
        NetworkDay.objects.filter(
            date__gte=datetime.date(today.year - 1, 1, 1), status=NetworkDayStatus.PUBLISHED
        ).order_by("date")
    )
    # The city's seats per day, counted from the city's people (an index on the city):
    # counting every day's registrations and filtering on the city cost four times as
    # much on the ten-year data (docs/benchmarks.md, issue 16).
    counts = {
        row["network_day"]: row
        for row in Registration.objects.filter(
            network_day__in=[day.pk for day in days],
            person__city=city,
            status=RegistrationStatus.CONFIRMED,
        )
        .order_by()
        .values("network_day")
        .annotate(
            registered=Count("pk"), present=Count("pk", filter=Q(checked_in_at__isnull=False))
        )
    }
    for day in days:
        row = counts.get(day.pk, {})
        day.city_registered = row.get("registered", 0)
        day.city_present = row.get("present", 0)
        day.held = day.date <= today
    return {"city": city, "days": days, "years": (today.year - 1, today.year)}
