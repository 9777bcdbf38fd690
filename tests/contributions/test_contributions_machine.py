"""Generated sequences over membership and contributions (issue 22): cities join
(through an application: received, advised, admitted from a date), leave (the last day
recorded), join again, merge into another city (over chains: A into B, B into C), and
the secretariat issues statements (one city, or every member of a year) and credits
them, over several years, while the clock moves on.

A plain model beside the app holds each city's periods and the mergers; after every
step it checks:

- "members on D" and "members during Y" are the model's, today and for every year;
- a statement bills exactly the days of membership the periods give in its year
  (never a year without a day: ``not_member_in_year``), and a city has at most one
  statement open (not credited) per year;
- statement numbers are gapless per year;
- a city's history (``city_statements``, ``statements_for_code``) holds every
  statement of every municipality that merged into it, over the whole chain.

Every refusal must be one of the codes the step may meet. The system acts
(``by=SYSTEM``). A short run in ``make test``; ``HYPOTHESIS_PROFILE=long`` for thousands
of examples.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from admissions import services as applications
from admissions.constants import Outcome
from contributions import selectors, services
from contributions.models import ContributionStatement, MunicipalMerger, StatementKind
from members.actors import SYSTEM
from members.models import City
from members.services import membership_end
from tests.helpers import codes

from ..admissions.factories import criteria_2018
from ..factories import CityFactory
from ..hypothesis_profiles import machine_settings, profile_name

START = datetime.datetime(2024, 1, 1, 9, 0, tzinfo=datetime.UTC)
YEARS = (2024, 2025, 2026, 2027)
CITIES = 5


def _days(periods, year: int) -> int:
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    total = 0
    for start, end in periods:
        low, high = max(start, first), min(end or last, last)
        if low <= high:
            total += (high - low).days + 1
    return total


class ContributionsMachine(RuleBasedStateMachine):
    by = SYSTEM  # who acts: set by the test

    def __init__(self):
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic._from_testcase = True
        self._atomic.__enter__()
        self.clock = START
        self._real_now = timezone.now
        timezone.now = lambda: self.clock
        criteria_2018()
        for year in YEARS:
            if not selectors.rate_of(year):
                services.rate_set_base(
                    year=year,
                    amount_per_inhabitant=Decimal("1.20"),
                    decided_on=datetime.date(2023, 11, 1),
                    decision_reference=f"DB {year}",
                    confirmed=True,
                    by=SYSTEM,
                )
        self.cities: list[City] = []
        self.periods: dict[int, list[list]] = {}
        self.merged_into: dict[str, str] = {}  # predecessor code -> successor code

    def teardown(self):
        timezone.now = self._real_now
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    @property
    def today(self) -> datetime.date:
        return timezone.localdate()

    @initialize(members=st.lists(st.booleans(), min_size=CITIES, max_size=CITIES))
    def the_cities(self, members):
        for index, member in enumerate(members):
            city = CityFactory(
                name=f"Machinestad {index}",
                cbs_code=f"GM8{index:03d}",
                population=10_000 * (index + 1),
                status="member" if member else "applicant",
                member_since=datetime.date(2010, 1, 1) if member else None,
            )
            self.cities.append(city)
            self.periods[city.pk] = [[datetime.date(2010, 1, 1), None]] if member else []

    # --- the clock ---------------------------------------------------------------------
    @rule(days=st.integers(1, 400))
    def time_passes(self, days):
        if (self.clock + datetime.timedelta(days=days)).year > YEARS[-1]:
            return
        self.clock += datetime.timedelta(days=days)

    # --- membership ----------------------------------------------------------------------
    def _open(self, city) -> list | None:
        return next((p for p in self.periods[city.pk] if p[1] is None), None)

    def _member_on(self, city, day) -> bool:
        return any(s <= day and (e is None or day <= e) for s, e in self.periods[city.pk])

    @rule(index=st.integers(0, CITIES - 1), later=st.integers(0, 400))
    def join(self, index, later):
        """An application, the DB's advice and the AB's admission from a date."""
        city = self.cities[index]
        starts_on = self.today + datetime.timedelta(days=later)
        blocked = (
            self._open(city) is not None
            or self._member_on(city, self.today)
            or any(e is not None and e >= starts_on for _s, e in self.periods[city.pk])
        )
        try:
            # One savepoint: a refused step leaves no open application behind.
            savepoint = transaction.atomic()
            savepoint._from_testcase = True  # like the test's own: services nest inside
            with savepoint:
                application = applications.application_record(
                    by=self.by,
                    city=city,
                    received_on=self.today,
                    contact_name="Griffie",
                    contact_email="griffie@example.org",
                    motivation="Wij willen (weer) lid worden.",
                )
                applications.advice_record(
                    by=SYSTEM,  # the DB's advice, recorded here by the system
                    application=application,
                    outcome=Outcome.ADMIT,
                    reasons="Voldoet.",
                    advised_on=self.today,
                )
                applications.decision_record(
                    by=self.by,
                    application=application,
                    outcome=Outcome.ADMIT,
                    reasons="Toegelaten.",
                    decided_on=self.today,
                    admitted_from=starts_on,
                )
        except ValidationError as error:
            assert blocked, codes(error)
            assert codes(error) <= {"already_member"}, codes(error)
            return
        assert not blocked
        self.periods[city.pk].append([starts_on, None])

    @rule(index=st.integers(0, CITIES - 1), later=st.integers(-30, 400))
    def leave(self, index, later):
        city = self.cities[index]
        last_day = self.today + datetime.timedelta(days=later)
        period = self._open(city)
        try:
            membership_end(city=city, last_day=last_day, by=self.by)
        except ValidationError as error:
            assert period is None or last_day < period[0], codes(error)
            assert codes(error) <= {"not_a_member", "period_ordered"}, codes(error)
            return
        assert period is not None and last_day >= period[0]
        period[1] = last_day

    @rule(data=st.data())
    def merge(self, data):
        """A municipality that is no member any more merges into another."""
        free = [c for c in self.cities if c.cbs_code not in self.merged_into]
        if len(free) < 2:
            return
        predecessor = data.draw(st.sampled_from(free))
        successors = [
            c for c in self.cities if c != predecessor and not self._reaches(c, predecessor)
        ]
        if not successors:
            return
        successor = data.draw(st.sampled_from(successors))
        MunicipalMerger.objects.create(
            successor=successor,
            predecessor_cbs_code=predecessor.cbs_code,
            predecessor_name=predecessor.name,
            effective_on=self.today,
        )
        self.merged_into[predecessor.cbs_code] = successor.cbs_code

    def _reaches(self, city, target) -> bool:
        """Whether ``city`` already merged (over the chain) into ``target``."""
        code = city.cbs_code
        seen = set()
        while code in self.merged_into and code not in seen:
            seen.add(code)
            code = self.merged_into[code]
            if code == target.cbs_code:
                return True
        return False

    # --- statements -----------------------------------------------------------------------
    def _open_statement(self, city, year):
        return ContributionStatement.objects.filter(
            city=city, year=year, kind=StatementKind.STATEMENT, credit__isnull=True
        ).first()

    @rule(index=st.integers(0, CITIES - 1), year=st.sampled_from(YEARS))
    def issue_one(self, index, year):
        city = self.cities[index]
        days = _days(self.periods[city.pk], year)
        had = self._open_statement(city, year)
        try:
            statement = services.statement_issue(city=city, year=year, by=self.by)
        except ValidationError as error:
            found = codes(error)
            assert found <= {"not_member_in_year", "already_issued"}, found
            assert ("not_member_in_year" in found) == (days == 0), (found, days)
            assert days == 0 or had is not None
            return
        assert had is None
        assert statement.days_member == days, (statement.days_member, days)

    @rule(year=st.sampled_from(YEARS))
    def issue_for_members(self, year):
        expected = {
            c.pk
            for c in self.cities
            if _days(self.periods[c.pk], year) and self._open_statement(c, year) is None
        }
        try:
            issued = services.statements_issue_for_members(year=year, by=self.by)
        except ValidationError as error:
            assert codes(error) == {"nothing_to_issue"}
            # Cities outside the machine (the world's) may hold the year's statements.
            assert not expected
            return
        mine = {s.city_id: s for s in issued if s.city_id in self.periods}
        assert set(mine) == expected
        for city_id, statement in mine.items():
            assert statement.days_member == _days(self.periods[city_id], year)

    @precondition(lambda self: ContributionStatement.objects.exists())
    @rule(data=st.data())
    def credit(self, data):
        statements = list(
            ContributionStatement.objects.filter(
                kind=StatementKind.STATEMENT, credit__isnull=True, city__in=self.cities
            ).order_by("pk")
        )
        if not statements:
            return
        statement = data.draw(st.sampled_from(statements))
        credit = services.statement_credit(statement=statement, reason="Correctie", by=self.by)
        assert credit.amount == -statement.amount

    # --- what must always hold ---------------------------------------------------------------
    @invariant()
    def members_are_the_periods(self):
        if not self.cities:
            return
        mine = City.objects.filter(pk__in=self.periods)
        today = set(mine.members(self.today).values_list("pk", flat=True))
        assert today == {c.pk for c in self.cities if self._member_on(c, self.today)}
        for year in YEARS:
            during = set(mine.members_during(year).values_list("pk", flat=True))
            assert during == {c.pk for c in self.cities if _days(self.periods[c.pk], year)}

    @invariant()
    def one_open_statement_per_city_and_year_and_gapless_numbers(self):
        for year in YEARS:
            numbers = sorted(
                ContributionStatement.objects.filter(year=year).values_list("number", flat=True)
            )
            assert numbers == list(range(1, len(numbers) + 1))
        for city in self.cities:
            for year in YEARS:
                assert (
                    ContributionStatement.objects.filter(
                        city=city, year=year, kind=StatementKind.STATEMENT, credit__isnull=True
                    ).count()
                    <= 1
                )

    @invariant()
    def history_follows_every_merger_chain(self):
        for city in self.cities:
            chain = {city.cbs_code}
            changed = True
            while changed:
                changed = False
                for predecessor, successor in self.merged_into.items():
                    if successor in chain and predecessor not in chain:
                        chain.add(predecessor)
                        changed = True
            expected = set(
                ContributionStatement.objects.filter(cbs_code__in=chain).values_list(
                    "pk", flat=True
                )
            )
            assert expected <= set(selectors.city_statements(city).values_list("pk", flat=True))
            assert expected <= set(
                selectors.statements_for_code(city.cbs_code).values_list("pk", flat=True)
            )


@pytest.mark.django_db
def test_generated_sequences_keep_every_contribution_rule(world):
    # The system acts (by=SYSTEM): the clock runs from 2024, before the world's roles
    # began; who may act is tested with the services.
    ContributionsMachine.by = SYSTEM
    run_state_machine_as_test(
        ContributionsMachine,
        settings=machine_settings(max_examples=12, stateful_step_count=25)
        if profile_name() == "default"
        else machine_settings(),
    )
