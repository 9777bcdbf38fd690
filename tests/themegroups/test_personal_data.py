from decimal import Decimal

import pytest

from themegroups import personal_data
from themegroups.constants import ReviewOutcome
from themegroups.models import Membership, ReviewDecision, SupportAssignment
from themegroups.services import theme_group_decide
from themegroups.services_members import membership_add, support_assign

from .factories import ThemeGroupFactory, days


@pytest.fixture
def history(world):
    group = ThemeGroupFactory(lead_pillar=world.pillar, review_due_on=days(-1))
    official = world.person("official_a")
    membership_add(
        by=world.person("pillar_secretary").user, group=group, person=official, role="chair"
    )
    support_assign(
        by=world.person("pillar_secretary").user,
        group=group,
        person=official,
        hours_per_month=Decimal("5"),
        starts_on=days(0),
        ends_on=days(30),
    )
    theme_group_decide(
        by=world.person("db_member").user,
        group=group,
        review_due_on=days(-1),
        outcome=ReviewOutcome.EXTEND,
        new_review_due_on=days(100),
        reason="Door.",
    )
    return group


def test_collect(world, history):
    data = personal_data.collect(world.person("official_a"))
    assert data["memberships"][0]["role"] == "chair"
    assert data["support"][0]["hours_per_month"] == "5.0"
    assert (
        personal_data.collect(world.person("db_member"))["review_decisions"][0]["reason"] == "Door."
    )


def test_erase_blanks_names_in_the_history_and_keeps_the_counts(world, history):
    """Through the erasure service, as the secretariat's button runs it: every app's
    part, the group's history (the audit trail) included."""
    from accounts.services import person_erase
    from tests.audit.helpers import history_kinds

    official = world.person("official_a")
    name = official.name
    kinds_before = history_kinds(history)
    secretariat = world.person("secretariat").user
    person_erase(by=secretariat, person=official)
    person_erase(by=secretariat, person=world.person("db_member"))
    assert Membership.objects.count() == 1
    assert SupportAssignment.objects.count() == 1
    assert ReviewDecision.objects.get().decided_by_name == "—"
    assert history_kinds(history) == kinds_before
    page = world.client("pillar_secretary").get(history.get_absolute_url()).content.decode()
    assert "Door." in page
    assert name not in page
