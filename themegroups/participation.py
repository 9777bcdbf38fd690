"""The theme groups' measures for the participation page (hooks.md #2): seats and
chairs in theme groups, and secretarial support given in hours. Each ``counts(years)``
is one query, whatever the number of cities and years."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from infra.registry import ParticipationMeasure

from .constants import MembershipRole
from .models import Membership, SupportAssignment


def _active_in(year: int) -> Q:
    """A seat in a group that ran during the year (started, not ended before it), taken
    by the year's end."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return (
        Q(theme_group__started_on__lte=last)
        & (Q(theme_group__ended_on__isnull=True) | Q(theme_group__ended_on__gte=first))
        & (Q(joined_on__isnull=True) | Q(joined_on__lte=last))
    )


def _seats(years, role: str | None = None) -> dict:
    years = list(years)
    if not years:
        return {}
    seats = Membership.objects.filter(theme_group__started_on__isnull=False)
    if role is not None:
        seats = seats.filter(role=role)
    rows = (
        seats.values("person__city_id")
        .annotate(**{f"y{year}": Count("pk", filter=_active_in(year)) for year in years})
        .order_by()
    )
    return {
        (row["person__city_id"], year): row[f"y{year}"]
        for row in rows
        for year in years
        if row[f"y{year}"]
    }


def theme_group_seats(years):
    return _seats(years)


def theme_group_chairs(years):
    return _seats(years, MembershipRole.CHAIR)


def support_hours(years) -> dict:
    """Hours per month × the part of each year the assignment ran, in twelfths by day:
    ``hours_per_month × 12 × days in the year covered / days in the year``."""
    years = sorted(set(years))
    if not years:
        return {}
    first, last = datetime.date(years[0], 1, 1), datetime.date(years[-1], 12, 31)
    result: dict[tuple[int, int], Decimal] = {}
    rows = SupportAssignment.objects.filter(starts_on__lte=last, ends_on__gte=first).values_list(
        "person__city_id", "hours_per_month", "starts_on", "ends_on"
    )
    for city_id, per_month, starts_on, ends_on in rows:
        for year in years:
            year_first, year_last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
            covered = (min(ends_on, year_last) - max(starts_on, year_first)).days + 1
            if covered <= 0:
                continue
            days = (year_last - year_first).days + 1
            hours = per_month * 12 * Decimal(covered) / Decimal(days)
            result[(city_id, year)] = result.get((city_id, year), Decimal(0)) + hours
    return {key: value.quantize(Decimal("0.1")) for key, value in result.items()}


def measures() -> list[ParticipationMeasure]:
    return [
        ParticipationMeasure(
            key="theme_group_seats",
            label=_("Theme groups: seats"),
            definition=_(
                "Seats of the city's people in theme groups that ran during the year "
                "(started, and not ended before the year began), chairs included; a seat "
                "taken later in the year counts from that year."
            ),
            counts=theme_group_seats,
        ),
        ParticipationMeasure(
            key="theme_group_chairs",
            label=_("Theme groups: chairs"),
            definition=_("Of those seats, the ones held as the group's chair."),
            counts=theme_group_chairs,
        ),
        ParticipationMeasure(
            key="support_hours",
            label=_("Support given (hours)"),
            definition=_(
                "Hours of secretarial support for theme groups assigned to the city's "
                "people: hours per month × the part of the year the assignment ran "
                "(12 × days covered / days in the year), rounded to one decimal."
            ),
            counts=support_hours,
        ),
    ]
