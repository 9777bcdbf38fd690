import datetime

import factory
from django.utils import timezone

from lobby.constants import (
    DossierStatus,
    MomentKind,
    StanceKind,
    TargetKind,
    VersionStatus,
    VngAlignment,
)
from lobby.models import DeviationNotice, Dossier, LobbyTarget, Moment, PositionVersion, Stance


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LobbyTarget

    name = factory.Sequence(lambda n: f"Commissie {n}")
    kind = TargetKind.COMMITTEE


class DossierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dossier

    subject = factory.Sequence(lambda n: f"Dossier {n}")
    status = DossierStatus.ACTIVE
    vng_alignment = VngAlignment.COMPLEMENTARY


class VersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PositionVersion

    dossier = factory.SubFactory(DossierFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = "Eén stem"
    summary = "De korte boodschap."
    text = "De hele boodschap."
    status = VersionStatus.PROPOSED
    stances_due_on = factory.LazyFunction(lambda: days(14))


class AgreedVersionFactory(VersionFactory):
    status = VersionStatus.AGREED
    agreed_at = factory.LazyFunction(timezone.now)
    agreed_by = "DB"


class StanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stance

    version = factory.SubFactory(VersionFactory)
    dossier = factory.LazyAttribute(lambda o: o.version.dossier)
    kind = StanceKind.SUPPORT


class NoticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeviationNotice

    stance = factory.SubFactory(StanceFactory, kind=StanceKind.DEVIATE)
    dossier = factory.LazyAttribute(lambda o: o.stance.dossier)
    city = factory.LazyAttribute(lambda o: o.stance.city)
    what = "Een eigen brief."
    why = "Eigen regio."
    acts_from = factory.LazyFunction(lambda: days(10))
    explanation = "Uitlegbaar."


class MomentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Moment

    dossier = factory.SubFactory(DossierFactory)
    kind = MomentKind.LETTER
    title = "Brief aan de commissie"
    text = "De G40 schrijft de commissie."
