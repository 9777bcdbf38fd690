"""Secretarial support: assigned by the lead pillar's secretary or the secretariat only;
a group without current support is flagged; hours per city."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from members.constants import CityStatus
from themegroups.constants import EventKind, ThemeGroupStatus
from themegroups.models import SupportAssignment, ThemeGroup
from themegroups.selectors import support_hours_per_city
from themegroups.services_members import support_assign

from ..audit.helpers import as_request, history_changes, history_kinds
from ..factories import CityFactory, PersonFactory
from ..helpers import field_codes
from .factories import SupportFactory, ThemeGroupFactory, days


@pytest.fixture
def group(world):
    return ThemeGroupFactory(lead_pillar=world.pillar, name="Jeugd", slug="jeugd")


def _assign(world, group, persona="pillar_secretary", **kwargs):
    arguments = {
        "by": world.person(persona).user,
        "group": group,
        "person": world.person("official_a"),
        "hours_per_month": Decimal("8"),
        "starts_on": days(0),
        "ends_on": days(180),
    }
    arguments.update(kwargs)
    with as_request(arguments["by"]):
        return support_assign(**arguments)


@pytest.mark.parametrize("persona", ["pillar_secretary", "secretariat"])
def test_lead_pillar_secretary_or_secretariat_assigns(world, group, persona):
    support = _assign(world, group, persona=persona)
    assert support.assigned_by == world.person(persona).user
    assert history_kinds(group) == [EventKind.PROPOSED, EventKind.SUPPORT_ASSIGNED]
    changes = history_changes(group, EventKind.SUPPORT_ASSIGNED)
    assert changes["hours per month"] == (None, Decimal("8"))
    assert changes["supported by"] == (None, world.person("official_a").name)


@pytest.mark.parametrize(
    "persona", ["other_pillar_secretary", "db_member", "official_a", "contact_a", "event_bureau"]
)
def test_nobody_else_assigns_support(world, group, persona):
    with pytest.raises(ValidationError) as info:
        _assign(world, group, persona=persona)
    assert info.value.code == "forbidden"
    assert not SupportAssignment.objects.exists()


def test_secretary_of_an_other_pillar_of_the_group_is_refused(world, group):
    """Groups cross pillars; only the LEAD pillar's secretary assigns."""
    group.other_pillars.add(world.other_pillar)
    with pytest.raises(ValidationError) as info:
        _assign(world, group, persona="other_pillar_secretary")
    assert info.value.code == "forbidden"
    response = world.client("other_pillar_secretary").post(
        reverse("themegroups:support_assign", kwargs={"slug": group.slug}),
        {
            "person": world.person("official_a").pk,
            "hours_per_month": "4",
            "starts_on": days(0).isoformat(),
            "ends_on": days(10).isoformat(),
        },
    )
    assert response.status_code == 403
    assert not SupportAssignment.objects.exists()


@pytest.mark.parametrize(
    ("kwargs", "field", "code"),
    [
        ({"hours_per_month": Decimal("-1")}, "hours_per_month", "negative_hours"),
        ({"starts_on": days(10), "ends_on": days(9)}, "ends_on", "support_period_reversed"),
    ],
    ids=["negative hours", "until before from"],
)
def test_bad_support_changes_nothing(world, group, kwargs, field, code):
    with pytest.raises(ValidationError) as info:
        _assign(world, group, **kwargs)
    assert field_codes(info.value) == {field: {code}}
    assert not SupportAssignment.objects.exists()
    assert history_kinds(group) == [EventKind.PROPOSED]  # the factory's; nothing since


