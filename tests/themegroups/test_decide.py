"""The DB's review decision: extend or end, with a reason, once, never back-dated."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from themegroups.constants import EventKind, ReviewOutcome, ThemeGroupStatus
from themegroups.models import ReviewDecision, ThemeGroup
from themegroups.services import latest_review_date, theme_group_decide

from ..audit.helpers import as_request, history_changes, history_kinds
from ..helpers import field_codes
from .factories import ThemeGroupFactory, days, today


@pytest.fixture
def overdue_group(world):
    return ThemeGroupFactory(lead_pillar=world.pillar, review_due_on=days(-7))


def _decide(world, group, persona="db_member", **kwargs):
    arguments = {
        "by": world.person(persona).user,
        "group": group,
        "review_due_on": group.review_due_on,
        "outcome": ReviewOutcome.EXTEND,
        "reason": "Het werk is nog niet af.",
        "new_review_due_on": days(365),
    }
    arguments.update(kwargs)
    with as_request(arguments["by"]):
        return theme_group_decide(**arguments)


def _unchanged(group):
    fresh = ThemeGroup.objects.get(pk=group.pk)
    assert fresh.review_due_on == group.review_due_on
    assert fresh.status == group.status
    assert not ReviewDecision.objects.filter(theme_group=group).exists()
    assert history_kinds(fresh) == [EventKind.PROPOSED]  # the factory's; nothing since


def test_extend_moves_the_review_date_and_records_who_and_why(world, overdue_group):
    decision = _decide(world, overdue_group)
    overdue_group.refresh_from_db()
    assert overdue_group.review_due_on == days(365)
    assert not overdue_group.is_overdue
    assert decision.review_due_on == days(-7)
    assert decision.decided_by == world.person("db_member").user
    assert world.person("db_member").name in decision.decided_by_name
    assert decision.decided_on == today()
    # One line: the decision and the group's new review date, written by one request.
    assert history_kinds(overdue_group) == [EventKind.PROPOSED, EventKind.EXTENDED]
    changes = history_changes(overdue_group, EventKind.EXTENDED)
    assert changes["review due on"] == (days(-7), days(365))
    assert changes["reason"] == (None, "Het werk is nog niet af.")


def test_end_closes_the_group_with_its_reason(world, overdue_group):
    _decide(
        world, overdue_group, outcome=ReviewOutcome.END, ends_on=today(), reason="Doel bereikt."
    )
    overdue_group.refresh_from_db()
    assert overdue_group.status == ThemeGroupStatus.ENDED
    assert overdue_group.ended_on == today()
    assert overdue_group.end_reason == "Doel bereikt."
    assert history_kinds(overdue_group) == [EventKind.PROPOSED, EventKind.ENDED]


@pytest.mark.parametrize(
    ("kwargs", "field", "code"),
    [
        ({"reason": "  "}, "reason", "reason_required"),
        ({"new_review_due_on": None}, "new_review_due_on", "review_date_required"),
        ({"new_review_due_on": days(-1)}, "new_review_due_on", "review_date_not_future"),
        ({"new_review_due_on": days(0)}, "new_review_due_on", "review_date_not_future"),
        ({"outcome": ReviewOutcome.END, "ends_on": days(-1)}, "ends_on", "end_date_past"),
        ({"outcome": ReviewOutcome.END, "ends_on": None}, "ends_on", "end_date_required"),
        ({"outcome": "maybe"}, "outcome", "invalid_outcome"),
    ],
    ids=[
        "no reason",
        "no new date",
        "new date in the past",
        "new date today",
        "back-dated end",
        "no end date",
        "unknown outcome",
    ],
)
def test_bad_decisions_change_nothing(world, overdue_group, kwargs, field, code):
    with pytest.raises(ValidationError) as info:
        _decide(world, overdue_group, **kwargs)
    assert field_codes(info.value) == {field: {code}}
    _unchanged(overdue_group)


def test_extension_at_most_24_months_ahead(world, overdue_group):
    latest = latest_review_date(today())
    with pytest.raises(ValidationError) as info:
        _decide(
            world,
            overdue_group,
            new_review_due_on=latest + __import__("datetime").timedelta(days=1),
        )
    assert field_codes(info.value) == {"new_review_due_on": {"review_date_too_far"}}
    assert "24" in info.value.message_dict["new_review_due_on"][0]
    _unchanged(overdue_group)
    _decide(world, overdue_group, new_review_due_on=latest)
    overdue_group.refresh_from_db()
    assert overdue_group.review_due_on == latest


def test_messages_are_in_the_users_language(world, overdue_group):
    with translation.override("nl"), pytest.raises(ValidationError) as info:
        _decide(world, overdue_group, reason="")
    assert field_codes(info.value) == {"reason": {"reason_required"}}
    assert info.value.message_dict["reason"] == ["Geef een reden voor het besluit."]


def test_a_decided_review_is_not_decided_again(world, overdue_group):
    reviewed_on = overdue_group.review_due_on
    _decide(world, overdue_group)
    with pytest.raises(ValidationError) as info:
        _decide(
            world,
            overdue_group,
            review_due_on=reviewed_on,
            outcome=ReviewOutcome.END,
            ends_on=today(),
            reason="Toch stoppen.",
        )
    assert info.value.code == "already_decided"
    overdue_group.refresh_from_db()
    assert overdue_group.status == ThemeGroupStatus.ACTIVE
    assert overdue_group.review_due_on == days(365)
    assert ReviewDecision.objects.filter(theme_group=overdue_group).count() == 1


def test_the_database_refuses_a_second_decision_on_one_review(world, overdue_group):
    _decide(world, overdue_group)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewDecision.objects.create(
            theme_group=overdue_group,
            review_due_on=days(-7),
            outcome=ReviewOutcome.END,
            ends_on=today(),
            reason="Dubbel.",
            decided_by_name="Iemand",
        )


def test_the_database_refuses_a_back_dated_end(world, overdue_group):
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewDecision.objects.create(
            theme_group=overdue_group,
            review_due_on=overdue_group.review_due_on,
            outcome=ReviewOutcome.END,
            ends_on=days(-1),
            reason="Terugwerkend.",
            decided_by_name="Iemand",
        )


def test_the_database_refuses_a_decision_without_reason(world, overdue_group):
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewDecision.objects.create(
            theme_group=overdue_group,
            review_due_on=overdue_group.review_due_on,
            outcome=ReviewOutcome.EXTEND,
            new_review_due_on=days(100),
            reason="",
            decided_by_name="Iemand",
        )


@pytest.mark.parametrize(
    "persona", ["secretariat", "pillar_secretary", "official_a", "event_bureau"]
)
def test_only_the_db_decides(world, overdue_group, persona):
    with pytest.raises(ValidationError) as info:
        _decide(world, overdue_group, persona=persona)
    assert info.value.code == "forbidden"
    _unchanged(overdue_group)


def test_a_db_member_whose_role_ended_no_longer_decides(world, overdue_group):
    role = world.person("db_member").roles.get()
    role.ends_on = days(-1)
    role.starts_on = days(-100)
    role.save()
    with pytest.raises(ValidationError) as info:
        _decide(world, overdue_group)
    assert info.value.code == "forbidden"


def test_an_ended_group_is_read_only(world, overdue_group):
    _decide(world, overdue_group, outcome=ReviewOutcome.END, ends_on=today(), reason="Klaar.")
    overdue_group.refresh_from_db()
    with pytest.raises(ValidationError) as info:
        _decide(world, overdue_group)
    assert info.value.code == "already_decided"
    # Any other review of the ended group: it can no longer be changed.
    with pytest.raises(ValidationError) as info:
        _decide(world, overdue_group, review_due_on=days(-1))
    assert info.value.code == "read_only"


def test_a_decision_on_a_group_not_yet_due_is_allowed(world):
    group = ThemeGroupFactory(lead_pillar=world.pillar, review_due_on=days(300))
    _decide(world, group, outcome=ReviewOutcome.END, ends_on=days(30), reason="Opgaan in VNG.")
    group.refresh_from_db()
    assert group.status == ThemeGroupStatus.ENDED
    assert group.ended_on == days(30)


def test_extension_must_lie_after_the_current_review_date(world):
    group = ThemeGroupFactory(lead_pillar=world.pillar, review_due_on=days(30))
    with pytest.raises(ValidationError) as info:
        _decide(world, group, new_review_due_on=days(20))
    assert field_codes(info.value) == {"new_review_due_on": {"extension_not_later"}}
