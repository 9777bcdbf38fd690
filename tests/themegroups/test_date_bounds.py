"""Issue 11, item 1 for theme groups: a support period or a decision in year 1 (or
beyond 2100) is refused with a message, never a 500."""

import pytest
from django.urls import reverse

from infra.bounds import CODE
from themegroups.models import ReviewDecision, SupportAssignment

from .factories import ThemeGroupFactory


@pytest.fixture
def group(world):
    return ThemeGroupFactory(lead_pillar=world.pillar)


@pytest.mark.django_db
def test_support_from_year_one_is_refused_with_a_message(world, group):
    response = world.client("pillar_secretary").post(
        reverse("themegroups:support_assign", kwargs={"slug": group.slug}),
        {
            "person": world.person("contact_a").pk,
            "hours_per_month": "6",
            "starts_on": "0001-01-01",
            "ends_on": "9999-12-31",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors.as_data()
    assert [e.code for e in errors["starts_on"]] == [CODE]
    assert [e.code for e in errors["ends_on"]] == [CODE]
    assert not SupportAssignment.objects.exists()


@pytest.mark.django_db
def test_a_decision_ending_after_2100_is_refused_with_a_message(world, group):
    response = world.client("db_member").post(
        reverse("themegroups:decide", kwargs={"slug": group.slug}),
        {
            "review_due_on": group.review_due_on.isoformat(),
            "outcome": "end",
            "ends_on": "2101-01-01",
            "reason": "Klaar.",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors.as_data()
    assert [e.code for e in errors["ends_on"]] == [CODE]
    assert not ReviewDecision.objects.exists()
