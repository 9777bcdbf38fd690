"""The querysets of network days and registrations: the filters pages and services
share (what counts toward the cap, what holds or waits for a seat)."""

from django.db import models
from django.db.models import Q

from .constants import ACTIVE_REGISTRATION_STATUSES, NetworkDayStatus, RegistrationStatus


class NetworkDayQuerySet(models.QuerySet):
    def counting_toward_cap(self):
        return self.exclude(status=NetworkDayStatus.CANCELLED)

    def with_counts(self):
        return self.annotate(
            confirmed_count=models.Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)
            ),
            waiting_count=models.Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.WAITING)
            ),
        )


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=ACTIVE_REGISTRATION_STATUSES)

    def confirmed(self):
        return self.filter(status=RegistrationStatus.CONFIRMED)
