"""``by=None`` once meant "the system, skip the check" in some apps and "refused" in
others (issue 24). Now every service (admissions and contributions too, since the split) is
given a user or ``members.actors.SYSTEM``: ``None`` is a ``TypeError`` and writes
nothing; ``SYSTEM`` acts; a user without the right is refused (each app's own tests)."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from accounts.services import person_erase, person_invite
from admissions.models import Application, IndicatorValue
from admissions.services import application_record, indicator_values_import
from api.models import ApiToken
from api.services import token_create
from contributions.models import BudgetYear, PriceIndexFigure
from contributions.services import budget_set, price_index_figure_add
from knowledge.models import Follow
from knowledge.services_follow import follow
from letters.models import Election, Letter
from letters.services import election_create, letter_draft
from letters.services_addressees import addressee_requests_send
from members.actors import SYSTEM
from members.models import MembershipPeriod, Person
from members.services import membership_end, person_save
from outbox.models import MailStatus, OutgoingMail
from outbox.services import outgoing_mail_retry
from participation.models import CityNote, InvisibilityRule
from participation.services import city_note_save, invisibility_rule_set
from tests.factories import PersonFactory

TODAY = datetime.date.today()

CALLS = {
    "members.person_save": lambda w: person_save(
        by=None, person=PersonFactory.build(city=w.city_a, email="nieuw@example.org")
    ),
    "members.membership_end": lambda w: membership_end(by=None, city=w.city_a, last_day=TODAY),
    "accounts.person_invite": lambda w: person_invite(by=None, person=w.person("official_a")),
    "accounts.person_erase": lambda w: person_erase(by=None, person=w.person("official_a")),
    "outbox.outgoing_mail_retry": lambda w: outgoing_mail_retry(
        by=None, mail_ids=OutgoingMail.objects.values_list("pk", flat=True)
    ),
    "api.token_create": lambda w: token_create(
        by=None, name="Sleutel", expires_on=TODAY + datetime.timedelta(days=30)
    ),
    "knowledge.follow": lambda w: follow(by=None, person=w.person("official_a"), pillar=w.pillar),
    "letters.letter_draft": lambda w: letter_draft(by=None),
    "letters.election_create": lambda w: election_create(by=None, held_on=TODAY, name="GR"),
    "letters.addressee_requests_send": lambda w: addressee_requests_send(by=None),
    "participation.city_note_save": lambda w: city_note_save(by=None, city=w.city_a, text="X"),
    "participation.invisibility_rule_set": lambda w: invisibility_rule_set(
        by=None, period_years=3, conditions={}
    ),
    "admissions.application_record": lambda w: application_record(
        by=None,
        city=w.city_b,
        received_on=TODAY,
        contact_name="A",
        contact_email="a@example.org",
        motivation="M",
    ),
    "admissions.indicator_values_import": lambda w: indicator_values_import(
        by=None, text="cbs_code,indicator,year,value,source,reference_date\n"
    ),
    "contributions.budget_set": lambda w: budget_set(
        by=None, year=2030, knowledge_exchange=Decimal(1), advocacy=Decimal(1), reason="R"
    ),
    "contributions.price_index_figure_add": lambda w: price_index_figure_add(
        by=None, source="cbs_cpi", year=2030, percentage=Decimal(1), reference="CBS"
    ),
}


def _fingerprint():
    return (
        Person.objects.count(),
        MembershipPeriod.objects.filter(ends_on__isnull=False).count(),
        ApiToken.objects.count(),
        Follow.objects.count(),
        Letter.objects.count(),
        Election.objects.count(),
        OutgoingMail.objects.count(),
        CityNote.objects.count(),
        InvisibilityRule.objects.count(),
        Application.objects.count(),
        IndicatorValue.objects.count(),
        BudgetYear.objects.count(),
        PriceIndexFigure.objects.count(),
        get_user_model().objects.count(),
        Person.objects.filter(name="—").count(),
        OutgoingMail.objects.filter(status=MailStatus.FAILED).count(),
    )


@pytest.mark.parametrize("call", CALLS.values(), ids=CALLS.keys())
def test_none_is_no_actor(world, call):
    before = _fingerprint()
    with pytest.raises(TypeError):
        call(world)
    assert _fingerprint() == before


def test_the_system_acts_where_a_person_must_not(world):
    """What no one's permission is asked for: the system writes, keeping no person."""
    note = city_note_save(by=SYSTEM, city=world.city_a, text="Genoteerd door het netwerk.")
    assert note.updated_by is None and note.updated_by_name == "G40 Netwerk"
    assert election_create(by=SYSTEM, held_on=TODAY, name="Verkiezingen").pk
    assert letter_draft(by=SYSTEM).drafted_by is None


def test_the_system_keeps_no_login_in_admissions_and_contributions(world):
    """SYSTEM acts in the split apps too (the demo loader, a command): no one's
    permission is asked and no login is kept as who did it."""
    figure = price_index_figure_add(
        by=SYSTEM, source="cpb_government", year=2030, percentage=Decimal("2.0"), reference="CPB"
    )
    assert figure.pk
    budget = budget_set(
        by=SYSTEM,
        year=2030,
        knowledge_exchange=Decimal(100),
        advocacy=Decimal(50),
        reason="Begroting",
        decision_reference="DB-besluit",
        decided_on=TODAY,
    )
    assert budget.changes.get().changed_by is None
