"""A section on a city's page (members.views.city_detail): which network days of this
year and last year the city's people were registered for and present at, and every
day still to come (also one in January seen in December). For the
city's own people, the secretariat and the DB (``may_view_city_participation``). One
query: the days with the city's seats on each."""

import datetime

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import dateformat, timezone

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
    # The city's seats per day in the same query: per day, its confirmed registrations
    # (the index on day and status) of the city's people.
    seats = Registration.objects.filter(
        network_day=OuterRef("pk"), person__city=city, status=RegistrationStatus.CONFIRMED
    ).order_by()

    def counted(registrations):
        return Coalesce(
            Subquery(registrations.values("network_day").annotate(n=Count("pk")).values("n")),
            0,
        )

    days = list(
        NetworkDay.objects.filter(
            date__gte=datetime.date(today.year - 1, 1, 1), status=NetworkDayStatus.PUBLISHED
        )
        .order_by("date")
        .annotate(
            city_registered=counted(seats),
            city_present=counted(seats.filter(checked_in_at__isnull=False)),
        )
        .values("pk", "date", "title", "city_registered", "city_present")
    )
    # Each row's link and date once here, not a URL lookup and a date filter per row.
    link_head, link_tail = reverse("networkdays:detail", kwargs={"pk": 1}).rsplit("/1/", 1)
    for day in days:
        day["url"] = f"{link_head}/{day['pk']}/{link_tail}"
        day["date_label"] = dateformat.format(day["date"], "j F Y")
        day["held"] = day["date"] <= today
    return {"city": city, "days": days, "years": (today.year - 1, today.year)}
