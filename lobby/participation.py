"""The lobby's measure for the participation page (issue 15, found by name): how many
stances a member city recorded per year."""

from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from infra.registry import ParticipationMeasure

from .models import Stance


def _stances_answered(years: list[int]) -> dict[tuple[int, int], int]:
    rows = (
        Stance.objects.annotate(year=ExtractYear("recorded_at"))
        .filter(year__in=list(years))
        .values("city_id", "year")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(row["city_id"], row["year"]): row["n"] for row in rows}


def measures() -> list[ParticipationMeasure]:
    return [
        ParticipationMeasure(
            key="lobby_stances_answered",
            label=_("Lobby stances answered"),
            definition=_(
                "The number of position versions on which the city recorded a stance "
                "(support, abstain or deviate), counted in the year it was recorded."
            ),
            counts=_stances_answered,
        )
    ]
