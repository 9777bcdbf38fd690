"""The ten-year set's theme groups (members, reviews, support, meetings, history) and
knowledge products; ``bench.data`` calls them."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from bench.data_names import KNOWLEDGE_WORDS, SUBJECTS
from networkdays.models import DigitalMeeting, ProgrammeSession
from pillars.models import Pillar
from themegroups.constants import EventKind, MembershipRole, ReviewOutcome, ThemeGroupStatus
from themegroups.models import (
    Membership,
    ReviewDecision,
    SupportAssignment,
    ThemeGroup,
)

if TYPE_CHECKING:
    from bench.data import Size


def _aware(date: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(hour)))


def _theme_groups(rng, today, pool, size: Size) -> None:
    """300 groups over ten years: most ended after one to three reviews, some refused,
    about 30 active (some overdue, some due, some without support) and a few
    proposals; each with members, decisions, support, meetings and history."""
    pillars = list(Pillar.objects.all())
    n_active = max(2, size.theme_groups // 10)
    n_proposed = max(1, size.theme_groups // 60)
    n_refused = max(1, size.theme_groups // 15)
    groups = []
    plans = []  # (group, [(review date, decided on, outcome, new date or end)], ...)
    for index in range(size.theme_groups):
        subject = SUBJECTS[index % len(SUBJECTS)]
        name = f"{subject} {index + 1:03d}"
        lead = pillars[index % len(pillars)]
        if index < n_active:
            status = ThemeGroupStatus.ACTIVE
        elif index < n_active + n_proposed:
            status = ThemeGroupStatus.PROPOSED
        elif index < n_active + n_proposed + n_refused:
            status = ThemeGroupStatus.REFUSED
        else:
            status = ThemeGroupStatus.ENDED
        cycles = rng.randint(1, 3)
        if status == ThemeGroupStatus.ACTIVE:
            # Review dates from overdue (-60 days) to a year ahead.
            # The first is overdue and the second due, so every list has rows.
            review = today + datetime.timedelta(
                days=[-30, 20][index] if index < 2 else rng.randrange(-60, 365)
            )
            started = review - datetime.timedelta(days=365 * cycles)
        else:
            started = today - datetime.timedelta(days=rng.randrange(365 * 3, 365 * 10))
            review = started + datetime.timedelta(days=365)
        group = ThemeGroup(
            name=name,
            slug=f"{subject.lower().replace(' ', '-')}-{index + 1:03d}",
            goal=f"Samen werken aan {subject.lower()} in de G40-steden.",
            expected_result="Een gezamenlijke agenda en een lobbybrief.",
            lead_pillar=lead,
            status=status,
            proposed_at=_aware(started - datetime.timedelta(days=30), 10),
        )
        reviews = []
        if status == ThemeGroupStatus.PROPOSED:
            group.proposed_at = _aware(today - datetime.timedelta(days=rng.randrange(3, 40)), 10)
            group.review_due_on = today + datetime.timedelta(days=rng.randrange(120, 365))
        elif status == ThemeGroupStatus.REFUSED:
            group.review_due_on = started + datetime.timedelta(days=365)
            group.refusal_reason = "Past binnen een bestaande themagroep."
        else:
            group.started_on = started
            due = started + datetime.timedelta(days=365)
            # Extensions, one a year; an ended group ends at its last review.
            for _ in range(cycles - 1):
                reviews.append((due, ReviewOutcome.EXTEND, due + datetime.timedelta(days=365)))
                due = due + datetime.timedelta(days=365)
            if status == ThemeGroupStatus.ENDED:
                due = min(due, today - datetime.timedelta(days=1))
                reviews.append((due, ReviewOutcome.END, due))
                group.ended_on = due
                group.end_reason = "Het doel is bereikt."
                group.review_due_on = due
            else:
                group.review_due_on = review
        groups.append(group)
        plans.append(reviews)
    groups = ThemeGroup.objects.bulk_create(groups)

    other_pillars = []
    memberships = []
    decisions = []
    supports = []
    events = []
    meetings = []
    for group, reviews in zip(groups, plans, strict=True):
        for pillar in pillars:
            if pillar.pk != group.lead_pillar_id and rng.random() < 0.4:
                other_pillars.append(
                    ThemeGroup.other_pillars.through(themegroup=group, pillar=pillar)
                )
        start = group.started_on or group.proposed_at.date()
        at = _aware(start, 10)
        events.append(
            _event(
                group,
                EventKind.PROPOSED,
                group.proposed_at,
                {"lead_pillar": ["None", str(group.lead_pillar_id)]},
            )
        )
        if group.status == ThemeGroupStatus.REFUSED:
            events.append(_event(group, EventKind.REFUSED, at, {"reason": ["", "Past niet"]}))
            continue
        if group.started_on:
            events.append(_event(group, EventKind.APPROVED, at, {"status": ["proposed", "active"]}))
        members = rng.sample(pool, min(rng.randint(5, 14), len(pool)))
        for position, person in enumerate(members):
            memberships.append(
                Membership(
                    theme_group=group,
                    person=person,
                    role=MembershipRole.CHAIR if position == 0 else MembershipRole.MEMBER,
                    joined_on=start,
                )
            )
        if not group.started_on:
            continue
        for review_due_on, outcome, date in reviews:
            decided = review_due_on - datetime.timedelta(days=rng.randrange(0, 20))
            decision = ReviewDecision(
                theme_group=group,
                review_due_on=review_due_on,
                outcome=outcome,
                reason="Besproken in de DB-vergadering.",
                decided_by_name="Hendrik Molenaar",
                decided_on=decided,
                decided_at=_aware(decided, 11),
            )
            if outcome == ReviewOutcome.EXTEND:
                decision.new_review_due_on = date
                kind, changes = (
                    EventKind.EXTENDED,
                    {"review_due_on": [str(review_due_on), str(date)]},
                )
            else:
                decision.ends_on = max(date, decided)
                kind, changes = EventKind.ENDED, {"status": ["active", "ended"]}
            decisions.append(decision)
            events.append(_event(group, kind, _aware(decided, 11), changes))
        # Support: one assignment per year of the group's life; the active groups'
        # last one runs into the future for most, ends soon or has ended for some.
        end = group.ended_on or today + datetime.timedelta(days=rng.choice([-10, 20, 200, 300]))
        period_start = group.started_on
        while period_start < end:
            period_end = min(period_start + datetime.timedelta(days=364), end)
            person = rng.choice(pool)
            supports.append(
                SupportAssignment(
                    theme_group=group,
                    person=person,
                    hours_per_month=Decimal(rng.choice(["4.0", "8.0", "12.0", "16.0"])),
                    starts_on=period_start,
                    ends_on=period_end,
                    assigned_at=_aware(period_start, 9),
                )
            )
            period_start = period_end + datetime.timedelta(days=1)
        for quarter in range(rng.randint(1, 6)):
            begins = _aware(group.started_on + datetime.timedelta(days=90 * quarter + 30), 15)
            meetings.append(
                DigitalMeeting(
                    title=f"Overleg {group.name}",
                    theme_group=group,
                    starts_at=begins,
                    ends_at=begins + datetime.timedelta(hours=1),
                    online_link="https://meet.example.org/g40",
                )
            )
    ThemeGroup.other_pillars.through.objects.bulk_create(other_pillars)
    Membership.objects.bulk_create(memberships, batch_size=5000)
    ReviewDecision.objects.bulk_create(decisions, batch_size=5000)
    SupportAssignment.objects.bulk_create(supports, batch_size=5000)
    # Members and support in the history as the audit trail records them: an entry on
    # the membership or the support, naming the person by id and the group in
    # additional_data (bulk_create has set the ids).
    for membership in memberships:
        events.append(_created(membership, _aware(membership.joined_on, 10), ["person", "role"]))
    for support in supports:
        events.append(
            _created(
                support, support.assigned_at, ["person", "hours_per_month", "starts_on", "ends_on"]
            )
        )
    LogEntry.objects.bulk_create(events, batch_size=5000)
    DigitalMeeting.objects.bulk_create(meetings, batch_size=5000)


def _created(obj, at, fields) -> LogEntry:
    changes = {}
    for name in fields:
        field = obj._meta.get_field(name)
        changes[name] = ["None", str(getattr(obj, field.attname))]
    return LogEntry(
        content_type=ContentType.objects.get_for_model(obj),
        object_pk=str(obj.pk),
        object_id=obj.pk,
        object_repr=str(obj),
        action=LogEntry.Action.CREATE,
        changes=changes,
        timestamp=at,
        additional_data={"theme_group": obj.theme_group_id},
    )


def _event(group, kind, at, changes) -> LogEntry:
    """A line of the group's history as an audit entry (bulk_create passes no signal)."""
    return LogEntry(
        content_type=ContentType.objects.get_for_model(ThemeGroup),
        object_pk=str(group.pk),
        object_id=group.pk,
        object_repr=group.name,
        action=LogEntry.Action.UPDATE,
        changes=changes,
        timestamp=at,
        additional_data={"kind": kind, "actor_name": "Secretariaat G40"},
    )


