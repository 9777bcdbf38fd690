"""Two secretariat sessions issue at once: numbers stay gapless and never double, and
one city never gets two statements. Needs PostgreSQL's row locks."""

import pytest
from django.core.exceptions import ValidationError

from contributions import services
from contributions.models import ContributionStatement
from members.constants import RoleKind

from ..conftest import requires_postgres
from ..factories import CityFactory, make_person_with_login
from ..helpers import race
from .helpers import base_rate


def _secretaries(world):
    second = make_person_with_login(
        username="secretariat-2", city=world.city_a, roles=[(RoleKind.SECRETARIAT, "", None)]
    )
    return world.person("secretariat").user, second.user


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_two_sessions_issuing_at_once_get_gapless_distinct_numbers(world):
    base_rate(2024)
    cities = [CityFactory() for _ in range(6)]
    first, second = _secretaries(world)
    jobs = [
        (
            lambda city=city, user=(first if i % 2 else second): services.statement_issue(
                city=city, year=2024, by=user
            )
        )
        for i, city in enumerate(cities)
    ]
    results = race(jobs)
    assert all(isinstance(r, ContributionStatement) for r in results), results
    numbers = sorted(
        ContributionStatement.objects.filter(year=2024).values_list("number", flat=True)
    )
    assert numbers == list(range(1, len(cities) + 1))


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_two_sessions_issuing_for_every_member_at_once_issue_once(world):
    base_rate(2024)
    for _ in range(3):
        CityFactory()
    users = _secretaries(world)
    results = race(
        [
            lambda user=user: services.statements_issue_for_members(year=2024, by=user)
            for user in users
        ]
    )
    issued = [r for r in results if isinstance(r, list)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(issued) == 1 and len(refused) == 1
    assert refused[0].code in {"nothing_to_issue", "already_issued", "busy"}
    numbers = sorted(ContributionStatement.objects.values_list("number", flat=True))
    assert numbers == list(range(1, 6))  # Zwolle, Almere and the three cities, once each
    assert ContributionStatement.objects.values("city").distinct().count() == 5


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_city_issued_twice_at_once_gets_one_statement(world):
    base_rate(2024)
    users = _secretaries(world)
    results = race(
        [
            lambda user=user: services.statement_issue(city=world.city_a, year=2024, by=user)
            for user in users
        ]
    )
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(refused) == 1 and refused[0].code == "already_issued"
    assert list(ContributionStatement.objects.values_list("number", flat=True)) == [1]
