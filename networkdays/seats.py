"""Seat or waiting list: the confirmed seats, in total and per city, against the day's
capacity and its limit per city. Asked only by ``services_registrations``, under the
day's row lock (``_lock_day``): a count read after the lock was had sees every seat
committed before it, and no other seat can be given until the commit.
"""

from __future__ import annotations

import datetime
from collections import Counter

from django.db import connection
from django.db.models import Case, Count, DateTimeField, Exists, Q, Value, When

from .constants import RegistrationStatus
from .models import NetworkDay, Registration


def confirmed_counts(day: NetworkDay) -> tuple[int, Counter]:
    """The confirmed seats, in total and per city: one grouped count (a row per city
    with a seat, not a row per seat), read under the day's lock."""
    cities = Counter(
        dict(
            day.registrations.confirmed()
            .order_by()
            .values_list("person__city_id")
            .annotate(n=Count("pk"))
        )
    )
    return sum(cities.values()), cities


def _seat_free(day: NetworkDay, city_id: int) -> Exists:
    """``has_seat_for`` as a condition of the statement that inserts the registration:
    the confirmed seats, in total and of the city, counted in one grouped subquery. Run
    after the lock statement, the insert sees every seat committed before the lock was
    had; so the count and the insert are one statement under the lock, not two."""
    full = Q(total__gte=day.capacity)
    if day.seats_per_city is not None:
        full |= Q(in_city__gte=day.seats_per_city)
    taken = (
        Registration.objects.filter(network_day_id=day.pk, status=RegistrationStatus.CONFIRMED)
        .order_by()
        .values("network_day_id")
        .annotate(total=Count("pk"), in_city=Count("pk", filter=Q(person__city_id=city_id)))
        .filter(full)
    )
    return ~Exists(taken)


def has_seat_for(day: NetworkDay, city_id: int, total: int, cities: Counter) -> bool:
    if total >= day.capacity:
        return False
    return day.seats_per_city is None or cities[city_id] < day.seats_per_city


def place(
    registration: Registration, day: NetworkDay, city_id: int, now: datetime.datetime
) -> None:
    """Seat or waiting list. A new row: decided by its insert (expressions whose result
    the insert returns), so no count of its own under the lock. A cancelled row revived
    (an update), or a database whose insert returns nothing: counted first."""
    if registration.pk is None and connection.features.can_return_columns_from_insert:
        seat = _seat_free(day, city_id)
        registration.status = Case(
            When(seat, then=Value(RegistrationStatus.CONFIRMED)),
            default=Value(RegistrationStatus.WAITING),
        )
        registration.confirmed_at = Case(
            When(seat, then=Value(now)), default=None, output_field=DateTimeField()
        )
        return
    total, cities = confirmed_counts(day)
    seat = has_seat_for(day, city_id, total, cities)
    registration.status = RegistrationStatus.CONFIRMED if seat else RegistrationStatus.WAITING
    registration.confirmed_at = now if seat else None
