"""Helpers for the membership tests on criteria and applications: the 2018 criteria,
member cities with indicator values, an applicant and its application."""

import datetime
from decimal import Decimal

from admissions.constants import ApplicationStatus, Outcome
from admissions.models import Advice, Application, CriteriaSet, Decision, Indicator, IndicatorValue
from admissions.services import criteria_2018_ensure
from members.constants import CityStatus

from ..factories import CityFactory

RECEIVED = datetime.date(2024, 3, 1)


def criteria_2018() -> CriteriaSet:
    """The 2018 set (made by the data migration; a transactional test flushes it)."""
    criteria_2018_ensure()
    return CriteriaSet.objects.get(version=1)


def value(city, key: str, amount, year: int = 2023, **extra) -> IndicatorValue:
    return IndicatorValue.objects.create(
        indicator=Indicator.objects.get(key=key),
        city=city,
        year=year,
        value=Decimal(str(amount)),
        source=extra.pop("source", "CBS StatLine test"),
        reference_date=extra.pop("reference_date", datetime.date(year, 1, 1)),
        **extra,
    )


def applicant(name: str = "Purmerend", cbs_code: str = "GM0439", **kwargs):
    return CityFactory(name=name, cbs_code=cbs_code, status=CityStatus.APPLICANT, **kwargs)


def application(city=None, status=ApplicationStatus.RECEIVED, **kwargs) -> Application:
    """An application made directly (the service is tested on its own)."""
    city = city or applicant()
    made = Application.objects.create(
        city=city,
        cbs_code=city.cbs_code,
        received_on=kwargs.pop("received_on", RECEIVED),
        criteria_set=kwargs.pop("criteria_set", None) or criteria_2018(),
        contact_name="Griffie",
        contact_email="griffie@example.org",
        motivation="Wij willen toetreden.",
        status=status,
        **kwargs,
    )
    if status != ApplicationStatus.RECEIVED:
        Advice.objects.create(
            application=made,
            outcome=Outcome.ADMIT,
            reasons="Voldoet.",
            advised_on=made.received_on + datetime.timedelta(days=30),
        )
    if status not in (ApplicationStatus.RECEIVED, ApplicationStatus.ADVISED):
        outcome = {
            v: k
            for k, v in {
                Outcome.ADMIT: ApplicationStatus.ADMITTED,
                Outcome.DECLINE: ApplicationStatus.DECLINED,
                Outcome.DEFER: ApplicationStatus.DEFERRED,
            }.items()
        }[status]
        Decision.objects.create(
            application=made,
            outcome=outcome,
            reasons="Besloten.",
            decided_on=made.received_on + datetime.timedelta(days=60),
            admitted_from=(
                made.received_on + datetime.timedelta(days=90) if outcome == Outcome.ADMIT else None
            ),
        )
    return made
