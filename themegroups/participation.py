"""The theme groups' measures for the participation page (hooks.md #2): seats and
chairs in theme groups, and secretarial support given in hours. Each ``counts(years)``
is one query, whatever the number of cities and years; seats and chairs share one
``batch(years)`` (issue 24: the page that shows both asks once)."""

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


def seat_figures(years) -> dict[str, dict]:
    """Seats and chairs in one query: ``{measure key: {(city id, year): count}}``."""
    years = list(years)
    if not years:
        return {"theme_group_seats": {}, "theme_group_chairs": {}}
    chair = Q(role=MembershipRole.CHAIR)
    annotations = {}
    for year in years:
        annotations[f"s{year}"] = Count("pk", filter=_active_in(year))
        annotations[f"c{year}"] = Count("pk", filter=_active_in(year) & chair)
    rows = list(
        Membership.objects.filter(theme_group__started_on__isnull=False)
        .values("person__city_id")
        .annotate(**annotations)
        .order_by()
    )
    return {
        key: {
            (row["person__city_id"], year): row[f"{prefix}{year}"]
            for row in rows
            for year in years
            if row[f"{prefix}{year}"]
        }
        for key, prefix in (("theme_group_seats", "s"), ("theme_group_chairs", "c"))
    }


def theme_group_seats(years):
    return seat_figures(years)["theme_group_seats"]


def theme_group_chairs(years):
    return seat_figures(years)["theme_group_chairs"]


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
            batch=seat_figures,
        ),
        ParticipationMeasure(
            key="theme_group_chairs",
            label=_("Theme groups: chairs"),
            definition=_("Of those seats, the ones held as the group's chair."),
            counts=theme_group_chairs,
            batch=seat_figures,
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
