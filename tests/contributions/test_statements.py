"""Statements: population × rate, pro rata by day, gapless numbers per year, never
changed once issued (a credit statement corrects), the history of a merged city kept
under both CBS codes."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from admissions.services import application_record
from contributions import selectors, services
from contributions.models import (
    ContributionStatement,
    MunicipalMerger,
    StatementKind,
)
from members.actors import SYSTEM
from members.constants import CityStatus, RoleKind
from members.models import MembershipPeriod

from ..factories import CityFactory, PersonFactory, RoleFactory, UserFactory
from .helpers import base_rate, cpi_figures, issue

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("cpi_figures")]
__all__ = ["cpi_figures"]  # the fixture, used through pytestmark


def test_a_statement_is_population_times_rate_with_its_figures_kept(world):
    base_rate(2024, "1.20")
    world.city_a.population = 130_000
    world.city_a.save()
    statement = issue(world.city_a)
    assert statement.amount == Decimal("156000.00")
    assert (statement.city_name, statement.cbs_code, statement.population) == (
        "Zwolle",
        "GM0193",
        130_000,
    )
    # The reference date by default: 1 January of the previous year; the figure's own
    # date is kept beside it.
    assert statement.population_reference_date == datetime.date(2023, 1, 1)
    assert statement.population_counted_on == world.city_a.population_reference_date
    assert (statement.days_member, statement.days_in_year) == (366, 366)


def test_a_city_that_joins_mid_year_pays_by_the_day(world):
    base_rate(2022, "1.00")
    city = CityFactory(population=100_000, member_since=datetime.date(2022, 7, 1))
    statement = issue(city, 2022)
    # 1 July – 31 December 2022: 184 of 365 days; 100000 × 1.00 × 184 / 365 = 50410.958…
    assert (statement.period_start, statement.period_end) == (
        datetime.date(2022, 7, 1),
        datetime.date(2022, 12, 31),
    )
    assert (statement.days_member, statement.days_in_year) == (184, 365)
    assert statement.amount == Decimal("50410.96")
    assert statement.is_pro_rata


def test_a_city_that_leaves_mid_year_pays_until_it_left(world):
    base_rate(2024, "1.00")
    city = CityFactory(
        population=36_600,
        member_since=datetime.date(2010, 1, 1),
        member_until=datetime.date(2024, 3, 31),
        status=CityStatus.FORMER,
    )
    statement = issue(city, 2024)
    assert statement.days_member == 91  # 31 + 29 + 31, a leap year
    assert statement.amount == Decimal("9100.00")  # 36600 × 91 / 366


def test_a_city_that_left_and_joined_again_in_the_year_pays_for_both_periods(world):
    base_rate(2024, "1.00")
    city = CityFactory(population=36_600, member_until=datetime.date(2024, 1, 31))
    MembershipPeriod.objects.create(city=city, starts_on=datetime.date(2024, 12, 1))
    statement = issue(city, 2024)
    assert (statement.period_start, statement.period_end) == (
        datetime.date(2024, 1, 1),
        datetime.date(2024, 12, 31),
    )
    assert statement.days_member == 31 + 31  # January and December, not the gap
    assert statement.amount == Decimal("6200.00")


def test_an_applicant_that_never_was_a_member_is_not_billed(world):
    """Issue 22, item 17: a missing start is no membership."""
    base_rate(2024)
    applicant = CityFactory(status=CityStatus.APPLICANT)
    with pytest.raises(ValidationError) as excinfo:
        issue(applicant, 2024)
    assert excinfo.value.code == "not_member_in_year"
    assert not ContributionStatement.objects.filter(city=applicant).exists()


def test_a_former_member_is_billed_only_up_to_its_recorded_end(world):
    base_rate(2024)
    former = CityFactory(status=CityStatus.FORMER)  # ended 2019-12-31
    with pytest.raises(ValidationError) as excinfo:
        issue(former, 2024)
    assert excinfo.value.code == "not_member_in_year"
    issued = services.statements_issue_for_members(year=2024, by=SYSTEM)
    assert former.pk not in {s.city_id for s in issued}


def test_a_former_member_that_applies_again_is_billed_for_its_member_year(world):
    """Issue 22, item 18: member 2010-01-01 … 2024-06-30, applies again 2025-03-01."""
    base_rate(2024, "1.00")
    city = CityFactory(
        population=36_600,
        member_since=datetime.date(2010, 1, 1),
        member_until=datetime.date(2024, 6, 30),
        status=CityStatus.FORMER,
    )
    with time_machine.travel(datetime.date(2025, 3, 2), tick=False):
        application_record(
            by=SYSTEM,
            city=city,
            received_on=datetime.date(2025, 3, 1),
            contact_name="Griffie",
            contact_email="griffie@example.org",
            motivation="Wij willen weer meedoen.",
        )
    assert city.membership_periods.count() == 1  # its past is kept
    issued = services.statements_issue_for_members(year=2024, by=SYSTEM)
    mine = next(s for s in issued if s.city_id == city.pk)
    assert mine.days_member == 182  # 1 January – 30 June 2024


def test_a_city_that_was_no_member_that_year_gets_no_statement(world):
    base_rate(2024)
    city = CityFactory(member_since=datetime.date(2025, 1, 1))
    with pytest.raises(ValidationError) as excinfo:
        issue(city, 2024)
    assert excinfo.value.code == "not_member_in_year"


def test_a_statement_for_a_year_without_a_rate_is_refused(world):
    with pytest.raises(ValidationError) as excinfo:
        issue(world.city_a, 2024)
    assert excinfo.value.code == "no_rate"
    with pytest.raises(ValidationError) as excinfo:
        services.statements_issue_for_members(year=2024, by=SYSTEM)
    assert excinfo.value.code == "no_rate"


def test_issuing_twice_is_refused(world):
    base_rate(2024)
    issue(world.city_a)
    with pytest.raises(ValidationError) as excinfo:
        issue(world.city_a)
    assert excinfo.value.code == "already_issued"
    assert ContributionStatement.objects.count() == 1


def test_the_database_refuses_a_second_statement_for_a_city_and_year(world):
    base_rate(2024)
    first = issue(world.city_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        ContributionStatement.objects.create(
            **{
                field.attname: getattr(first, field.attname)
                for field in ContributionStatement._meta.concrete_fields
                if field.name not in ("id", "number", "issued_at")
            },
            number=99,
        )


def test_numbers_are_gapless_per_year_and_start_again_each_year(world):
    base_rate(2023)
    services.rate_index(
        year=2024,
        index_source="cbs_cpi",
        decided_on=datetime.date(2023, 11, 1),
        decision_reference="x",
        by=SYSTEM,
    )
    issued = services.statements_issue_for_members(year=2024, by=SYSTEM)
    assert [s.number for s in issued] == [1, 2]
    assert [s.city_name for s in issued] == ["Almere", "Zwolle"]
    credit = services.statement_credit(statement=issued[0], reason="Verkeerd inwonertal", by=SYSTEM)
    assert credit.number == 3
    assert issue(world.city_b, 2023).number == 1


def test_issuing_for_every_member_skips_who_has_one_and_refuses_when_none_is_left(world):
    base_rate(2024)
    issue(world.city_a)
    CityFactory(status=CityStatus.APPLICANT)
    issued = services.statements_issue_for_members(year=2024, by=SYSTEM)
    assert [s.city_id for s in issued] == [world.city_b.pk]
    with pytest.raises(ValidationError) as excinfo:
        services.statements_issue_for_members(year=2024, by=SYSTEM)
    assert excinfo.value.code == "nothing_to_issue"


def test_an_issued_statement_never_changes(world):
    base_rate(2024)
    statement = issue(world.city_a)
    statement.amount = Decimal("1.00")
    with pytest.raises(ValidationError) as excinfo:
        statement.save()
    assert excinfo.value.code == "statement_immutable"
    with pytest.raises(ValidationError) as excinfo:
        services.statement_edit(statement=statement, amount=Decimal("1"), by=SYSTEM)
    assert excinfo.value.code == "statement_immutable"
    with pytest.raises(ValidationError) as excinfo:
        statement.delete()
    assert excinfo.value.code == "statement_immutable"
    # The database itself refuses an UPDATE (a trigger), whatever the writer.
    with pytest.raises(DatabaseError), transaction.atomic():
        ContributionStatement.objects.filter(pk=statement.pk).update(amount=Decimal("1.00"))
    assert ContributionStatement.objects.get(pk=statement.pk).amount == Decimal("120000.00")


def test_a_correction_is_a_credit_statement_that_refers_to_the_original(world):
    base_rate(2024)
    original = issue(world.city_a)
    credit = services.statement_credit(statement=original, reason="Fusie verwerkt", by=SYSTEM)
    assert credit.kind == StatementKind.CREDIT
    assert credit.corrects_id == original.pk
    assert credit.amount == -original.amount
    assert selectors.year_total(2024) == Decimal("0.00")
    # The city and year may then have a new statement.
    world.city_a.population = 90_000
    world.city_a.save()
    again = issue(world.city_a)
    assert (again.revision, again.amount) == (2, Decimal("108000.00"))
    assert selectors.year_total(2024) == Decimal("108000.00")


def test_a_statement_is_credited_once_and_a_credit_never(world):
    base_rate(2024)
    original = issue(world.city_a)
    credit = services.statement_credit(statement=original, reason="x", by=SYSTEM)
    with pytest.raises(ValidationError) as excinfo:
        services.statement_credit(statement=original, reason="x", by=SYSTEM)
    assert excinfo.value.code == "already_credited"
    with pytest.raises(ValidationError) as excinfo:
        services.statement_credit(statement=credit, reason="x", by=SYSTEM)
    assert excinfo.value.code == "credit_of_credit"
    with pytest.raises(ValidationError) as excinfo:
        services.statement_credit(statement=issue(world.city_b), reason=" ", by=SYSTEM)
    assert excinfo.value.error_dict["reason"][0].code == "reason_required"


def test_only_the_secretariat_issues_and_credits(world):
    base_rate(2024)
    for persona in ("db_member", "contact_a"):
        user = world.person(persona).user
        with pytest.raises(ValidationError) as excinfo:
            services.statement_issue(city=world.city_a, year=2024, by=user)
        assert excinfo.value.code == "forbidden"
    statement = services.statement_issue(
        city=world.city_a, year=2024, by=world.person("secretariat").user
    )
    with pytest.raises(ValidationError) as excinfo:
        services.statement_credit(
            statement=statement, reason="x", by=world.person("db_member").user
        )
    assert excinfo.value.code == "forbidden"


def test_the_history_follows_the_whole_chain_of_mergers(world):
    """Issue 22, item 19: A issued in 2023, A merges into B, B into C: C's history and
    C's code hold A's statement, and C's own people may open it."""
    base_rate(2023)
    a = CityFactory(name="Aa", cbs_code="GM0901", member_until=datetime.date(2023, 12, 31))
    b = CityFactory(name="Bee", cbs_code="GM0902", member_until=datetime.date(2024, 12, 31))
    c = CityFactory(name="Cee", cbs_code="GM0903")
    old = issue(a, 2023)
    MunicipalMerger.objects.create(
        successor=b,
        predecessor_cbs_code="GM0901",
        predecessor_name="Aa",
        effective_on=datetime.date(2024, 1, 1),
    )
    MunicipalMerger.objects.create(
        successor=c,
        predecessor_cbs_code="GM0902",
        predecessor_name="Bee",
        effective_on=datetime.date(2025, 1, 1),
    )
    assert old in set(selectors.city_statements(c))
    assert old in set(selectors.statements_for_code("GM0903"))
    assert selectors.city_codes(c) == ["GM0903", "GM0902", "GM0901"]
    official = PersonFactory(city=c, user=UserFactory())
    RoleFactory(person=official, kind=RoleKind.CITY_OFFICIAL)
    client = Client()
    client.force_login(official.user)
    response = client.get(reverse("contributions:statement_pdf", kwargs={"pk": old.pk}))
    assert response.status_code == 200
    # A city outside the chain still gets 404.
    other = PersonFactory(city=world.city_b, user=UserFactory())
    RoleFactory(person=other, kind=RoleKind.CITY_OFFICIAL)
    client.force_login(other.user)
    assert (
        client.get(reverse("contributions:statement_pdf", kwargs={"pk": old.pk})).status_code == 404
    )


