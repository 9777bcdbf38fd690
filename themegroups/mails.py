"""The weekly digests: the DB hears which reviews are due or overdue, each pillar
secretary which of their pillar's groups lack support. Queued through the outbox
(a system task: no acting user)."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.utils import timezone

from members.constants import RoleKind
from members.models import Person, Role
from outbox.services import mail_queue

from .models import ThemeGroup


def iso_week_label(today: datetime.date) -> str:
    year, week, _weekday = today.isocalendar()
    return f"{year}-W{week:02d}"


def weekly_digests_send(*, today: datetime.date | None = None) -> int:
    """Queue this ISO week's digests; returns how many were newly queued.

    The outbox key names the person and the week, so a scheduler that runs daily (or
    twice) sends each digest once per week. Nobody gets an empty digest.
    """
    from outbox.models import OutgoingMail

    today = today or timezone.localdate()
    period = iso_week_label(today)
    queued = 0

    def queue(key: str, to: str, template: str, context: dict) -> None:
        nonlocal queued
        if OutgoingMail.objects.filter(key=key).exists():
            return
        mail_queue(key=key, to=[to], template=template, context=context)
        queued += 1

    review_groups = list(
        ThemeGroup.objects.due_or_overdue(today)
        .select_related("lead_pillar")
        .order_by("review_due_on", "name")
    )
    if review_groups:
        overdue = [g for g in review_groups if g.review_due_on < today]
        due = [g for g in review_groups if g.review_due_on >= today]
        db_members = Person.objects.filter(
            pk__in=Role.objects.current(today).filter(kind=RoleKind.DB_MEMBER).values("person_id")
        ).order_by("pk")
        for person in db_members:
            queue(
                f"db-digest:{person.pk}:{period}",
                person.email,
                "themegroups/mail/db_digest",
                {"person": person, "overdue": overdue, "due": due, "period": period},
            )

    secretary_pillars: dict[int, set[int]] = defaultdict(set)
    secretaries: dict[int, Person] = {}
    for role in (
        Role.objects.current(today).filter(kind=RoleKind.PILLAR_SECRETARY).select_related("person")
    ):
        secretary_pillars[role.person_id].add(role.pillar_id)
        secretaries[role.person_id] = role.person
    if secretaries:
        open_groups = ThemeGroup.objects.open().select_related("lead_pillar").order_by("name")
        lacking = list(open_groups.without_support(today))
        ending = list(open_groups.support_ending_soon(today))
        for person_id, pillar_ids in sorted(secretary_pillars.items()):
            mine_lacking = [g for g in lacking if g.lead_pillar_id in pillar_ids]
            mine_ending = [g for g in ending if g.lead_pillar_id in pillar_ids]
            if not mine_lacking and not mine_ending:
                continue
            person = secretaries[person_id]
            queue(
                f"pillar-digest:{person.pk}:{period}",
                person.email,
                "themegroups/mail/pillar_digest",
                {
                    "person": person,
                    "lacking": mine_lacking,
                    "ending": mine_ending,
                    "period": period,
                },
            )
    return queued
