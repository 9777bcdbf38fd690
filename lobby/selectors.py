"""Reads the lobby's pages share: a fixed number of queries whatever the rows."""

from __future__ import annotations

from django.db.models import Case, Count, IntegerField, OuterRef, Subquery, When
from django.db.models.functions import Coalesce

from members.models import City

from .constants import DossierStatus, StanceKind, UnexpectedReason, VersionStatus
from .models import CityAction, DeviationNotice, Dossier, PositionVersion, Stance


def _count(queryset):
    return Coalesce(
        Subquery(
            queryset.order_by().values("dossier").annotate(n=Count("pk")).values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def dossiers_for_list():
    """Every dossier with its pillar, its agreed version's number and the number of
    member cities that support it, and whether a proposal waits."""
    agreed = PositionVersion.objects.filter(dossier=OuterRef("pk"), status=VersionStatus.AGREED)
    return (
        Dossier.objects.select_related("pillar")
        .annotate(
            agreed_number=Subquery(agreed.values("number")[:1]),
            supporting=_count(
                Stance.objects.filter(
                    dossier=OuterRef("pk"),
                    version__status=VersionStatus.AGREED,
                    kind=StanceKind.SUPPORT,
                )
            ),
            proposals=_count(
                PositionVersion.objects.filter(
                    dossier=OuterRef("pk"),
                    status__in=[VersionStatus.PROPOSED, VersionStatus.AT_DB],
                )
            ),
        )
        .annotate(
            status_order=Case(
                When(status=DossierStatus.ACTIVE, then=0),
                When(status=DossierStatus.PREPARING, then=1),
                default=2,
            )
        )
        .order_by("status_order", "pillar__name", "subject")
    )


def open_notices(permissions):
    """Notices the DB has not acknowledged, as far as the user may see them."""
    return (
        DeviationNotice.objects.filter(acknowledged_at__isnull=True)
        .filter(permissions.may_see_notices_where())
        .select_related("city", "dossier", "stance__version")
        .order_by("filed_at", "pk")
    )


def unexpected_items(permissions):
    """What was "onverwacht" and not yet acknowledged (notices) or ever (actions)."""
    notices = list(
        DeviationNotice.objects.exclude(unexpected=UnexpectedReason.NONE)
        .filter(acknowledged_at__isnull=True)
        .filter(permissions.may_see_notices_where())
        .select_related("city", "dossier")
    )
    actions = list(
        CityAction.objects.filter(unexpected=UnexpectedReason.NO_NOTICE)
        .filter(permissions.may_see_notices_where())
        .select_related("city", "dossier")
        .order_by("-took_place_on")[:20]
    )
    return notices, actions


def early_signals(version: PositionVersion, member_cities: list[City]) -> dict:
    """Who answered on a version, who did not, and the differences (abstain, deviate)."""
    stances = {s.city_id: s for s in version.stances.all()}
    answered = [(city, stances[city.pk]) for city in member_cities if city.pk in stances]
    missing = [city for city in member_cities if city.pk not in stances]
    differences = [(city, stance) for city, stance in answered if stance.kind != StanceKind.SUPPORT]
    counts = {kind: 0 for kind in StanceKind.values}
    for _city, stance in answered:
        counts[stance.kind] += 1
    return {
        "version": version,
        "answered": answered,
        "missing": missing,
        "differences": differences,
        "counts": counts,
    }


def unanswered_cities(version: PositionVersion) -> list[City]:
    """The member cities without a stance on ``version``, by name (one query)."""
    return list(
        City.objects.members()
        .exclude(lobby_stances__version=version)
        .only("name", "cbs_code")
        .order_by("name")
    )


def member_cities() -> list[City]:
    return list(City.objects.members().only("name", "cbs_code"))


def dossier_page(dossier: Dossier, permissions) -> dict:
    """Everything a dossier's page shows, in a fixed number of queries."""
    from django.db.models import Prefetch

    cities = member_cities()
    versions = list(
        dossier.versions.select_related("proposed_by").prefetch_related(
            Prefetch("stances", queryset=Stance.objects.select_related("city"))
        )
    )
    agreed = next((v for v in versions if v.status == VersionStatus.AGREED), None)
    proposal = next(
        (v for v in versions if v.status in (VersionStatus.PROPOSED, VersionStatus.AT_DB)), None
    )
    visible = permissions.may_see_notices_where()
    return {
        "targets": list(dossier.targets.all()),
        "carriers": list(dossier.carriers.select_related("city")),
        "versions": versions,
        "agreed": agreed,
        "proposal": proposal,
        "agreed_signals": early_signals(agreed, cities) if agreed else None,
        "proposal_signals": early_signals(proposal, cities) if proposal else None,
        "moments": list(dossier.moments.all()),
        "notices": list(dossier.notices.filter(visible).select_related("city", "stance__version")),
        "city_actions": list(dossier.city_actions.filter(visible).select_related("city", "notice")),
    }


def city_stances(city: City) -> dict:
    """A city's stance page: the open and agreed versions of open dossiers, with the
    city's stance on each, and its notices."""
    versions = list(
        PositionVersion.objects.exclude(status=VersionStatus.SUPERSEDED)
        .exclude(dossier__status=DossierStatus.CLOSED)
        .select_related("dossier", "dossier__pillar")
        .order_by("dossier__subject", "-number")
    )
    stances = {
        s.version_id: s
        for s in Stance.objects.filter(city=city, version__in=[v.pk for v in versions])
    }
    return {
        "rows": [(version, stances.get(version.pk)) for version in versions],
        "notices": list(
            DeviationNotice.objects.filter(city=city)
            .select_related("city", "dossier", "stance__version")
            .order_by("-filed_at")
        ),
    }
