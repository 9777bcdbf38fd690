"""factory_boy factories for the foundation models. Apps add theirs in
``tests/<app>/factories.py``."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from members.constants import CityStatus, Function, RoleKind
from members.models import MEMBERSHIP_RECORDS_BEGIN, City, MembershipPeriod, Person, Role
from pillars.models import Pillar

PASSWORD = "correct-horse-battery"  # noqa: S105


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class CityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = City
        django_get_or_create = ("cbs_code",)

    name = factory.Sequence(lambda n: f"Stad {n}")
    # Codes GM9000–GM9999 are not used by CBS; a test makes far fewer than 1000 cities.
    cbs_code = factory.Sequence(lambda n: f"GM{9000 + n % 1000:04d}")
    province = "Utrecht"
    population = 100_000
    population_reference_date = datetime.date(2023, 1, 1)
    urbanity_class = 2
    urbanity_reference_year = 2021
    address_density = 2000

    class Params:
        # Membership is its periods (MembershipPeriod); these make one:
        # a member (default) from ``member_since`` (or before the records began) until
        # ``member_until``; a former member until ``member_until`` (or 2019-12-31);
        # an applicant none, unless ``member_until`` (a former member that applies).
        status = CityStatus.MEMBER
        member_since = None
        member_until = None

    membership_spec = factory.LazyAttribute(lambda o: (o.status, o.member_since, o.member_until))

    @classmethod
    def _build(cls, model_class, *args, membership_spec, **kwargs):
        return super()._build(model_class, *args, **kwargs)

    @classmethod
    def _create(cls, model_class, *args, membership_spec, **kwargs):
        city = super()._create(model_class, *args, **kwargs)
        if city.membership_periods.exists():
            return city  # an existing city (get_or_create): as it is
        status, since, until = membership_spec
        if status == CityStatus.FORMER:
            until = until or datetime.date(2019, 12, 31)
        elif status == CityStatus.APPLICANT and until is None:
            return city
        MembershipPeriod.objects.create(
            city=city, starts_on=since or MEMBERSHIP_RECORDS_BEGIN, ends_on=until
        )
        return city


class PillarFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pillar
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Pijler {n}")
    short_name = factory.Sequence(lambda n: f"P{n}")
    slug = factory.Sequence(lambda n: f"pijler-{n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    # Faker's Dutch names (factory_boy's seeded Faker) without an apostrophe: a page
    # escapes "d' Heripon" to "d&#x27; Heripon", so a test looking for a generated name
    # in the HTML would fail at random. A test that gives a name keeps it as given.
    name = factory.LazyFunction(
        lambda: factory.Faker._get_faker(locale="nl_NL").name().replace("'", "")
    )
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    city = factory.SubFactory(CityFactory)
    function = Function.CIVIL_SERVANT
    user = None


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    person = factory.SubFactory(PersonFactory)
    kind = RoleKind.CITY_OFFICIAL
    board_position = ""
    pillar = None
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    ends_on = None


def make_person_with_login(*, username: str, city: City, roles=(), **person_fields) -> Person:
    """A person with a login and the given roles: ``(kind, board_position, pillar)``."""
    user = UserFactory(username=username)
    person = PersonFactory(user=user, city=city, email=f"{username}@example.org", **person_fields)
    for kind, board_position, pillar in roles:
        RoleFactory(person=person, kind=kind, board_position=board_position, pillar=pillar)
    return person
