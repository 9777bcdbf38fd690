"""The theme-group lifecycle, driven by generated sequences (a Hypothesis state machine):
propose, approve, refuse, decide (extend or end, also on a stale review date), assign
support (also from a former member city), add and remove members, plan digital meetings
and programme sessions for the group, and the clock moving on. After every step:

- every group has a review date (after its start);
- an ended group or refused proposal is never written to again (its row, members,
  support, decisions, meetings and sessions stay as they were when it closed), and every
  write to it is refused with ``read_only``;
- at most one decision per group and review date;
- support comes only from member cities;
- the "no support" and "support ends soon" flags (the lists' annotation, the model's
  properties and the querysets the digest mails use) agree with a day-by-day count.

Short by default; ``HYPOTHESIS_PROFILE=long`` for thousands of sequences
(``tests/hypothesis_profiles.py``).
"""

import datetime
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Count
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from members.constants import CityStatus
from members.models import City
from networkdays.models import DigitalMeeting, ProgrammeSession
from networkdays.services import programme_session_save
from networkdays.services_meetings import digital_meeting_save
from themegroups.constants import ReviewOutcome, ThemeGroupStatus
from themegroups.models import Membership, ReviewDecision, SupportAssignment, ThemeGroup
from themegroups.rules import latest_review_date
from themegroups.selectors import groups_with_details
from themegroups.services import (
    theme_group_approve,
    theme_group_decide,
    theme_group_propose,
    theme_group_refuse,
)
from themegroups.services_members import membership_add, membership_remove, support_assign

from ..factories import CityFactory, PersonFactory
from ..helpers import codes
from ..hypothesis_profiles import machine_settings
from ..networkdays.factories import (
    DigitalMeetingFactory,
    NetworkDayFactory,
    ProgrammeSessionFactory,
)
from .lifecycle import DAY, REAL_LOCALDATE, Clock, brute_force_flags, snapshot


