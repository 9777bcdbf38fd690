"""Starting a group: a pillar secretary proposes, the DB approves or refuses."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from themegroups.constants import EventKind, ThemeGroupStatus
from themegroups.models import ThemeGroup
from themegroups.services import (
    latest_review_date,
    theme_group_approve,
    theme_group_propose,
    theme_group_refuse,
)

from ..audit.helpers import as_request, history_changes, history_kinds
from ..helpers import field_codes
from .factories import ProposedThemeGroupFactory, days, today


def _propose(world, persona="pillar_secretary", **kwargs):
    arguments = {
        "by": world.person(persona).user,
        "name": "Vergunninghouders en Asiel",
        "goal": "Huisvesting en integratie van statushouders.",
        "expected_result": "Gezamenlijke inbreng richting het Rijk.",
        "lead_pillar": world.pillar,
        "other_pillars": [world.other_pillar],
        "review_due_on": days(365),
    }
    arguments.update(kwargs)
    with as_request(arguments["by"]):
        return theme_group_propose(**arguments)


def test_a_pillar_secretary_proposes_for_their_pillar(world):
    group = _propose(world)
    assert group.status == ThemeGroupStatus.PROPOSED
    assert group.started_on is None
    assert group.proposed_by == world.person("pillar_secretary")
    assert list(group.other_pillars.all()) == [world.other_pillar]
    assert group.slug == "vergunninghouders-en-asiel"
    # One line: the group and its other pillars, written by one request.
    assert history_kinds(group) == [EventKind.PROPOSED]
    changes = history_changes(group, EventKind.PROPOSED)
    assert changes["name"] == (None, "Vergunninghouders en Asiel")
    assert changes["other pillars"] == (None, world.other_pillar.name)
    assert changes["status"] == (None, "proposed")


def test_not_for_another_pillar(world):
    with pytest.raises(ValidationError) as info:
        _propose(world, persona="other_pillar_secretary")
    assert field_codes(info.value) == {"lead_pillar": {"forbidden"}}
    assert not ThemeGroup.objects.exists()


@pytest.mark.parametrize("persona", ["db_member", "official_a", "contact_a"])
def test_others_do_not_propose(world, persona):
    with pytest.raises(ValidationError) as info:
        _propose(world, persona=persona)
    assert info.value.code == "forbidden"
    assert not ThemeGroup.objects.exists()


@pytest.mark.parametrize(
    ("review_due_on", "code"),
    [
        (lambda: None, "review_date_required"),
        (lambda: days(-1), "review_date_not_future"),
        (lambda: days(0), "review_date_not_future"),
        (
            lambda: latest_review_date(today()) + datetime.timedelta(days=1),
            "review_date_too_far",
        ),
    ],
    ids=["missing", "past", "today", "over 24 months"],
)
def test_bad_first_review_date(world, review_due_on, code):
    # The date is taken when the test runs, not when the tests were collected (a run
    # that crosses midnight would otherwise propose yesterday's "tomorrow").
    review_due_on = review_due_on()
    with pytest.raises(ValidationError) as info:
        _propose(world, review_due_on=review_due_on)
    assert field_codes(info.value) == {"review_due_on": {code}}
    assert not ThemeGroup.objects.exists()


def test_reserved_slugs_are_avoided(world):
    group = _propose(world, name="Review")
    assert group.slug == "review-2"
    assert world.client("official_a").get(group.get_absolute_url()).status_code == 200


def test_the_db_approves_and_the_group_starts(world):
    group = ProposedThemeGroupFactory(lead_pillar=world.pillar, review_due_on=days(30))
    with as_request(world.person("db_member").user):
        theme_group_approve(by=world.person("db_member").user, group=group, review_due_on=days(400))
    group.refresh_from_db()
    assert group.status == ThemeGroupStatus.ACTIVE
    assert group.started_on == today()
    assert group.review_due_on == days(400)
    assert history_kinds(group) == [EventKind.PROPOSED, EventKind.APPROVED]
    assert history_changes(group, EventKind.APPROVED)["status"] == ("proposed", "active")


def test_approval_rechecks_the_review_date(world):
    group = ProposedThemeGroupFactory(lead_pillar=world.pillar, review_due_on=days(30))
    with pytest.raises(ValidationError) as info:
        theme_group_approve(by=world.person("db_member").user, group=group, review_due_on=days(-2))
    assert field_codes(info.value) == {"review_due_on": {"review_date_not_future"}}
    group.refresh_from_db()
    assert group.status == ThemeGroupStatus.PROPOSED


def test_a_refused_proposal_keeps_its_reason(world):
    group = ProposedThemeGroupFactory(lead_pillar=world.pillar)
    theme_group_refuse(by=world.person("db_member").user, group=group, reason="Past bij de VNG.")
    group.refresh_from_db()
    assert group.status == ThemeGroupStatus.REFUSED
    assert group.refusal_reason == "Past bij de VNG."
    page = world.client("official_a").get(group.get_absolute_url()).content.decode()
    assert "Past bij de VNG." in page
    with pytest.raises(ValidationError) as info:
        theme_group_approve(by=world.person("db_member").user, group=group, review_due_on=days(100))
    assert info.value.code == "read_only"


def test_refusal_needs_a_reason(world):
    group = ProposedThemeGroupFactory(lead_pillar=world.pillar)
    with pytest.raises(ValidationError) as info:
        theme_group_refuse(by=world.person("db_member").user, group=group, reason=" ")
    assert field_codes(info.value) == {"reason": {"reason_required"}}
    group.refresh_from_db()
    assert group.status == ThemeGroupStatus.PROPOSED


def test_only_the_db_approves(world):
    group = ProposedThemeGroupFactory(lead_pillar=world.pillar)
    with pytest.raises(ValidationError) as info:
        theme_group_approve(
            by=world.person("pillar_secretary").user, group=group, review_due_on=days(100)
        )
    assert info.value.code == "forbidden"
    group.refresh_from_db()
    assert group.status == ThemeGroupStatus.PROPOSED


def test_proposal_form_shows_the_date_problem(world):
    response = world.client("pillar_secretary").post(
        reverse("themegroups:propose"),
        {
            "name": "Mobiliteit",
            "goal": "Bereikbaarheid.",
            "expected_result": "Een agenda.",
            "lead_pillar": world.pillar.pk,
            "review_due_on": days(-5).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "De evaluatiedatum moet na vandaag liggen." in response.content.decode()
    assert not ThemeGroup.objects.exists()
