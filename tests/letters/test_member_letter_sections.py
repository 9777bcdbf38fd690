"""The sections networkdays and themegroups offer the member letter
(``<app>/member_letter.py`` ``sections(since, until)``): only what happened in
``[since, until)`` (and coming days), nothing personal, a fixed number of queries."""

import datetime

from django.utils import timezone

from networkdays import member_letter as networkdays_letter
from networkdays.constants import NetworkDayStatus
from tests.networkdays.factories import NetworkDayFactory, RegistrationFactory
from tests.themegroups.factories import ThemeGroupFactory
from themegroups import member_letter as themegroups_letter
from themegroups.constants import ReviewOutcome, ThemeGroupStatus
from themegroups.models import ReviewDecision

SINCE = datetime.date(2026, 9, 1)
UNTIL = datetime.date(2026, 12, 1)


def _sections(result):
    return {section.heading: section.items for section in result}


def test_network_days_held_in_the_period_and_coming(world):
    NetworkDayFactory(title="Eerder", date=datetime.date(2026, 8, 31), host_city=world.city_a)
    held = NetworkDayFactory(
        title="Gehouden", date=datetime.date(2026, 10, 1), host_city=world.city_a
    )
    NetworkDayFactory(
        title="Concept", date=datetime.date(2026, 10, 2), status=NetworkDayStatus.DRAFT
    )
    NetworkDayFactory(
        title="Afgelast", date=datetime.date(2026, 10, 3), status=NetworkDayStatus.CANCELLED
    )
    NetworkDayFactory(title="Komend", date=datetime.date(2027, 2, 1), host_city=world.city_b)
    RegistrationFactory(network_day=held, person=world.person("official_a"))
    result = _sections(networkdays_letter.sections(SINCE, UNTIL))
    held_items, coming_items = list(result.values())
    assert len(held_items) == 1 and "Gehouden" in held_items[0] and "Zwolle" in held_items[0]
    assert len(coming_items) == 1 and "Komend" in coming_items[0]
    text = repr(result)
    for absent in ("Eerder", "Concept", "Afgelast", world.person("official_a").name):
        assert absent not in text


def test_theme_groups_started_extended_and_ended_with_the_dbs_reasons(world):
    started = ThemeGroupFactory(
        name="Wonen en zorg",
        status=ThemeGroupStatus.ACTIVE,
        started_on=datetime.date(2026, 10, 1),
        review_due_on=datetime.date(2027, 10, 1),
        lead_pillar=world.pillar,
    )
    ThemeGroupFactory(
        name="Al lang bezig",
        status=ThemeGroupStatus.ACTIVE,
        started_on=datetime.date(2025, 1, 1),
        review_due_on=datetime.date(2027, 1, 1),
        lead_pillar=world.pillar,
    )
    extended = ThemeGroupFactory(
        name="Energie",
        status=ThemeGroupStatus.ACTIVE,
        started_on=datetime.date(2025, 1, 1),
        review_due_on=datetime.date(2027, 6, 1),
        lead_pillar=world.pillar,
    )
    ReviewDecision.objects.create(
        theme_group=extended,
        review_due_on=datetime.date(2026, 10, 1),
        outcome=ReviewOutcome.EXTEND,
        new_review_due_on=datetime.date(2027, 6, 1),
        reason="Het kabinet besluit pas in het voorjaar.",
        decided_by_name="Hendrik Molenaar",
        decided_on=datetime.date(2026, 10, 1),
    )
    ended = ThemeGroupFactory(
        name="Digitalisering",
        status=ThemeGroupStatus.ENDED,
        started_on=datetime.date(2025, 1, 1),
        review_due_on=datetime.date(2026, 11, 1),
        ended_on=datetime.date(2026, 11, 2),
        end_reason="Het doel is bereikt.",
        lead_pillar=world.pillar,
    )
    ReviewDecision.objects.create(
        theme_group=ended,
        review_due_on=datetime.date(2026, 11, 1),
        outcome=ReviewOutcome.END,
        ends_on=datetime.date(2026, 11, 2),
        reason="Het doel is bereikt.",
        decided_by_name="Hendrik Molenaar",
        decided_on=datetime.date(2026, 11, 1),
    )
    started_items, extended_items, ended_items = _sections(
        themegroups_letter.sections(SINCE, UNTIL)
    ).values()
    assert len(started_items) == 1 and started.name in started_items[0]
    assert len(extended_items) == 1 and "Energie" in extended_items[0]
    assert "Het kabinet besluit pas in het voorjaar." in extended_items[0]
    assert len(ended_items) == 1 and "Het doel is bereikt." in ended_items[0]
    assert "Molenaar" not in repr((started_items, extended_items, ended_items))


def test_the_sections_run_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    today = timezone.localdate()
    with django_assert_max_num_queries(1):
        networkdays_letter.sections(SINCE, UNTIL)
    with django_assert_max_num_queries(2):
        themegroups_letter.sections(SINCE, UNTIL)
    for i in range(6):
        NetworkDayFactory(date=datetime.date(2026, 10, 1 + i), host_city=world.city_a)
        ThemeGroupFactory(
            status=ThemeGroupStatus.ACTIVE,
            started_on=datetime.date(2026, 10, 1 + i),
            review_due_on=today + datetime.timedelta(days=300),
            lead_pillar=world.pillar,
        )
    with django_assert_max_num_queries(1):
        assert networkdays_letter.sections(SINCE, UNTIL)
    with django_assert_max_num_queries(2):
        assert themegroups_letter.sections(SINCE, UNTIL)