def test_a_merger_keeps_the_history_under_both_codes(world):
    """Haren (GM0017) merged into Groningen (GM0014) on 1 January 2019: Haren's
    statements keep its code and are found under Groningen's too."""
    base_rate(2018)
    haren = CityFactory(name="Haren", cbs_code="GM0017", member_until=datetime.date(2018, 12, 31))
    groningen = CityFactory(name="Groningen", cbs_code="GM0014")
    old = issue(haren, 2018)
    MunicipalMerger.objects.create(
        successor=groningen,
        predecessor_cbs_code="GM0017",
        predecessor_name="Haren",
        effective_on=datetime.date(2019, 1, 1),
    )
    base_rate(2019)
    new = issue(groningen, 2019)
    assert list(selectors.statements_for_code("GM0014")) == [old, new]
    assert list(selectors.statements_for_code("GM0017")) == [old]
    assert set(selectors.city_statements(groningen)) == {old, new}
    assert ContributionStatement.objects.get(pk=old.pk).cbs_code == "GM0017"


def test_a_renumbered_city_keeps_its_old_statements_under_the_old_code(world):
    """Where the city's row itself gets the new code, its statements keep the old one
    and are found under both."""
    base_rate(2024)
    statement = issue(world.city_a)
    world.city_a.cbs_code = "GM1999"
    world.city_a.save()
    assert list(selectors.statements_for_code("GM0193")) == [statement]
    assert list(selectors.statements_for_code("GM1999")) == [statement]