# --- knowledge products (issue 25) ---------------------------------------------------


def _knowledge_products(rng, today, size: Size) -> None:
    """Products of the groups, pillars, sessions, the knowledge partner and bureaus over
    ten years, each with a summary and about 2,000 words of "file text" in the search
    (no files: the list and the search read the database only)."""
    from knowledge.constants import Audience, MakerKind, ProductKind
    from knowledge.models import KnowledgeProduct

    groups = list(ThemeGroup.objects.values_list("pk", flat=True))
    pillars = list(Pillar.objects.values_list("pk", flat=True))
    sessions = list(ProgrammeSession.objects.values_list("pk", flat=True))
    kinds = [k for k, _label in ProductKind.choices]
    audiences = [a for a, _label in Audience.choices]
    rows = []
    for index in range(size.knowledge_products):
        subject = rng.choice(SUBJECTS)
        kind = rng.choice(kinds)
        maker = rng.choice(
            [MakerKind.THEME_GROUP] * 5
            + [MakerKind.SESSION] * 3
            + [MakerKind.PILLAR, MakerKind.KNOWLEDGE_PARTNER, MakerKind.BUREAU]
        )
        fields = {"theme_group_id": None, "pillar_id": None, "session_id": None, "maker_name": ""}
        if maker == MakerKind.THEME_GROUP and groups:
            fields["theme_group_id"] = rng.choice(groups)
        elif maker == MakerKind.SESSION and sessions:
            fields["session_id"] = rng.choice(sessions)
        elif maker == MakerKind.PILLAR:
            fields["pillar_id"] = rng.choice(pillars)
        else:
            maker = MakerKind.KNOWLEDGE_PARTNER
            fields["maker_name"] = "Platform31"
        title = f"{ProductKind(kind).label} {subject.lower()} {index}"
        summary = f"Wat {subject.lower()} vraagt van gemeenten: " + " ".join(
            rng.choice(KNOWLEDGE_WORDS) for _ in range(40)
        )
        body = " ".join(rng.choice(KNOWLEDGE_WORDS) for _ in range(2000))
        rows.append(
            KnowledgeProduct(
                title=title,
                summary=summary[:600],
                kind=kind,
                audience=rng.choice(audiences),
                maker_kind=maker,
                published_on=today - datetime.timedelta(days=rng.randrange(1, 3650)),
                is_public=rng.random() < 0.5,
                search_text=f"{title}\n{summary}\n{body}",
                **fields,
            )
        )
    KnowledgeProduct.objects.bulk_create(rows, batch_size=1000)
    from django.db import connection

    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchVector

        KnowledgeProduct.objects.update(search_vector=SearchVector("search_text", config="dutch"))
