"""The demo of criteria and applications: Amstelveen's application (received March
2021, admitted from 1 July 2022) taken through the steps, one pending application, the
CBS figures as values and the social and economic figures marked as demo data."""

import datetime

import pytest

from admissions import demo
from admissions.constants import ApplicationStatus
from admissions.models import Application, IndicatorValue
from admissions.services import city_figures_copy
from members.models import City

pytestmark = pytest.mark.django_db


def test_the_demo_admits_amstelveen_and_leaves_one_application_pending():
    from members.services import cities_load

    cities_load()
    assert not City.objects.get(cbs_code="GM0362").membership_periods.exists()  # the seed
    demo.load()
    amstelveen = Application.objects.get(city__cbs_code="GM0362")
    assert amstelveen.received_on == datetime.date(2021, 3, 15)
    assert amstelveen.status == ApplicationStatus.ADMITTED
    assert amstelveen.advice.advised_on < amstelveen.decision.decided_on
    assert amstelveen.decision.admitted_from == datetime.date(2022, 7, 1)
    city = City.objects.get(cbs_code="GM0362")
    assert list(city.membership_periods.values_list("starts_on", flat=True)) == [
        datetime.date(2022, 7, 1)
    ]
    assert City.objects.members().count() == 41

    pending = Application.objects.get(status=ApplicationStatus.RECEIVED)
    assert not pending.city.membership_periods.exists()
    assert pending.criteria_set.version == 1

    # The CBS figures are values with a CBS source; the social/economic ones are demo.
    real = IndicatorValue.objects.filter(city=city, indicator__key="population").get()
    assert not real.is_demo and "CBS" in real.source
    assert IndicatorValue.objects.filter(indicator__key="low_income_households").count() == 42
    assert not IndicatorValue.objects.filter(
        indicator__key__in=["low_income_households", "unemployment", "jobs_per_100"],
        is_demo=False,
    ).exists()
    assert not IndicatorValue.objects.filter(city=pending.city, is_demo=False).exists()

    counts = (Application.objects.count(), IndicatorValue.objects.count())
    demo.load()  # idempotent
    assert (Application.objects.count(), IndicatorValue.objects.count()) == counts
    assert city_figures_copy() == 0
