"""A section on a city's page (members.views.city_detail): which network days of this
year and last year the city's people were registered for and present at. For the
city's own people, the secretariat and the DB (``may_view_city_participation``). One
query."""

from django.db.models import Count, Q
from django.utils import timezone

from members.permissions import permissions_for

from .constants import NetworkDayStatus, RegistrationStatus
from .models import NetworkDay


def sections(request, city) -> list[dict]:
    if not permissions_for(request.user).may_view_city_participation(city):
        return []
    today = timezone.localdate()
    confirmed = Q(
        registrations__status=RegistrationStatus.CONFIRMED,
        registrations__person__city=city,
    )
    days = list(
        NetworkDay.objects.filter(
            status=NetworkDayStatus.PUBLISHED, date__year__in=[today.year - 1, today.year]
        )
        .annotate(
            city_registered=Count("registrations", filter=confirmed),
            city_present=Count(
                "registrations", filter=confirmed & Q(registrations__checked_in_at__isnull=False)
            ),
        )
        .order_by("date")
    )
    for day in days:
        day.held = day.date <= today
    return [
        {
            "template": "networkdays/_city_network_days.html",
            "context": {"city": city, "days": days, "years": (today.year - 1, today.year)},
        }
    ]
