"""The measures each app offers through ``<app>/participation.py`` (hooks.md #2): what
they count, per city and year, in a fixed number of queries."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from members.constants import BoardPosition, RoleKind
from networkdays import participation as networkdays_measures
from networkdays.constants import NetworkDayStatus, RegistrationStatus
from networkdays.models import MeetingInvitation
from participation.measures import available_measures, figures
from tests.factories import RoleFactory
from tests.networkdays.factories import (
    DigitalMeetingFactory,
    NetworkDayFactory,
    PersonFactory,
    RegistrationFactory,
)
from tests.themegroups.factories import MembershipFactory, SupportFactory, ThemeGroupFactory
from themegroups import participation as themegroup_measures

# The measures count per calendar year: the tests run on a fixed day in the middle of
# one (the day before and after it are in the same year), never on the real date.
TODAY = datetime.date(2026, 6, 10)
YEAR = TODAY.year


@pytest.fixture(autouse=True)
def _mid_year(time_machine):
    time_machine.move_to(datetime.datetime(2026, 6, 10, 12, tzinfo=datetime.UTC), tick=False)


def _day(days_from_now: int, **kwargs):
    date = TODAY + datetime.timedelta(days=days_from_now)
    return NetworkDayFactory(date=date, **kwargs)


@pytest.mark.django_db
def test_network_days_registered_present_and_no_show_per_city(world):
    held = _day(-1)
    coming = _day(1)
    cancelled = _day(-1, status=NetworkDayStatus.CANCELLED)
    a, b = world.person("official_a"), world.person("official_b")
    RegistrationFactory(network_day=held, person=a, checked_in_at=timezone.now())
    RegistrationFactory(network_day=held, person=world.person("contact_a"))  # no-show
    RegistrationFactory(network_day=held, person=b, status=RegistrationStatus.WAITING)
    RegistrationFactory(network_day=coming, person=b)
    RegistrationFactory(network_day=cancelled, person=b)
    years = [held.date.year]
    registered = networkdays_measures.network_days_registered(years)
    assert registered[(world.city_a.pk, held.date.year)] == 2
    present = networkdays_measures.network_days_present(years)
    assert present == {(world.city_a.pk, held.date.year): 1}
    no_show = networkdays_measures.network_days_no_show(years)
    assert no_show == {(world.city_a.pk, held.date.year): 1}  # a coming day is no no-show


@pytest.mark.django_db
def test_digital_meetings_invited_answered_present_per_city(world):
    meeting = DigitalMeetingFactory(pillar=world.pillar)
    year = timezone.localtime(meeting.starts_at).year
    now = timezone.now()
    MeetingInvitation.objects.create(
        meeting=meeting, person=world.person("official_a"), answer="no", answered_at=now
    )
    MeetingInvitation.objects.create(meeting=meeting, person=world.person("contact_a"))
    MeetingInvitation.objects.create(
        meeting=meeting,
        person=world.person("official_b"),
        attended=True,
        attendance_recorded_at=now,
    )
    assert networkdays_measures.digital_meetings_invited([year]) == {
        (world.city_a.pk, year): 2,
        (world.city_b.pk, year): 1,
    }
    assert networkdays_measures.digital_meetings_answered([year]) == {(world.city_a.pk, year): 1}
    assert networkdays_measures.digital_meetings_present([year]) == {(world.city_b.pk, year): 1}


@pytest.mark.django_db
def test_theme_group_seats_and_chairs_per_year(world):
    group = ThemeGroupFactory(started_on=datetime.date(YEAR - 1, 3, 1))
    ended = ThemeGroupFactory(
        started_on=datetime.date(YEAR - 3, 1, 1),
        status="ended",
        ended_on=datetime.date(YEAR - 2, 6, 30),
        end_reason="Klaar",
    )
    MembershipFactory(theme_group=group, person=world.person("official_a"), role="chair")
    MembershipFactory(
        theme_group=group, person=world.person("contact_a"), joined_on=datetime.date(YEAR, 1, 5)
    )
    MembershipFactory(theme_group=ended, person=world.person("official_b"))
    years = [YEAR - 2, YEAR - 1, YEAR]
    seats = themegroup_measures.theme_group_seats(years)
    assert seats == {
        (world.city_a.pk, YEAR - 1): 1,
        (world.city_a.pk, YEAR): 2,
        (world.city_b.pk, YEAR - 2): 1,
    }
    assert themegroup_measures.theme_group_chairs(years) == {
        (world.city_a.pk, YEAR - 1): 1,
        (world.city_a.pk, YEAR): 1,
    }


@pytest.mark.django_db
def test_support_hours_follow_the_part_of_the_year_covered(world):
    SupportFactory(
        person=world.person("official_a"),
        hours_per_month=Decimal("10"),
        starts_on=datetime.date(2024, 7, 1),
        ends_on=datetime.date(2025, 12, 31),
    )
    hours = themegroup_measures.support_hours([2024, 2025, 2026])
    # 2024: 184 of 366 days × 120 hours; 2025: the whole year.
    assert hours == {
        (world.city_a.pk, 2024): Decimal("60.3"),
        (world.city_a.pk, 2025): Decimal("120.0"),
    }


@pytest.mark.django_db
def test_roles_held_in_a_year(world):
    from members import participation as member_measures

    person = PersonFactory(city=world.city_a)
    RoleFactory(
        person=person,
        kind=RoleKind.DB_MEMBER,
        board_position=BoardPosition.MEMBER,
        starts_on=datetime.date(YEAR - 2, 1, 1),
        ends_on=datetime.date(YEAR - 1, 3, 1),
    )
    db = member_measures.db_seats([YEAR - 2, YEAR - 1, YEAR])
    assert db[(world.city_a.pk, YEAR - 2)] == 1
    assert db[(world.city_a.pk, YEAR - 1)] == 1
    assert (world.city_a.pk, YEAR) not in db
    assert db[(world.city_b.pk, YEAR)] == 1  # the world's DB chair
    pillar = member_measures.pillar_roles([YEAR])
    assert pillar == {(world.city_b.pk, YEAR): 2}  # the two pillar secretaries


@pytest.mark.django_db
def test_every_measure_is_defined_and_counts_in_one_query(world, django_assert_num_queries):
    measures = available_measures()
    keys = [m.key for m in measures]
    assert len(keys) == len(set(keys))
    assert {
        "network_days_registered",
        "network_days_present",
        "network_days_no_show",
        "digital_meetings_invited",
        "digital_meetings_answered",
        "digital_meetings_present",
        "theme_group_seats",
        "theme_group_chairs",
        "support_hours",
        "roles_db",
        "roles_pillar",
    } <= set(keys)
    for measure in measures:
        assert str(measure.label) and len(str(measure.definition)) > 20
        with django_assert_num_queries(1):
            measure.counts([YEAR - 3, YEAR - 2, YEAR - 1, YEAR])


def test_an_app_that_is_not_installed_offers_no_measure(settings):
    """Its column is absent, not zero (the lobby app, until it is merged)."""
    assert [m for m in available_measures() if m.key.startswith("theme_group")]
    settings.G40_APPS = [app for app in settings.G40_APPS if app != "themegroups"]
    assert not [m for m in available_measures() if m.key.startswith("theme_group")]
    assert figures([], [YEAR]) == {}


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_measures_label_starts_with_a_capital(language):
    # A label is a heading and a table's column: "lobbystandpunten beantwoord" was not
    # (issue 22, item 16).
    from django.utils import translation

    with translation.override(language):
        labels = [str(measure.label) for measure in available_measures()]
    assert "Lobbystandpunten beantwoord" in labels or language == "en"
    assert all(label[:1].isupper() for label in labels), labels


@pytest.mark.django_db
def test_the_measures_of_one_kind_of_row_are_counted_in_one_query(world, django_assert_num_queries):
    """Issue 24: the page that shows every measure asks once per batch (registrations,
    invitations, seats, roles) and once per measure without one — not once per measure;
    and a batch gives each of its measures what its own ``counts`` gives."""
    measures = available_measures()
    years = [YEAR - 1, YEAR]
    calls = {m.batch or m.key for m in measures}
    assert len(calls) <= len(measures) - 5
    with django_assert_num_queries(len(calls)):
        counted = figures(measures, years)
    for measure in measures:
        assert counted[measure.key] == measure.counts(years), measure.key