def test_bad_support_through_the_form_shows_the_message(world, group):
    response = world.client("pillar_secretary").post(
        reverse("themegroups:support_assign", kwargs={"slug": group.slug}),
        {
            "person": world.person("official_a").pk,
            "hours_per_month": "-2",
            "starts_on": days(10).isoformat(),
            "ends_on": days(5).isoformat(),
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Uren per maand kunnen niet negatief zijn." in content
    assert not SupportAssignment.objects.exists()


def test_the_database_refuses_negative_hours_and_reversed_periods(group, world):
    person = world.person("official_a")
    with pytest.raises(IntegrityError), transaction.atomic():
        SupportAssignment.objects.create(
            theme_group=group, person=person, hours_per_month=-1, starts_on=days(0), ends_on=days(1)
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        SupportAssignment.objects.create(
            theme_group=group, person=person, hours_per_month=1, starts_on=days(1), ends_on=days(0)
        )


def test_no_support_for_an_ended_group(world):
    group = ThemeGroupFactory(
        lead_pillar=world.pillar,
        status=ThemeGroupStatus.ENDED,
        ended_on=days(-1),
        end_reason="Klaar.",
    )
    with pytest.raises(ValidationError) as info:
        _assign(world, group)
    assert info.value.code == "read_only"


def test_without_support_and_ending_soon(world, settings):
    settings.THEME_GROUP_SUPPORT_ENDING_WEEKS = 6
    lacking = ThemeGroupFactory(lead_pillar=world.pillar, name="Zonder")
    SupportFactory(theme_group=lacking, starts_on=days(-100), ends_on=days(-1))  # over
    SupportFactory(theme_group=lacking, starts_on=days(10), ends_on=days(100))  # not yet
    ending = ThemeGroupFactory(lead_pillar=world.pillar, name="Bijna")
    SupportFactory(theme_group=ending, starts_on=days(-10), ends_on=days(6 * 7))
    followed = ThemeGroupFactory(lead_pillar=world.pillar, name="Opvolger")
    SupportFactory(theme_group=followed, starts_on=days(-10), ends_on=days(10))
    SupportFactory(theme_group=followed, starts_on=days(11), ends_on=days(200))
    fine = ThemeGroupFactory(lead_pillar=world.pillar, name="Goed")
    SupportFactory(theme_group=fine, starts_on=days(-10), ends_on=days(6 * 7 + 1))

    assert list(ThemeGroup.objects.without_support()) == [lacking]
    assert list(ThemeGroup.objects.support_ending_soon()) == [ending]


def test_support_hours_per_city(world):
    zwolle_person = world.person("official_a")
    almere_person = world.person("official_b")
    SupportFactory(person=zwolle_person, hours_per_month=Decimal("8"))
    SupportFactory(person=zwolle_person, hours_per_month=Decimal("4.5"))
    SupportFactory(person=almere_person, hours_per_month=Decimal("6"))
    SupportFactory(
        person=almere_person, hours_per_month=Decimal("50"), ends_on=days(-1), starts_on=days(-60)
    )
    rows = support_hours_per_city()
    assert [(row["person__city__name"], row["hours"], row["groups"]) for row in rows] == [
        ("Zwolle", Decimal("12.5"), 2),
        ("Almere", Decimal("6"), 1),
    ]


def test_support_page_shows_the_pillars_groups_and_hours_per_city(world):
    lacking = ThemeGroupFactory(lead_pillar=world.pillar, name="Onderwijs en Arbeidsmarkt")
    ThemeGroupFactory(lead_pillar=world.other_pillar, name="Circulair bouwen")
    supported = ThemeGroupFactory(lead_pillar=world.pillar, name="Veiligheid")
    SupportFactory(theme_group=supported, person=world.person("official_a"), ends_on=days(7))
    response = world.client("pillar_secretary").get(reverse("themegroups:support_overview"))
    content = response.content.decode()
    assert lacking.name in content
    assert "Circulair bouwen" not in content  # another pillar's group
    assert response.context["lacking"] == [lacking]
    assert response.context["ending"] == [supported]
    assert response.context["hours_per_city"][0]["person__city__name"] == "Zwolle"


def test_people_of_non_member_cities_cannot_join(world, group):
    from themegroups.services_members import membership_add

    former = CityFactory(name="Oud-lid", cbs_code="GM7999", status=CityStatus.FORMER)
    with pytest.raises(ValidationError) as info:
        membership_add(
            by=world.person("pillar_secretary").user,
            group=group,
            person=PersonFactory(city=former),
            role="member",
        )
    assert field_codes(info.value) == {"person": {"not_member_city"}}


def test_a_gap_in_support_counts_as_the_end_of_support(world, settings):
    """Support from -30 to +10 days, then from +100 to +400: no support for 89 days from
    day 11, so the group is flagged; the support page lists it under "ends soon"."""
    settings.THEME_GROUP_SUPPORT_ENDING_WEEKS = 6
    gap = ThemeGroupFactory(lead_pillar=world.pillar, name="Gat")
    SupportFactory(theme_group=gap, starts_on=days(-30), ends_on=days(10))
    SupportFactory(theme_group=gap, starts_on=days(100), ends_on=days(400))
    # Support that continues the day after (or overlaps) is no gap.
    chained = ThemeGroupFactory(lead_pillar=world.pillar, name="Aaneengesloten")
    SupportFactory(theme_group=chained, starts_on=days(-30), ends_on=days(10))
    SupportFactory(theme_group=chained, starts_on=days(5), ends_on=days(20))
    SupportFactory(theme_group=chained, starts_on=days(21), ends_on=days(400))
    # The gap lies beyond the window: not flagged yet.
    later = ThemeGroupFactory(lead_pillar=world.pillar, name="Later")
    SupportFactory(theme_group=later, starts_on=days(-30), ends_on=days(6 * 7 + 1))
    SupportFactory(theme_group=later, starts_on=days(6 * 7 + 3), ends_on=days(400))

    assert list(ThemeGroup.objects.support_ending_soon()) == [gap]
    flagged = {g.name: g.support_until for g in ThemeGroup.objects.with_support_state()}
    assert flagged == {"Gat": days(10), "Aaneengesloten": days(400), "Later": days(6 * 7 + 1)}
    response = world.client("pillar_secretary").get(reverse("themegroups:support_overview"))
    assert response.context["ending"] == [gap]
    assert response.context["lacking"] == []


def test_support_from_a_former_member_city_is_refused_by_the_service(world, group):
    former = CityFactory(name="Oud-lid", cbs_code="GM7997", status=CityStatus.FORMER)
    with pytest.raises(ValidationError) as info:
        _assign(world, group, person=PersonFactory(city=former))
    assert field_codes(info.value) == {"person": {"not_member_city"}}
    assert not SupportAssignment.objects.exists()
