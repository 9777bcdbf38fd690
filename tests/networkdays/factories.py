import datetime

import factory
from django.utils import timezone

from networkdays.constants import NetworkDayKind, NetworkDayStatus, RegistrationStatus
from networkdays.models import DigitalMeeting, NetworkDay, ProgrammeSession, Registration
from tests import factories as base

# The shared factories keep their CBS codes at six characters however long the run.
CityFactory = base.CityFactory
PersonFactory = base.PersonFactory


def _in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


class NetworkDayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NetworkDay

    title = factory.Sequence(lambda n: f"Netwerkdag {n}")
    kind = NetworkDayKind.OFFICIAL
    date = factory.LazyFunction(lambda: _in_days(30))
    starts_at = datetime.time(10, 0)
    ends_at = datetime.time(16, 0)
    host_city = factory.SubFactory(CityFactory)
    venue = "Stadhuis"
    address = "Grote Markt 1"
    description = "Een dag over de stad."
    capacity = 100
    seats_per_city = None
    # Closes the day before at noon; opened a week ago (or a week before closing).
    registration_closes_at = factory.LazyAttribute(
        lambda o: timezone.make_aware(
            datetime.datetime.combine(o.date - datetime.timedelta(days=1), datetime.time(12))
        )
    )
    registration_opens_at = factory.LazyAttribute(
        lambda o: min(
            timezone.now() - datetime.timedelta(days=7),
            o.registration_closes_at - datetime.timedelta(days=7),
        )
    )
    status = NetworkDayStatus.PUBLISHED


class ProgrammeSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeSession

    network_day = factory.SubFactory(NetworkDayFactory)
    starts_at = datetime.time(10, 30)
    ends_at = datetime.time(11, 30)
    room = "Raadzaal"
    title = factory.Sequence(lambda n: f"Sessie {n}")


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    network_day = factory.SubFactory(NetworkDayFactory)
    person = factory.SubFactory(PersonFactory)
    status = RegistrationStatus.CONFIRMED
    confirmed_at = factory.LazyFunction(timezone.now)


class DigitalMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DigitalMeeting

    title = factory.Sequence(lambda n: f"Digitaal overleg {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=1))
    online_link = "https://meet.example.org/g40"
    agenda = "1. Opening"
