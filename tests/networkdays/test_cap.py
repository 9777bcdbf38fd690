"""At most four network days per calendar year; cancelled ones do not count."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from members.actors import SYSTEM
from networkdays.constants import NetworkDayStatus
from networkdays.models import NetworkDay
from networkdays.selectors import year_summaries
from networkdays.services import network_day_cancel, network_day_save

from .factories import CityFactory, NetworkDayFactory

# Next year: its days lie ahead whatever today is (a day moved into it, from the year
# after, keeps a registration that closes before it starts).
YEAR = timezone.localdate().year + 1


def _unsaved_day(month: int, year: int = YEAR, **fields) -> NetworkDay:
    return NetworkDayFactory.build(
        date=datetime.date(year, month, 10), host_city=CityFactory(), **fields
    )


def _four_days(year: int = YEAR) -> list[NetworkDay]:
    return [network_day_save(day=_unsaved_day(month, year), by=SYSTEM) for month in (2, 4, 6, 9)]


@pytest.mark.django_db
def test_a_fifth_day_in_a_year_is_refused():
    _four_days()
    with pytest.raises(ValidationError) as error:
        network_day_save(day=_unsaved_day(11), by=SYSTEM)
    assert error.value.code == "year_cap_reached"
    assert NetworkDay.objects.filter(date__year=YEAR).count() == 4


@pytest.mark.django_db
def test_other_years_and_drafts_count_per_year():
    _four_days()
    network_day_save(day=_unsaved_day(3, year=YEAR + 1), by=SYSTEM)
    this_year, next_year = year_summaries([YEAR, YEAR + 1])
    assert this_year == {"year": YEAR, "planned": 4, "max": 4, "full": True}
    assert next_year["planned"] == 1


@pytest.mark.django_db
def test_drafts_count_toward_the_cap():
    for month in (2, 4, 6, 9):
        network_day_save(day=_unsaved_day(month, status=NetworkDayStatus.DRAFT), by=SYSTEM)
    with pytest.raises(ValidationError) as error:
        network_day_save(day=_unsaved_day(11), by=SYSTEM)
    assert error.value.code == "year_cap_reached"


@pytest.mark.django_db
def test_a_cancelled_day_frees_its_place():
    days = _four_days()
    network_day_cancel(day=days[0], by=SYSTEM)
    network_day_save(day=_unsaved_day(11), by=SYSTEM)
    assert NetworkDay.objects.counting_toward_cap().filter(date__year=YEAR).count() == 4


@pytest.mark.django_db
def test_taking_a_day_back_from_cancelled_goes_through_the_cap():
    days = _four_days()
    network_day_cancel(day=days[0], by=SYSTEM)
    network_day_save(day=_unsaved_day(11), by=SYSTEM)
    restored = NetworkDay.objects.get(pk=days[0].pk)
    restored.status = NetworkDayStatus.PUBLISHED
    with pytest.raises(ValidationError) as error:
        network_day_save(day=restored, by=SYSTEM)
    assert error.value.code == "year_cap_reached"
    assert NetworkDay.objects.get(pk=days[0].pk).status == NetworkDayStatus.CANCELLED


@pytest.mark.django_db
def test_moving_a_day_into_a_full_year_is_refused():
    _four_days()
    other = network_day_save(day=_unsaved_day(5, year=YEAR + 1), by=SYSTEM)
    other.date = datetime.date(YEAR, 12, 1)
    other.registration_closes_at = other.registration_opens_at + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        network_day_save(day=other, by=SYSTEM)
    assert error.value.code == "year_cap_reached"
    assert NetworkDay.objects.get(pk=other.pk).date.year == YEAR + 1


@pytest.mark.django_db
def test_changing_a_day_within_its_full_year_is_allowed():
    days = _four_days()
    days[0].title = "Nieuwe titel"
    network_day_save(day=days[0], by=SYSTEM)
    assert NetworkDay.objects.get(pk=days[0].pk).title == "Nieuwe titel"
