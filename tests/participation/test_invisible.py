""" "Onzichtbaar": the DB's rule, the cities it matches with the figures behind it, and
a note per city (the DB and the secretariat, in the audit trail)."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from participation import personal_data
from participation.models import CityNote, InvisibilityCondition, InvisibilityRule
from participation.selectors import current_rule, invisible_context
from participation.services import city_note_save, invisibility_rule_set
from tests.networkdays.factories import CityFactory, NetworkDayFactory, RegistrationFactory
from tests.themegroups.factories import MembershipFactory

from ..factories import PersonFactory


@pytest.fixture(autouse=True)
def _mid_year():
    """The rule counts this year's and last year's days: on 1 January a day "yesterday"
    falls in another year. Every test here runs on one ordinary day in June."""
    with time_machine.travel(
        datetime.datetime(2026, 6, 17, 12, 0, tzinfo=datetime.UTC), tick=False
    ):
        yield


RULE = {"network_days_present": Decimal(0), "theme_group_seats": Decimal(0)}


def _user(world, persona):
    return world.person(persona).user


def _present(person, days_ago=1):
    day = NetworkDayFactory(date=timezone.localdate() - datetime.timedelta(days=days_ago))
    RegistrationFactory(network_day=day, person=person, checked_in_at=timezone.now())


@pytest.mark.django_db
def test_the_rule_lists_the_cities_without_presence_and_without_seats(world):
    seated = PersonFactory(city=CityFactory(name="Emmen"))
    MembershipFactory(person=seated)
    _present(world.person("official_a"))  # Zwolle was there
    silent = CityFactory(name="Heerlen")
    CityFactory(name="Oud-lid", status="former")
    rule = invisibility_rule_set(period_years=1, conditions=RULE, by=_user(world, "db_member"))
    assert (rule.set_by, rule.set_by_name) == (
        world.person("db_member"),
        world.person("db_member").name,
    )
    context = invisible_context(current_rule())
    names = [m["city"].name for m in context["matches"]]
    assert "Heerlen" in names and "Almere" in names
    assert "Zwolle" not in names and "Emmen" not in names and "Oud-lid" not in names
    heerlen = next(m for m in context["matches"] if m["city"] == silent)
    assert [v["value"] for v in heerlen["values"]] == [0, 0]


@pytest.mark.django_db
def test_a_limit_above_zero_and_the_period_count(world):
    if timezone.localdate().timetuple().tm_yday < 3:
        pytest.skip("needs a day earlier this year")
    _present(world.person("official_a"))
    last_year = timezone.localdate().replace(month=6, day=1) - datetime.timedelta(days=365)
    _present(world.person("official_b"), days_ago=(timezone.localdate() - last_year).days)
    one_year = invisibility_rule_set(
        period_years=1,
        conditions={"network_days_present": Decimal(1)},
        by=_user(world, "db_member"),
    )
    names = {m["city"].name for m in invisible_context(one_year)["matches"]}
    assert {"Zwolle", "Almere"} <= names  # one presence is "at most 1"; last year not counted
    two_years = invisibility_rule_set(
        period_years=2,
        conditions={"network_days_present": Decimal(0)},
        by=_user(world, "db_member"),
    )
    names = {m["city"].name for m in invisible_context(two_years)["matches"]}
    assert "Almere" not in names and "Zwolle" not in names


@pytest.mark.django_db
def test_only_the_db_sets_the_rule_and_it_needs_a_known_measure(world):
    for persona in ("secretariat", "official_a"):
        with pytest.raises(ValidationError) as excinfo:
            invisibility_rule_set(period_years=1, conditions=RULE, by=_user(world, persona))
        assert excinfo.value.code == "forbidden"
    db = _user(world, "db_member")
    cases = [
        ({"period_years": 1, "conditions": {}}, "no_conditions"),
        ({"period_years": 1, "conditions": {"lobby_made_up": Decimal(0)}}, "unknown_measure"),
        ({"period_years": 11, "conditions": RULE}, "period_out_of_range"),
        (
            {"period_years": 1, "conditions": {"network_days_present": Decimal(-1)}},
            "negative_limit",
        ),
    ]
    for kwargs, code in cases:
        with pytest.raises(ValidationError) as excinfo:
            invisibility_rule_set(by=db, **kwargs)
        codes = (
            [e.code for errors in excinfo.value.error_dict.values() for e in errors]
            if hasattr(excinfo.value, "error_dict")
            else [excinfo.value.code]
        )
        assert code in codes, (kwargs, codes)
    assert not InvisibilityRule.objects.exists()
    assert not InvisibilityCondition.objects.exists()


@pytest.mark.django_db
def test_the_database_holds_the_period_and_the_limits():
    rule = InvisibilityRule.objects.create(period_years=1, set_by_name="DB")
    with pytest.raises(IntegrityError), transaction.atomic():
        InvisibilityRule.objects.create(period_years=0, set_by_name="DB")
    with pytest.raises(IntegrityError), transaction.atomic():
        InvisibilityCondition.objects.create(rule=rule, measure_key="x", at_most=-1)
    InvisibilityCondition.objects.create(rule=rule, measure_key="x", at_most=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        InvisibilityCondition.objects.create(rule=rule, measure_key="x", at_most=2)


@pytest.mark.django_db
def test_the_db_sets_the_rule_through_the_form_and_the_newest_rule_counts(world):
    client = world.client("db_member")
    data = {"period_years": "1", "use_theme_group_seats": "on", "max_theme_group_seats": "0"}
    assert client.post(reverse("participation:rule_edit"), data).status_code == 302
    assert client.post(reverse("participation:rule_edit"), {"period_years": "2"}).status_code == 200
    rule = current_rule()
    assert [c.measure_key for c in rule.conditions.all()] == ["theme_group_seats"]
    page = client.get(reverse("participation:invisible")).content.decode()
    assert world.person("db_member").name in page  # who set it


@pytest.mark.django_db
def test_a_note_per_city_written_by_the_db_or_the_secretariat_is_audited(world):
    note = city_note_save(city=world.city_a, text="Raadsavonden.", by=_user(world, "db_member"))
    city_note_save(city=world.city_a, text="Nu op dinsdag.", by=_user(world, "secretariat"))
    note.refresh_from_db()
    assert note.text == "Nu op dinsdag."
    assert CityNote.objects.count() == 1
    assert note.updated_by_name == world.person("secretariat").name
    assert LogEntry.objects.get_for_object(note).count() == 2
    for persona in ("official_a", "contact_a", "pillar_secretary"):
        with pytest.raises(ValidationError) as excinfo:
            city_note_save(city=world.city_a, text="x", by=_user(world, persona))
        assert excinfo.value.code == "forbidden"
    with pytest.raises(ValidationError) as excinfo:
        city_note_save(city=world.city_a, text="   ", by=_user(world, "db_member"))
    assert excinfo.value.code == "note_empty"
    note.refresh_from_db()
    assert note.text == "Nu op dinsdag."


@pytest.mark.django_db
def test_a_note_is_not_shown_to_the_citys_own_people(world):
    city_note_save(city=world.city_a, text="Vertrouwelijk gesprek.", by=_user(world, "db_member"))
    url = reverse("participation:city", kwargs={"cbs_code": world.city_a.cbs_code})
    assert "Vertrouwelijk gesprek." in world.client("secretariat").get(url).content.decode()
    assert "Vertrouwelijk gesprek." not in world.client("official_a").get(url).content.decode()


@pytest.mark.django_db
def test_the_writers_data_is_collected_and_erased(world):
    db = world.person("db_member")
    city_note_save(city=world.city_a, text="Raadsavonden.", by=db.user)
    invisibility_rule_set(period_years=1, conditions=RULE, by=db.user)
    data = personal_data.collect(db)
    assert data["notes_written"][0]["text"] == "Raadsavonden."
    assert len(data["invisibility_rules_set"]) == 1
    personal_data.erase(db)
    assert CityNote.objects.get().updated_by_name == personal_data.ERASED
    assert InvisibilityRule.objects.get().set_by_name == personal_data.ERASED
