"""The roles a city's people hold, as measures for the participation page (hooks.md
#2): seats in the DB, pillar chairs and secretaries. Each ``counts(years)`` is one
aggregate query, whatever the number of cities and years; both share one
``batch(years)`` (issue 24: the page that shows both asks once)."""

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


def role_figures(years) -> dict[str, dict]:
    """DB seats and pillar roles in one query: ``{measure key: {(city id, year): n}}``."""
    years = list(years)
    kinds = {"roles_db": [RoleKind.DB_MEMBER], "roles_pillar": list(PILLAR_ROLES)}
    if not years:
        return {key: {} for key in kinds}
    annotations = {
        f"{key}_{year}": Count("pk", filter=_held_in(year) & Q(kind__in=wanted))
        for key, wanted in kinds.items()
        for year in years
    }
    rows = list(
        Role.objects.filter(kind__in=[kind for wanted in kinds.values() for kind in wanted])
        .values("person__city_id")
        .annotate(**annotations)
        .order_by()
    )
    return {
        key: {
            (row["person__city_id"], year): row[f"{key}_{year}"]
            for row in rows
            for year in years
            if row[f"{key}_{year}"]
        }
        for key in kinds
    }


def db_seats(years):
    return role_figures(years)["roles_db"]


def pillar_roles(years):
    return role_figures(years)["roles_pillar"]


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
            batch=role_figures,
        ),
        ParticipationMeasure(
            key="roles_pillar",
            label=_("Roles: pillar chair or secretary"),
            definition=_(
                "Pillar chair and pillar secretary roles held by the city's people at some "
                "time in the year."
            ),
            counts=pillar_roles,
            batch=role_figures,
        ),
    ]