def test_erasing_the_issuers_login_keeps_the_statement(world):
    from accounts.services import person_erase
    from members.actors import SYSTEM

    base_rate(2024)
    secretary = world.person("secretariat")
    statement = services.statement_issue(city=world.city_a, year=2024, by=secretary.user)
    person_erase(by=SYSTEM, person=secretary)
    kept = ContributionStatement.objects.get(pk=statement.pk)
    assert kept.issued_by_id is None
    assert kept.amount == statement.amount
    # Only the issuer may be cleared: anything else together with it is still refused.
    with pytest.raises(DatabaseError), transaction.atomic():
        ContributionStatement.objects.filter(pk=statement.pk).update(
            issued_by=None, amount=Decimal("1.00")
        )


def test_issuing_for_every_member_reissues_only_where_the_statement_was_credited(world):
    base_rate(2023)
    base_rate(2024)
    issue(world.city_a, 2023)  # another year's statement does not count
    credited = issue(world.city_b, 2024)
    services.statement_credit(statement=credited, reason="Fout", by=SYSTEM)
    issued = services.statements_issue_for_members(year=2024, by=SYSTEM)
    assert sorted(s.city_name for s in issued) == ["Almere", "Zwolle"]
    assert next(s for s in issued if s.city_name == "Almere").revision == 2
