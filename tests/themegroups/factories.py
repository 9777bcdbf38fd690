import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from themegroups.constants import MembershipRole, ThemeGroupStatus
from themegroups.models import Membership, SupportAssignment, ThemeGroup

from ..factories import CityFactory, PersonFactory, PillarFactory

# One fixed city for people the tests do not care about: the shared CityFactory sequence
# would run past GM9999 (an invalid CBS code) in a long session.
_SOME_PERSON = factory.SubFactory(
    PersonFactory,
    city=factory.SubFactory(CityFactory, name="Werkstad", cbs_code="GM7998"),
)


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
    person = _SOME_PERSON
    role = MembershipRole.MEMBER


class SupportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportAssignment

    theme_group = factory.SubFactory(ThemeGroupFactory)
    person = _SOME_PERSON
    hours_per_month = Decimal("8")
    starts_on = factory.LazyFunction(lambda: days(-30))
    ends_on = factory.LazyFunction(lambda: days(300))