class ThemeGroupLifecycle(RuleBasedStateMachine):
    # Set by the test before the machine runs.
    world = None
    clock: Clock = None
    member_people: list = []
    former_person = None
    network_day = None

    def __init__(self):
        super().__init__()
        self.clock.today = REAL_LOCALDATE()
        self.group_ids: list[int] = []
        self.closed: dict[int, tuple] = {}  # group id → snapshot when it closed
        self.names = 0

    def teardown(self):
        groups = ThemeGroup.objects.filter(pk__in=self.group_ids)
        DigitalMeeting.objects.filter(theme_group__in=groups).delete()
        ProgrammeSession.objects.filter(theme_group__in=groups).delete()
        SupportAssignment.objects.filter(theme_group__in=groups).delete()
        ReviewDecision.objects.filter(theme_group__in=groups).delete()
        groups.delete()
        self.clock.today = REAL_LOCALDATE()

    @initialize(support_days=st.sampled_from([None, 10, 41, 42, 43, 300]))
    def an_active_group(self, support_days):
        """Most sequences start from a running group, supported from 30 days ago until
        ``support_days`` ahead (proposals come by the rules too)."""
        group = theme_group_propose(
            by=self.user("secretariat"),
            name="Machinegroep 0",
            goal="Doel.",
            expected_result="Resultaat.",
            lead_pillar=self.world.pillar,
            review_due_on=self.clock.today + datetime.timedelta(days=90),
        )
        theme_group_approve(
            by=self.user("db_member"),
            group=group,
            review_due_on=self.clock.today + datetime.timedelta(days=90),
        )
        self.group_ids.append(group.pk)
        if support_days is not None:
            support_assign(
                by=self.user("secretariat"),
                group=group,
                person=self.member_people[0],
                hours_per_month=Decimal("8"),
                starts_on=self.clock.today - datetime.timedelta(days=30),
                ends_on=self.clock.today + datetime.timedelta(days=support_days),
            )

    # --- helpers ---------------------------------------------------------------------
    def user(self, persona: str):
        return self.world.person(persona).user

    def group(self, index: int) -> ThemeGroup:
        return ThemeGroup.objects.get(pk=self.group_ids[index % len(self.group_ids)])

    def expect_refusal_when_closed(self, group: ThemeGroup, call, allowed=()) -> bool:
        """Run ``call``; on a closed group it must be refused with ``read_only``.
        Returns whether it succeeded."""
        closed = group.is_read_only
        try:
            call()
        except ValidationError as error:
            found = codes(error)
            if closed:
                assert "read_only" in found, found
            else:
                assert found <= set(allowed), found
            return False
        assert not closed, f"a write to closed group {group.pk} was accepted"
        return True

    # --- the rules ------------------------------------------------------------------------
    @rule(other_pillar=st.booleans(), offset=st.integers(min_value=-3, max_value=800))
    def propose(self, other_pillar, offset):
        today = self.clock.today
        review = today + datetime.timedelta(days=offset)
        self.names += 1
        try:
            group = theme_group_propose(
                by=self.user("secretariat"),
                name=f"Machinegroep {self.names}",
                goal="Doel.",
                expected_result="Resultaat.",
                lead_pillar=self.world.other_pillar if other_pillar else self.world.pillar,
                review_due_on=review,
            )
        except ValidationError as error:
            assert offset <= 0 or review > latest_review_date(today)
            assert codes(error) <= {"review_date_not_future", "review_date_too_far"}
            return
        assert offset > 0 and review <= latest_review_date(today)
        self.group_ids.append(group.pk)

    @precondition(lambda self: self.group_ids)
    @rule(index=st.integers(0, 50), offset=st.integers(min_value=-3, max_value=800))
    def approve(self, index, offset):
        group = self.group(index)
        review = self.clock.today + datetime.timedelta(days=offset)
        self.expect_refusal_when_closed(
            group,
            lambda: theme_group_approve(
                by=self.user("db_member"), group=group, review_due_on=review
            ),
            allowed={"not_a_proposal", "review_date_not_future", "review_date_too_far"},
        )

    @precondition(lambda self: self.group_ids)
    @rule(index=st.integers(0, 50))
    def refuse(self, index):
        group = self.group(index)
        self.expect_refusal_when_closed(
            group,
            lambda: theme_group_refuse(by=self.user("db_member"), group=group, reason="Past niet."),
            allowed={"not_a_proposal"},
        )

    @precondition(lambda self: self.group_ids)
    @rule(
        index=st.integers(0, 50),
        extend=st.booleans(),
        offset=st.integers(min_value=-3, max_value=800),
        stale=st.booleans(),
    )
    def decide(self, index, extend, offset, stale):
        group = self.group(index)
        date = self.clock.today + datetime.timedelta(days=offset)
        reviewed = group.review_due_on - DAY if stale else group.review_due_on
        decided_before = ReviewDecision.objects.filter(
            theme_group=group, review_due_on=reviewed
        ).exists()
        try:
            theme_group_decide(
                by=self.user("db_member"),
                group=group,
                review_due_on=reviewed,
                outcome=ReviewOutcome.EXTEND if extend else ReviewOutcome.END,
                reason="Besluit.",
                new_review_due_on=date if extend else None,
                ends_on=None if extend else date,
            )
        except ValidationError as error:
            assert codes(error) <= {
                "read_only",
                "already_decided",
                "not_active",
                "review_date_changed",
                "extension_not_later",
                "review_date_not_future",
                "review_date_too_far",
                "end_date_past",
                "end_date_too_far",
            }, codes(error)
            return
        assert group.status == ThemeGroupStatus.ACTIVE and not stale and not decided_before

    @precondition(lambda self: self.group_ids)
    @rule(
        index=st.integers(0, 50),
        former=st.booleans(),
        # Around the warning window (6 weeks) and the gap, and anything else.
        start=st.sampled_from([-30, -1, 0, 1, 11, 41, 42, 43, 100])
        | st.integers(min_value=-60, max_value=400),
        length=st.sampled_from([0, 1, 10, 40, 41, 42, 300]) | st.integers(-3, 400),
    )
    def assign_support(self, index, former, start, length):
        group = self.group(index)
        starts_on = self.clock.today + datetime.timedelta(days=start)
        person = self.former_person if former else self.member_people[start % 2]
        done = self.expect_refusal_when_closed(
            group,
            lambda: support_assign(
                by=self.user("secretariat"),
                group=group,
                person=person,
                hours_per_month=Decimal("4"),
                starts_on=starts_on,
                ends_on=starts_on + datetime.timedelta(days=length),
            ),
            allowed={"not_member_city", "support_period_reversed"},
        )
        assert done == (not group.is_read_only and not former and length >= 0)

    @precondition(lambda self: self.group_ids)
    @rule(
        index=st.integers(0, 50),
        gap=st.sampled_from([1, 2, 30, 90]),
        length=st.sampled_from([10, 300]),
    )
    def renew_support(self, index, gap, length):
        """Support again after the last support ends: the next day (no gap) or later."""
        group = self.group(index)
        last = max(
            SupportAssignment.objects.filter(theme_group=group).values_list("ends_on", flat=True),
            default=self.clock.today,
        )
        starts_on = last + datetime.timedelta(days=gap)
        self.expect_refusal_when_closed(
            group,
            lambda: support_assign(
                by=self.user("secretariat"),
                group=group,
                person=self.member_people[1],
                hours_per_month=Decimal("2"),
                starts_on=starts_on,
                ends_on=starts_on + datetime.timedelta(days=length),
            ),
        )

    @precondition(lambda self: self.group_ids)
    @rule(index=st.integers(0, 50), who=st.integers(0, 2))
    def add_member(self, index, who):
        group = self.group(index)
        person = [*self.member_people, self.former_person][who]
        already = Membership.objects.filter(theme_group=group, person=person).exists()
        done = self.expect_refusal_when_closed(
            group,
            lambda: membership_add(
                by=self.user("secretariat"), group=group, person=person, role="member"
            ),
            allowed={"not_member_city", "already_member"},
        )
        assert done == (not group.is_read_only and person != self.former_person and not already)

    @precondition(lambda self: Membership.objects.filter(theme_group__in=self.group_ids).exists())
    @rule(index=st.integers(0, 50))
    def remove_member(self, index):
        memberships = list(Membership.objects.filter(theme_group__in=self.group_ids).order_by("pk"))
        membership = memberships[index % len(memberships)]
        self.expect_refusal_when_closed(
            membership.theme_group,
            lambda: membership_remove(
                by=self.user("secretariat"),
                membership=membership,
            ),
        )

    @precondition(lambda self: self.group_ids)
    @rule(index=st.integers(0, 50))
    def plan_meeting(self, index):
        group = self.group(index)
        self.expect_refusal_when_closed(
            group,
            lambda: digital_meeting_save(
                meeting=DigitalMeetingFactory.build(theme_group=group),
                by=self.user("secretariat"),
            ),
        )

    @precondition(lambda self: DigitalMeeting.objects.filter(theme_group__in=self.group_ids))
    @rule(index=st.integers(0, 50))
    def move_meeting(self, index):
        meetings = list(
            DigitalMeeting.objects.filter(theme_group__in=self.group_ids).order_by("pk")
        )
        meeting = meetings[index % len(meetings)]
        meeting.starts_at += datetime.timedelta(hours=1)
        meeting.ends_at += datetime.timedelta(hours=1)
        self.expect_refusal_when_closed(
            meeting.theme_group,
            lambda: digital_meeting_save(meeting=meeting, by=self.user("secretariat")),
        )

    @precondition(lambda self: self.group_ids)
    @rule(index=st.integers(0, 50))
    def plan_session(self, index):
        group = self.group(index)
        self.expect_refusal_when_closed(
            group,
            lambda: programme_session_save(
                session=ProgrammeSessionFactory.build(
                    network_day=self.network_day, theme_group=group
                ),
                by=self.user("secretariat"),
            ),
        )

    @precondition(lambda self: self.clock.today < REAL_LOCALDATE() + datetime.timedelta(days=1000))
    @rule(days=st.sampled_from([1, 2, 7, 30, 41, 42, 43, 100, 200]))
    def time_passes(self, days):
        self.clock.today += datetime.timedelta(days=days)

    # --- the invariants -------------------------------------------------------------------
    @invariant()
    def every_group_has_a_review_date(self):
        for group in ThemeGroup.objects.filter(pk__in=self.group_ids):
            assert group.review_due_on is not None
            assert group.started_on is None or group.review_due_on > group.started_on

    @invariant()
    def closed_groups_stay_as_they_were(self):
        for group_id in self.group_ids:
            if group_id in self.closed:
                assert snapshot(group_id) == self.closed[group_id], group_id
            elif ThemeGroup.objects.get(pk=group_id).is_read_only:
                self.closed[group_id] = snapshot(group_id)

    @invariant()
    def one_decision_per_review(self):
        assert not (
            ReviewDecision.objects.values("theme_group", "review_due_on")
            .annotate(n=Count("pk"))
            .filter(n__gt=1)
            .exists()
        )

    @invariant()
    def support_only_from_member_cities(self):
        others = SupportAssignment.objects.exclude(person__city__in=City.objects.members())
        assert not others.exists()

    @invariant()
    def support_flags_follow_the_days(self):
        today = self.clock.today
        groups = groups_with_details(today, members=False, meetings=False).filter(
            pk__in=self.group_ids
        )
        lacking = set(ThemeGroup.objects.open().without_support(today).values_list("pk", flat=True))
        ending = set(
            ThemeGroup.objects.open().support_ending_soon(today).values_list("pk", flat=True)
        )
        for group in groups:
            expected = brute_force_flags(group, today)
            assert (group.needs_support_flag, group.support_ending_soon) == expected, (
                group.pk,
                expected,
            )
            assert ThemeGroup.objects.get(pk=group.pk).needs_support_flag == expected[0]
            assert (group.pk in lacking, group.pk in ending) == expected


@pytest.mark.django_db
def test_the_theme_group_lifecycle_holds_its_rules(world):
    former_city = CityFactory(name="Oud-lid", cbs_code="GM7996", status=CityStatus.FORMER)
    ThemeGroupLifecycle.world = world
    ThemeGroupLifecycle.clock = clock = Clock()
    ThemeGroupLifecycle.member_people = [world.person("official_a"), world.person("official_b")]
    ThemeGroupLifecycle.former_person = PersonFactory(city=former_city)
    ThemeGroupLifecycle.network_day = NetworkDayFactory()
    with mock.patch("django.utils.timezone.localdate", clock.localdate):
        run_state_machine_as_test(ThemeGroupLifecycle, settings=machine_settings())
