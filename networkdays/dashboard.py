from django.utils import timezone

from members.permissions import permissions_for

from .constants import NetworkDayStatus
from .models import NetworkDay, Registration
from .selectors import registrations_shown_to


def panels(request) -> list[dict]:
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
    next_open = (
        NetworkDay.objects.filter(
            status=NetworkDayStatus.PUBLISHED,
            registration_opens_at__lte=now,
            registration_closes_at__gte=now,
        )
        .exclude(pk__in=registered_day_ids)
        .order_by("date")
        .first()
    )
    # The panel changes by the clock when the day shown closes or another day opens.
    opens_next = (
        NetworkDay.objects.filter(status=NetworkDayStatus.PUBLISHED, registration_opens_at__gt=now)
        .order_by("registration_opens_at")
        .values_list("registration_opens_at", flat=True)
        .first()
    )
    return [
        {
            "template": "networkdays/dashboard_panel.html",
            "until": [opens_next, next_open.registration_closes_at if next_open else None],
            "registrations": registrations,
            "person": permissions.person,
            "next_open": next_open,
        }
    ]
