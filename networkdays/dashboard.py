from django.db.models import Func, IntegerField, OuterRef, Subquery
from django.utils import timezone

from infra.registry import DashboardPanel
from members.permissions import permissions_for

from .constants import NetworkDayStatus, RegistrationStatus
from .models import NetworkDay, Registration
from .selectors import registrations_shown_to


def panels(request) -> list[DashboardPanel]:
    """ "My registrations": one's own coming registrations, and for a city contact those
    of the colleagues too (``selectors.registrations_shown_to``). Nothing for an account
    without a current role: the network's pages would refuse it (the read policy)."""
    permissions = permissions_for(request.user)
    if permissions.person is None or not permissions.may_read_network:
        return []
    today = timezone.localdate()
    registrations = (
        Registration.objects.active()
        .filter(network_day__date__gte=today)
        .exclude(network_day__status=NetworkDayStatus.DRAFT)
    )
    registrations = list(
        registrations_shown_to(permissions, registrations)
        .select_related("network_day", "person")
        .order_by("network_day__date", "person__name")
    )
    registered_day_ids = {
        r.network_day_id for r in registrations if r.person_id == permissions.person.pk
    }
    now = timezone.now()
    # Counted for the day shown only (a subquery a figure, on the index of the day's
    # registrations), not by joining every open day to all its registrations first.
    confirmed_here = Registration.objects.filter(
        network_day=OuterRef("pk"), status=RegistrationStatus.CONFIRMED
    )
    next_open = (
        NetworkDay.objects.filter(
            status=NetworkDayStatus.PUBLISHED,
            registration_opens_at__lte=now,
            registration_closes_at__gte=now,
        )
        .exclude(pk__in=registered_day_ids)
        .annotate(
            confirmed=_count(confirmed_here),
            city_confirmed=_count(
                confirmed_here.filter(person__city_id=permissions.person.city_id)
            ),
        )
        .order_by("date")
        .first()
    )
    # A full day is not "open": registering there means the waiting list.
    next_open_is_full = next_open is not None and (
        next_open.confirmed >= next_open.capacity
        or (
            next_open.seats_per_city is not None
            and next_open.city_confirmed >= next_open.seats_per_city
        )
    )
    return [
        DashboardPanel(
            "networkdays/dashboard_panel.html",
            {
                "registrations": registrations,
                "person": permissions.person,
                "next_open": next_open,
                "next_open_is_full": next_open_is_full,
            },
        )
    ]


def _count(registrations) -> Subquery:
    """The number of ``registrations``: a correlated ``SELECT COUNT(…)`` (one row, 0 for
    none; no GROUP BY)."""
    counted = registrations.order_by().annotate(n=Func("pk", function="COUNT")).values("n")
    return Subquery(counted, output_field=IntegerField())
