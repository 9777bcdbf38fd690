"""The network days' and digital meetings' measures for the participation page
(``participation`` reads them through this hook, hooks.md #2). Each ``counts(years)``
is one aggregate query, whatever the number of cities and years; a city or year
absent from the answer counted nothing."""

from __future__ import annotations

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from infra.registry import ParticipationMeasure

from .constants import NetworkDayStatus, RegistrationStatus
from .models import MeetingInvitation, Registration


def _per_city_year(queryset, year_field: str, condition: Q | None = None) -> dict:
    rows = (
        queryset.filter(condition or Q())
        .annotate(year=ExtractYear(year_field))
        .values("person__city_id", "year")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(row["person__city_id"], row["year"]): row["n"] for row in rows}


def _registrations(years):
    """Confirmed registrations for published days (cancelled days are not counted)."""
    return Registration.objects.filter(
        status=RegistrationStatus.CONFIRMED,
        network_day__status=NetworkDayStatus.PUBLISHED,
        network_day__date__year__in=list(years),
    )


def _invitations(years):
    return MeetingInvitation.objects.filter(meeting__starts_at__year__in=list(years))


def network_days_registered(years):
    return _per_city_year(_registrations(years), "network_day__date")


def network_days_present(years):
    return _per_city_year(
        _registrations(years), "network_day__date", Q(checked_in_at__isnull=False)
    )


def network_days_no_show(years):
    return _per_city_year(
        _registrations(years),
        "network_day__date",
        Q(checked_in_at__isnull=True, network_day__date__lte=timezone.localdate()),
    )


def digital_meetings_invited(years):
    return _per_city_year(_invitations(years), "meeting__starts_at")


def digital_meetings_answered(years):
    return _per_city_year(_invitations(years), "meeting__starts_at", ~Q(answer=""))


def digital_meetings_present(years):
    return _per_city_year(_invitations(years), "meeting__starts_at", Q(attended=True))


def measures() -> list[ParticipationMeasure]:
    return [
        ParticipationMeasure(
            key="network_days_registered",
            label=_("Network days: registered"),
            definition=_(
                "Confirmed registrations of the city's people for the network days of the "
                "year (one per person per day; waiting list, cancelled registrations and "
                "cancelled days not counted)."
            ),
            counts=network_days_registered,
        ),
        ParticipationMeasure(
            key="network_days_present",
            label=_("Network days: present"),
            definition=_("Of those registrations, the ones checked in as present on the day."),
            counts=network_days_present,
        ),
        ParticipationMeasure(
            key="network_days_no_show",
            label=_("Network days: no-show"),
            definition=_(
                "Confirmed registrations for a day that has taken place without being "
                "checked in as present."
            ),
            counts=network_days_no_show,
        ),
        ParticipationMeasure(
            key="digital_meetings_invited",
            label=_("Digital meetings: invited"),
            definition=_(
                "Invitations of the city's people to the digital meetings of pillars and "
                "theme groups that start in the year (one per person per meeting)."
            ),
            counts=digital_meetings_invited,
        ),
        ParticipationMeasure(
            key="digital_meetings_answered",
            label=_("Digital meetings: answered"),
            definition=_(
                "Of those invitations, the ones answered with yes, no or maybe (by the "
                "link in the mail or on the meeting's page)."
            ),
            counts=digital_meetings_answered,
        ),
        ParticipationMeasure(
            key="digital_meetings_present",
            label=_("Digital meetings: present"),
            definition=_(
                "Of those invitations, the ones whose invitee the organiser recorded as present."
            ),
            counts=digital_meetings_present,
        ),
    ]
