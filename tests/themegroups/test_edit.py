"""A group's mandate and pillars, and ending support early, on the app's own pages
(issue 11, item 12): role by role, in the service and through the page."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from themegroups.constants import EventKind, ThemeGroupStatus
from themegroups.services_edit import theme_group_edit
from themegroups.services_support import support_end

from ..audit.helpers import as_request, history_changes
from ..helpers import field_codes
from .factories import SupportFactory, ThemeGroupFactory, days


@pytest.fixture
def group(world):
    return ThemeGroupFactory(lead_pillar=world.pillar, review_due_on=days(100))


def _edit(world, group, persona, **kwargs):
    arguments = {
        "goal": "Nieuw doel.",
        "expected_result": "Nieuw resultaat.",
        "lead_pillar": group.lead_pillar,
        "other_pillars": [world.other_pillar],
    }
    arguments.update(kwargs)
    by = world.person(persona).user
    with as_request(by):
        return theme_group_edit(by=by, group=group, **arguments)


@pytest.mark.parametrize("persona", ["secretariat", "pillar_secretary"])
def test_the_lead_secretary_and_the_secretariat_edit_mandate_and_pillars(world, group, persona):
    _edit(world, group, persona)
    group.refresh_from_db()
    assert group.goal == "Nieuw doel."
    assert group.expected_result == "Nieuw resultaat."
    assert list(group.other_pillars.all()) == [world.other_pillar]
    assert history_changes(group, EventKind.CHANGED)["goal"][1] == "Nieuw doel."


@pytest.mark.parametrize(
    "persona", ["db_member", "other_pillar_secretary", "contact_a", "official_a", "event_bureau"]
)
def test_others_may_not_edit_a_group(world, group, persona):
    with pytest.raises(ValidationError) as excinfo:
        _edit(world, group, persona)
    assert excinfo.value.code == "forbidden"
    group.refresh_from_db()
    assert group.goal != "Nieuw doel."


def test_a_pillar_secretary_moves_a_group_only_to_a_pillar_of_their_own(world, group):
    with pytest.raises(ValidationError) as excinfo:
        _edit(world, group, "pillar_secretary", lead_pillar=world.other_pillar)
    assert field_codes(excinfo.value) == {"lead_pillar": {"lead_pillar_not_allowed"}}
    _edit(world, group, "secretariat", lead_pillar=world.other_pillar)
    group.refresh_from_db()
    assert group.lead_pillar == world.other_pillar
    assert list(group.other_pillars.all()) == []  # the lead is not "another" pillar too


def test_an_empty_goal_is_refused_with_a_code(world, group):
    with pytest.raises(ValidationError) as excinfo:
        _edit(world, group, "secretariat", goal="  ")
    assert field_codes(excinfo.value) == {"goal": {"goal_required"}}


def test_an_ended_group_is_not_edited(world):
    ended = ThemeGroupFactory(
        lead_pillar=world.pillar,
        status=ThemeGroupStatus.ENDED,
        ended_on=days(-1),
        end_reason="Klaar.",
    )
    with pytest.raises(ValidationError) as excinfo:
        _edit(world, ended, "secretariat")
    assert excinfo.value.code == "read_only"


def test_the_edit_page_saves_and_the_group_page_links_to_it(world, group):
    client = world.client("pillar_secretary")
    url = reverse("themegroups:edit", kwargs={"slug": group.slug})
    assert url in client.get(group.get_absolute_url()).content.decode()
    response = client.post(
        url,
        {
            "goal": "Via de pagina.",
            "expected_result": "Resultaat.",
            "lead_pillar": world.pillar.pk,
            "other_pillars": [world.third_pillar.pk],
        },
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.goal == "Via de pagina."
    official = world.client("official_a").get(group.get_absolute_url()).content.decode()
    assert url not in official


def _end(world, group, support, persona, ends_on):
    by = world.person(persona).user
    with as_request(by):
        return support_end(by=by, support=support, ends_on=ends_on)


@pytest.mark.parametrize("persona", ["secretariat", "pillar_secretary"])
def test_support_is_ended_early(world, group, persona):
    support = SupportFactory(theme_group=group, starts_on=days(-30), ends_on=days(300))
    _end(world, group, support, persona, days(10))
    support.refresh_from_db()
    assert support.ends_on == days(10)


@pytest.mark.parametrize("persona", ["db_member", "other_pillar_secretary", "official_a"])
def test_others_may_not_end_support(world, group, persona):
    support = SupportFactory(theme_group=group, starts_on=days(-30), ends_on=days(300))
    with pytest.raises(ValidationError) as excinfo:
        _end(world, group, support, persona, days(10))
    assert excinfo.value.code == "forbidden"


@pytest.mark.parametrize(
    ("ends_in_days", "code"),
    [
        (-1, "end_date_past"),
        (300, "end_not_earlier"),
        (400, "end_not_earlier"),
    ],
)
def test_ending_support_early_checks_the_date(world, group, ends_in_days, code):
    # Dates from the test's own day, not the day the tests were collected (a run that
    # crosses midnight would otherwise ask about yesterday's "today").
    support = SupportFactory(theme_group=group, starts_on=days(-30), ends_on=days(300))
    with pytest.raises(ValidationError) as excinfo:
        _end(world, group, support, "secretariat", days(ends_in_days))
    assert field_codes(excinfo.value) == {"ends_on": {code}}


def test_support_that_has_not_started_cannot_end_before_it_starts(world, group):
    support = SupportFactory(theme_group=group, starts_on=days(30), ends_on=days(300))
    with pytest.raises(ValidationError) as excinfo:
        _end(world, group, support, "secretariat", days(10))
    assert field_codes(excinfo.value) == {"ends_on": {"support_period_reversed"}}


def test_the_end_early_page_and_its_link(world, group):
    support = SupportFactory(theme_group=group, starts_on=days(-30), ends_on=days(300))
    client = world.client("secretariat")
    url = reverse("themegroups:support_end", kwargs={"slug": group.slug, "pk": support.pk})
    assert url in client.get(group.get_absolute_url()).content.decode()
    assert client.post(url, {"ends_on": days(5).isoformat()}).status_code == 302
    support.refresh_from_db()
    assert support.ends_on == days(5)
    other = ThemeGroupFactory(lead_pillar=world.pillar)
    wrong = reverse("themegroups:support_end", kwargs={"slug": other.slug, "pk": support.pk})
    assert client.get(wrong).status_code == 404
