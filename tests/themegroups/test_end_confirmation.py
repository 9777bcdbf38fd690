"""Ending a theme group asks first (issue 11, item 9): the DB's decide form with outcome
"end" and no confirmation shows what will happen and changes nothing; with
``confirm=yes`` the group ends; "back" returns to the form with what was filled in."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from themegroups.constants import ReviewOutcome, ThemeGroupStatus
from themegroups.models import ReviewDecision

from .factories import ThemeGroupFactory

pytestmark = pytest.mark.django_db


def today() -> datetime.date:
    return timezone.localdate()


@pytest.fixture
def group(world):
    return ThemeGroupFactory(
        lead_pillar=world.pillar, review_due_on=today() - datetime.timedelta(days=3)
    )


def _data(group, **extra):
    return {
        "review_due_on": group.review_due_on.isoformat(),
        "outcome": ReviewOutcome.END,
        "ends_on": today().isoformat(),
        "reason": "Doel bereikt.",
        **extra,
    }


def _url(group):
    return reverse("themegroups:decide", kwargs={"slug": group.slug})


def test_end_without_confirmation_changes_nothing_and_asks(world, group):
    response = world.client("db_member").post(_url(group), _data(group))
    assert response.status_code == 200
    content = response.content.decode()
    assert f"{group.name} beëindigen?" in content
    assert "alleen nog te lezen" in content and "Doel bereikt." in content
    assert 'name="confirm" value="yes"' in content
    group.refresh_from_db()
    assert group.status == ThemeGroupStatus.ACTIVE
    assert not ReviewDecision.objects.exists()


def test_end_with_confirmation_ends_the_group(world, group):
    response = world.client("db_member").post(_url(group), _data(group, confirm="yes"))
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.status == ThemeGroupStatus.ENDED
    assert ReviewDecision.objects.get().outcome == ReviewOutcome.END


def test_back_returns_to_the_filled_in_form(world, group):
    response = world.client("db_member").post(_url(group), _data(group, back="1"))
    assert response.status_code == 200
    assert response.context["form"].data["reason"] == "Doel bereikt."
    assert "beëindigen?" not in response.content.decode()
    group.refresh_from_db()
    assert group.status == ThemeGroupStatus.ACTIVE


def test_a_wrong_end_date_is_shown_on_the_form_not_confirmed(world, group):
    yesterday = (today() - datetime.timedelta(days=1)).isoformat()
    response = world.client("db_member").post(_url(group), _data(group, ends_on=yesterday))
    assert response.status_code == 200
    assert "beëindigen?" not in response.content.decode()
    assert "end_date_past" in [e.code for e in response.context["form"].errors.as_data()["ends_on"]]


def test_extending_needs_no_confirmation(world, group):
    data = _data(
        group,
        outcome=ReviewOutcome.EXTEND,
        new_review_due_on=(today() + datetime.timedelta(days=200)).isoformat(),
    )
    assert world.client("db_member").post(_url(group), data).status_code == 302
