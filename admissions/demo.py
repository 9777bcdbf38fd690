"""Demo content: applications (fictional figures, marked as demo data).

- The CBS figures of every city become indicator values (``city_figures_copy``).
- Every city gets plausible social and economic indicator values for 2022, marked
  ``is_demo`` with the source "demo" (low-income households, unemployment, jobs per 100
  inhabitants aged 15–74): fictional, derived from the CBS code.
- Amstelveen's application, the real case: received in March 2021, DB advice, AB
  decision, member from 1 July 2022 (the shipped file loads it as an applicant; the
  demo takes it through the steps, so it is a member afterwards, as in reality).
- One pending application: Purmerend (a real non-member municipality; its figures here
  are approximations, marked as demo), received six weeks ago, awaiting the DB.

Idempotent: an application that exists is left alone. The steps go through the
services (``by=SYSTEM``), so the demo obeys the same rules as the pages."""

import datetime
import hashlib
from decimal import Decimal

from django.utils import timezone

from members.actors import SYSTEM
from members.models import City

from . import services
from .constants import Outcome
from .models import Application, Indicator, IndicatorValue

DEMO_SOURCE = "Demo: fictieve waarde (geen CBS-cijfer)"
DEMO_YEAR = 2022

# key: (low, high) of the fictional values.
DEMO_RANGES = {
    "low_income_households": (Decimal("6.0"), Decimal("14.0")),
    "unemployment": (Decimal("2.8"), Decimal("6.2")),
    "jobs_per_100": (Decimal("55"), Decimal("115")),
}

PENDING = {
    "name": "Purmerend",
    "cbs_code": "GM0439",
    "province": "Noord-Holland",
    "population": 92883,
    "population_reference_date": datetime.date(2023, 1, 1),
    "urbanity_class": 2,
    "urbanity_reference_year": 2021,
    "address_density": 1721,
}


def _fictional(code: str, key: str) -> Decimal:
    low, high = DEMO_RANGES[key]
    fraction = int(hashlib.sha256(f"{code}:{key}".encode()).hexdigest()[:6], 16) / 0xFFFFFF
    return (low + (high - low) * Decimal(fraction)).quantize(Decimal("0.1"))


def _demo_values() -> None:
    indicators = Indicator.objects.filter(key__in=DEMO_RANGES)
    existing = set(
        IndicatorValue.objects.filter(indicator__in=indicators, year=DEMO_YEAR).values_list(
            "indicator_id", "city_id"
        )
    )
    IndicatorValue.objects.bulk_create(
        [
            IndicatorValue(
                indicator=indicator,
                city=city,
                year=DEMO_YEAR,
                value=_fictional(city.cbs_code, indicator.key),
                source=DEMO_SOURCE,
                reference_date=datetime.date(DEMO_YEAR, 1, 1),
                is_demo=True,
            )
            for city in City.objects.all()
            for indicator in indicators
            if (indicator.pk, city.pk) not in existing
        ]
    )


def _amstelveen() -> None:
    city = City.objects.filter(cbs_code="GM0362").first()
    if city is None or Application.objects.filter(city=city).exists():
        return
    if city.membership_periods.exists():
        return  # a member already (made so by hand): nothing to replay
    application = services.application_record(
        by=SYSTEM,
        city=city,
        received_on=datetime.date(2021, 3, 15),
        contact_name="Demo: griffie Amstelveen",
        contact_email="toetreding@amstelveen.example.org",
        motivation=(
            "Demo: Amstelveen is een zeer sterk stedelijke gemeente (stedelijkheidsklasse 1) "
            "met een centrumfunctie in de regio Amstelland en vraagt toetreding tot het "
            "G40-stedennetwerk aan."
        ),
    )
    services.advice_record(
        by=SYSTEM,
        application=application,
        outcome=Outcome.ADMIT,
        reasons=(
            "Demo: Amstelveen voldoet aan het kenmerkende criterium verstedelijking "
            "(klasse 1, hoge adressendichtheid) en heeft een duidelijke centrumfunctie."
        ),
        advised_on=datetime.date(2022, 3, 10),
    )
    services.decision_record(
        by=SYSTEM,
        application=application,
        outcome=Outcome.ADMIT,
        reasons="Demo: het AB volgt het advies van het DB.",
        decided_on=datetime.date(2022, 6, 9),
        admitted_from=datetime.date(2022, 7, 1),
    )


def _pending() -> None:
    city, created = City.objects.get_or_create(
        cbs_code=PENDING["cbs_code"], defaults={k: v for k, v in PENDING.items() if k != "cbs_code"}
    )
    if created:
        services.city_figures_copy([city])
        IndicatorValue.objects.filter(city=city).update(is_demo=True, source=DEMO_SOURCE)
    if Application.objects.filter(city=city).exists() or city.membership_periods.exists():
        return
    services.application_record(
        by=SYSTEM,
        city=city,
        received_on=timezone.localdate() - datetime.timedelta(days=42),
        contact_name="Demo: gemeentesecretaris Purmerend",
        contact_email="toetreding@purmerend.example.org",
        motivation=(
            "Demo: Purmerend is na de fusie met Beemster gegroeid, heeft een regionale "
            "functie voor Waterland en herkent zich in de stedelijke opgaven van de G40."
        ),
    )


def load() -> list[tuple[str, str]]:
    services.criteria_2018_ensure()
    services.city_figures_copy()
    _pending()
    _demo_values()
    _amstelveen()
    return []
