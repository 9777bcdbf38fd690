"""Two DB members decide the same review at the same moment: one decision, and the
other gets a clear message. Needs PostgreSQL's row locks."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from themegroups.constants import ReviewOutcome, ThemeGroupStatus
from themegroups.models import ReviewDecision, ThemeGroup
from themegroups.services import theme_group_decide

from ..conftest import requires_postgres
from ..factories import make_person_with_login
from ..helpers import lock_held, race
from .factories import ThemeGroupFactory, days, today


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_two_db_members_decide_one_review_once(world):
    from members.constants import BoardPosition, RoleKind

    second = make_person_with_login(
        username="db-vice",
        city=world.city_a,
        roles=[(RoleKind.DB_MEMBER, BoardPosition.VICE_CHAIR, None)],
    )
    group = ThemeGroupFactory(lead_pillar=world.pillar, review_due_on=days(-14))
    users = [world.person("db_member").user, second.user]
    choices = [
        {"outcome": ReviewOutcome.EXTEND, "new_review_due_on": days(365), "ends_on": None},
        {"outcome": ReviewOutcome.END, "new_review_due_on": None, "ends_on": today()},
    ]
    results = race(
        [
            lambda i=i: theme_group_decide(
                by=users[i],
                group=group,
                review_due_on=days(-14),
                reason=f"Besluit {i}",
                **choices[i],
            )
            for i in range(2)
        ]
    )

    decisions = [r for r in results if isinstance(r, ReviewDecision)]
    refusals = [r for r in results if isinstance(r, ValidationError)]
    assert len(decisions) == 1, results
    assert len(refusals) == 1, results
    assert refusals[0].code == "already_decided"
    assert ReviewDecision.objects.filter(theme_group=group).count() == 1
    group = ThemeGroup.objects.get(pk=group.pk)
    winner = decisions[0]
    if winner.outcome == ReviewOutcome.EXTEND:
        assert group.status == ThemeGroupStatus.ACTIVE
        assert group.review_due_on == days(365)
    else:
        assert group.status == ThemeGroupStatus.ENDED
    # One decision in the audit trail too: the loser wrote nothing.
    assert LogEntry.objects.get_for_model(ReviewDecision).count() == 1


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_a_lock_held_too_long_answers_too_busy(world):
    """A writer that cannot get the group's lock within the timeout gets a message."""
    group = ThemeGroupFactory(lead_pillar=world.pillar, review_due_on=days(-1))
    with (
        lock_held(ThemeGroup.objects.filter(pk=group.pk)),
        pytest.raises(ValidationError) as info,
    ):
        theme_group_decide(
            by=world.person("db_member").user,
            group=group,
            review_due_on=days(-1),
            outcome=ReviewOutcome.EXTEND,
            new_review_due_on=days(100),
            reason="Snel besluiten.",
        )
    assert info.value.code == "busy"
    assert not ReviewDecision.objects.exists()
