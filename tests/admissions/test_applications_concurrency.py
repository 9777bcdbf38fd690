"""Two people take the same step of one application at the same moment: one wins, the
other gets a clear message, and nothing is written twice. Needs PostgreSQL's row locks."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from admissions.constants import ApplicationStatus, Outcome
from admissions.models import Advice, Application, Decision
from admissions.services import advice_record, decision_record
from members.constants import BoardPosition, RoleKind
from members.models import City

from ..conftest import requires_postgres
from ..factories import make_person_with_login
from ..helpers import race
from .factories import application

pytestmark = [requires_postgres, pytest.mark.django_db(transaction=True)]


def test_two_db_members_advise_at_once_one_advice(world):
    second = make_person_with_login(
        username="db-vice",
        city=world.city_a,
        roles=[(RoleKind.DB_MEMBER, BoardPosition.VICE_CHAIR, None)],
    )
    app = application()
    users = [world.person("db_member").user, second.user]
    outcomes = [Outcome.ADMIT, Outcome.DECLINE]
    results = race(
        [
            lambda i=i: advice_record(
                by=users[i],
                application=app,
                outcome=outcomes[i],
                reasons=f"Advies {i}",
                advised_on=datetime.date(2024, 4, 1),
            )
            for i in range(2)
        ]
    )
    advices = [r for r in results if isinstance(r, Advice)]
    refusals = [r for r in results if isinstance(r, ValidationError)]
    assert len(advices) == 1 and len(refusals) == 1, results
    assert refusals[0].code == "already_advised"
    assert Advice.objects.filter(application=app).count() == 1
    assert Application.objects.get(pk=app.pk).status == ApplicationStatus.ADVISED
    assert LogEntry.objects.get_for_model(Advice).count() == 1


def test_two_secretariat_sessions_decide_at_once_one_decision(world):
    second = make_person_with_login(
        username="secretariat-2", city=world.city_a, roles=[(RoleKind.SECRETARIAT, "", None)]
    )
    app = application(status=ApplicationStatus.ADVISED)
    users = [world.person("secretariat").user, second.user]
    choices = [
        {"outcome": Outcome.ADMIT, "admitted_from": datetime.date(2024, 7, 1)},
        {"outcome": Outcome.DECLINE, "admitted_from": None},
    ]
    results = race(
        [
            lambda i=i: decision_record(
                by=users[i],
                application=app,
                reasons=f"Besluit {i}",
                decided_on=datetime.date(2024, 6, 1),
                **choices[i],
            )
            for i in range(2)
        ]
    )
    decisions = [r for r in results if isinstance(r, Decision)]
    refusals = [r for r in results if isinstance(r, ValidationError)]
    assert len(decisions) == 1 and len(refusals) == 1, results
    assert refusals[0].code == "already_decided"
    assert Decision.objects.filter(application=app).count() == 1
    city = City.objects.get(pk=app.city_id)
    if decisions[0].outcome == Outcome.ADMIT:
        assert list(city.membership_periods.values_list("starts_on", flat=True)) == [
            datetime.date(2024, 7, 1)
        ]
    else:
        assert not city.membership_periods.exists()
