"""The "onzichtbaar" rule is set by the DB per year, with its conditions combined as all
or any; each flagged city is explained condition by condition; a city that is not yet a
member is never flagged (issue 23, item 10)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from participation.selectors import invisible_context, rule_for
from participation.services import invisibility_rule_set
from tests.networkdays.factories import CityFactory, NetworkDayFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

RULE = {"network_days_present": Decimal(0), "theme_group_seats": Decimal(0)}


def _db(world):
    return world.person("db_member").user


def test_the_rule_is_set_per_year_and_an_older_one_serves_until_then(world):
    this_year = timezone.localdate().year
    old = invisibility_rule_set(period_years=1, conditions=RULE, by=_db(world), year=this_year - 1)
    assert rule_for(this_year) == old  # none for this year yet: last year's serves
    new = invisibility_rule_set(
        period_years=2, conditions=RULE, by=_db(world), year=this_year, match="any"
    )
    assert rule_for(this_year) == new and rule_for(this_year - 1) == old
    assert new.years() == [this_year - 1, this_year]


def test_any_flags_a_city_that_meets_one_condition_and_says_which(world):
    this_year = timezone.localdate().year
    day = NetworkDayFactory(date=timezone.localdate() - datetime.timedelta(days=1))
    RegistrationFactory(
        network_day=day, person=world.person("official_a"), checked_in_at=timezone.now()
    )
    rule = invisibility_rule_set(
        period_years=1, conditions=RULE, by=_db(world), year=this_year, match="all"
    )
    assert "Zwolle" not in [m["city"].name for m in invisible_context(rule)["matches"]]
    rule = invisibility_rule_set(
        period_years=1, conditions=RULE, by=_db(world), year=this_year, match="any"
    )
    zwolle = next(m for m in invisible_context(rule)["matches"] if m["city"].name == "Zwolle")
    assert [v["measure"].key for v in zwolle["reasons"]] == ["theme_group_seats"]
    assert [v["holds"] for v in zwolle["values"]] == [False, True]


def test_a_city_not_yet_a_member_is_never_flagged(world):
    today = timezone.localdate()
    CityFactory(name="Toetreder", member_since=today.replace(year=today.year + 1, month=1, day=1))
    rule = invisibility_rule_set(period_years=1, conditions=RULE, by=_db(world))
    names = [m["city"].name for m in invisible_context(rule)["matches"]]
    assert "Toetreder" not in names and "Almere" in names


def test_the_page_names_the_rules_year_and_each_citys_reasons(world):
    invisibility_rule_set(period_years=1, conditions=RULE, by=_db(world), match="any")
    html = world.client("db_member").get(reverse("participation:invisible")).content.decode()
    assert f"De regel voor {timezone.localdate().year}" in html
    assert "ten minste één voorwaarde geldt" in html
    assert "geldt: hoogstens 0" in html
