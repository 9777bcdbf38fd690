"""The open data, read from the apps that hold it: a fixed number of queries per list,
whatever the number of rows. Who may see what is not decided here: the open lists hold
only what the network publishes (published and cancelled days, decided theme groups,
sent letters, member cities); the token lists ask ``members.permissions``."""

from __future__ import annotations

import datetime

from django.db.models import Prefetch, Q, QuerySet

from letters.selectors import sent_letters
from members.models import City, MembershipPeriod
from networkdays.constants import NetworkDayStatus
from networkdays.models import NetworkDay
from pillars.models import Pillar
from themegroups.constants import ThemeGroupStatus
from themegroups.models import ThemeGroup

# What the open data shows of days and groups: never a draft day, never a proposal the
# DB has not decided on (nor one it refused).
OPEN_DAY_STATUSES = (NetworkDayStatus.PUBLISHED, NetworkDayStatus.CANCELLED)
OPEN_GROUP_STATUSES = (ThemeGroupStatus.ACTIVE, ThemeGroupStatus.ENDED)
# What the open calendar reads of a day (api.serializers.NetworkDaySerializer).
OPEN_DAY_FIELDS = (
    "title", "kind", "status", "date", "starts_at", "ends_at", "host_city", "venue",
    "address", "description", "registration_opens_at", "registration_closes_at",
)  # fmt: skip


def _year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def member_cities(year: int | None = None) -> QuerySet[City]:
    """The member cities: today's, or with ``year`` those that were members on any day
    of it (former members too). Membership is its dated periods
    (``members.MembershipPeriod``), read through ``City.objects.members*`` like every
    count and bill of the pages; each city comes with its periods (one more query)."""
    cities = City.objects.members() if year is None else City.objects.members_during(year)
    return cities.order_by("name").prefetch_related(_periods())


def open_city(cbs_code: str) -> City | None:
    """A city of the network, member, admitted or former member; an applicant that was
    never a member is not open data (its application is the DB's and the AB's business)."""
    return (
        City.objects.filter(cbs_code=cbs_code, membership_periods__isnull=False)
        .prefetch_related(_periods())
        .distinct()
        .first()
    )


def _periods() -> Prefetch:
    return Prefetch("membership_periods", queryset=MembershipPeriod.objects.order_by("starts_on"))


def open_network_days(*, year: int | None = None, status: str | None = None):
    days = (
        NetworkDay.objects.filter(status__in=OPEN_DAY_STATUSES)
        .select_related("host_city")
        .only(*OPEN_DAY_FIELDS, "host_city__cbs_code", "host_city__name")
    )
    if year is not None:
        days = days.filter(date__year=year)
    if status:
        days = days.filter(status=status)
    return days.order_by("date", "starts_at", "pk")


def open_theme_groups(*, year: int | None = None, status: str | None = None, pillar=None):
    """Decided groups (running and ended) with their pillars; with ``year``, those that
    ran on any day of it."""
    groups = (
        ThemeGroup.objects.filter(status__in=OPEN_GROUP_STATUSES)
        .select_related("lead_pillar")
        .prefetch_related(Prefetch("other_pillars", queryset=Pillar.objects.order_by("position")))
    )
    if year is not None:
        first, last = _year_bounds(year)
        groups = groups.filter(
            Q(started_on__isnull=True) | Q(started_on__lte=last),
            Q(ended_on__isnull=True) | Q(ended_on__gte=first),
        )
    if status:
        groups = groups.filter(status=status)
    if pillar is not None:
        groups = groups.filter(
            pk__in=ThemeGroup.objects.filter(
                Q(lead_pillar=pillar) | Q(other_pillars=pillar)
            ).values("pk")
        )
    return groups.order_by("name")


def open_letters(*, year: int | None = None):
    """The public archive's letters (``letters.selectors.sent_letters``), by number."""
    letters = sent_letters().select_related("corrects").order_by("-year", "-number")
    if year is not None:
        letters = letters.filter(year=year)
    return letters
