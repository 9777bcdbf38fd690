"""Membership is a dated fact (issue 22, items 10, 17, 18): periods (from, until) that
never overlap, and one question — "members on date D" / "during year Y" — that every
count, bill and list asks."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from lobby.selectors import member_cities
from members.constants import CityStatus
from members.models import City, MembershipPeriod
from participation.selectors import invisible_context, network_context

from ..factories import CityFactory

NEW_YEARS_EVE = datetime.datetime(2026, 12, 31, 12, 0)
NEW_YEAR = datetime.datetime(2027, 1, 1, 12, 0)
# A test of the world that travels to these days is marked to start on New Year's Eve:
# the marker's fixture comes before the world's, so the personas' roles have begun on
# both days whatever today is.
STARTS_ON_NEW_YEARS_EVE = pytest.mark.time_machine(NEW_YEARS_EVE, tick=False)


def _admitted_from_2027():
    city = CityFactory(name="Nieuwkomer", cbs_code="GM0796", status=CityStatus.APPLICANT)
    MembershipPeriod.objects.create(city=city, starts_on=datetime.date(2027, 1, 1))
    return city


@pytest.mark.django_db
def test_periods_of_one_city_never_overlap_in_the_database():
    city = CityFactory(
        member_since=datetime.date(2010, 1, 1), member_until=datetime.date(2020, 6, 30)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipPeriod.objects.create(
            city=city, starts_on=datetime.date(2020, 6, 30), ends_on=datetime.date(2021, 1, 1)
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipPeriod.objects.create(city=city, starts_on=datetime.date(2005, 1, 1))
    later = MembershipPeriod.objects.create(city=city, starts_on=datetime.date(2020, 7, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipPeriod.objects.filter(pk=later.pk).update(starts_on=datetime.date(2019, 1, 1))
    # another city's period may lie on the same days
    MembershipPeriod.objects.create(
        city=CityFactory(status=CityStatus.APPLICANT), starts_on=datetime.date(2019, 1, 1)
    )


@pytest.mark.django_db
def test_a_form_or_the_admin_hears_about_an_overlap_in_dutch():
    city = CityFactory(member_since=datetime.date(2010, 1, 1))
    period = MembershipPeriod(city=city, starts_on=datetime.date(2015, 1, 1), ends_on=None)
    with pytest.raises(ValidationError) as excinfo:
        period.full_clean()
    assert "period_overlap" in str(excinfo.value.error_dict) or any(
        e.code == "period_overlap" for errors in excinfo.value.error_dict.values() for e in errors
    )


@pytest.mark.django_db
def test_members_on_a_day_and_during_a_year():
    city = _admitted_from_2027()
    assert city not in City.objects.members(datetime.date(2026, 12, 31))
    assert city in City.objects.members(datetime.date(2027, 1, 1))
    assert city not in City.objects.members_during(2026)
    assert city in City.objects.members_during(2027)
    assert city in City.objects.non_members(datetime.date(2026, 12, 31))
    annotated = City.objects.with_membership(datetime.date(2026, 12, 31)).get(pk=city.pk)
    assert annotated.membership_status == CityStatus.ADMITTED
    ids = City.objects.member_ids_by_year([2026, 2027])
    assert city.pk not in ids[2026] and city.pk in ids[2027]


@STARTS_ON_NEW_YEARS_EVE
def test_the_city_list_counts_a_city_admitted_from_next_year_only_from_that_day(world):
    """Issue 22, item 10: the AB admitted a city from 2027-01-01."""
    _admitted_from_2027()
    with time_machine.travel(NEW_YEARS_EVE, tick=False):
        client = world.client("official_a")  # a session of that day
        response = client.get(reverse("members:city_list"))
        assert response.context["network_member_count"] == 2
        assert response.context["network_population"] == 200_000
        page = response.content.decode()
        assert "vanaf een latere datum" in page  # "admitted, member from a later date"
    with time_machine.travel(NEW_YEAR, tick=False):
        client = world.client("official_a")
        response = client.get(reverse("members:city_list"))
        assert response.context["network_member_count"] == 3
        assert response.context["network_population"] == 300_000


@STARTS_ON_NEW_YEARS_EVE
def test_participation_and_invisible_cities_read_the_years_members(world):
    city = _admitted_from_2027()
    with time_machine.travel(NEW_YEARS_EVE, tick=False):
        assert city not in network_context(2026)["cities"]
        from participation.services import invisibility_rule_set

        rule = invisibility_rule_set(
            period_years=1,
            conditions={"network_days_present": Decimal(0)},
            by=world.person("db_member").user,
        )
        names = [m["city"].name for m in invisible_context(rule)["matches"]]
        assert "Nieuwkomer" not in names
    with time_machine.travel(NEW_YEAR, tick=False):
        assert city in network_context(2027)["cities"]


@STARTS_ON_NEW_YEARS_EVE
def test_the_lobby_counts_only_todays_members(world):
    city = _admitted_from_2027()
    with time_machine.travel(NEW_YEARS_EVE, tick=False):
        assert city not in member_cities()
    with time_machine.travel(NEW_YEAR, tick=False):
        assert city in member_cities()


@STARTS_ON_NEW_YEARS_EVE
def test_the_city_page_shows_the_periods(world):
    city = CityFactory(
        member_since=datetime.date(2010, 1, 1), member_until=datetime.date(2015, 6, 30)
    )
    MembershipPeriod.objects.create(city=city, starts_on=datetime.date(2020, 1, 1))
    with time_machine.travel(NEW_YEARS_EVE, tick=False):
        page = world.client("secretariat").get(city.get_absolute_url()).content.decode()
    assert "1 januari 2010 tot en met 30 juni 2015" in page
    assert "vanaf 1 januari 2020" in page
