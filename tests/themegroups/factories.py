import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from themegroups.constants import MembershipRole, ThemeGroupStatus
from themegroups.models import Membership, SupportAssignment, ThemeGroup

from ..factories import PersonFactory, PillarFactory


def today() -> datetime.date:
    return timezone.localdate()


def days(n: int) -> datetime.date:
    return today() + datetime.timedelta(days=n)


class ThemeGroupFactory(factory.django.DjangoModelFactory):
    """An active group, started half a year ago, reviewed in half a year."""

    class Meta:
        model = ThemeGroup
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Themagroep {n}")
    slug = factory.Sequence(lambda n: f"themagroep-{n}")
    goal = "Kennis delen over het onderwerp."
    expected_result = "Een lobbybrief aan het kabinet."
    lead_pillar = factory.SubFactory(PillarFactory)
    status = ThemeGroupStatus.ACTIVE
    started_on = factory.LazyFunction(lambda: days(-365))
    review_due_on = factory.LazyFunction(lambda: days(180))


class ProposedThemeGroupFactory(ThemeGroupFactory):
    status = ThemeGroupStatus.PROPOSED
    started_on = None


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    theme_group = factory.SubFactory(ThemeGroupFactory)
    person = factory.SubFactory(PersonFactory)
    role = MembershipRole.MEMBER


class SupportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportAssignment

    theme_group = factory.SubFactory(ThemeGroupFactory)
    person = factory.SubFactory(PersonFactory)
    hours_per_month = Decimal("8")
    starts_on = factory.LazyFunction(lambda: days(-30))
    ends_on = factory.LazyFunction(lambda: days(300))
