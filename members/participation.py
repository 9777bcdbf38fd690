"""The roles a city's people hold, as measures for the participation page (hooks.md
#2): seats in the DB, pillar chairs and secretaries. Each ``counts(years)`` is one
aggregate query, whatever the number of cities and years."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from infra.registry import ParticipationMeasure

from .constants import PILLAR_ROLES, RoleKind
from .models import Role


def _held_in(year: int) -> Q:
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return Q(starts_on__lte=last) & (Q(ends_on__isnull=True) | Q(ends_on__gte=first))


def _roles(years, kinds) -> dict:
    years = list(years)
    if not years:
        return {}
    rows = (
        Role.objects.filter(kind__in=kinds)
        .values("person__city_id")
        .annotate(**{f"y{year}": Count("pk", filter=_held_in(year)) for year in years})
        .order_by()
    )
    return {
        (row["person__city_id"], year): row[f"y{year}"]
        for row in rows
        for year in years
        if row[f"y{year}"]
    }


def db_seats(years):
    return _roles(years, [RoleKind.DB_MEMBER])


def pillar_roles(years):
    return _roles(years, list(PILLAR_ROLES))


def measures() -> list[ParticipationMeasure]:
    return [
        ParticipationMeasure(
            key="roles_db",
            label=_("Roles: DB"),
            definition=_(
                "Seats in the executive board (DB) held by the city's people at some time "
                "in the year (chair, vice-chair or member)."
            ),
            counts=db_seats,
        ),
        ParticipationMeasure(
            key="roles_pillar",
            label=_("Roles: pillar chair or secretary"),
            definition=_(
                "Pillar chair and pillar secretary roles held by the city's people at some "
                "time in the year."
            ),
            counts=pillar_roles,
        ),
    ]
