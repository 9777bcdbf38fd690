"""The weekly mail to followers: for each person who follows a pillar or a theme group,
the products added since their last mail, once per ISO week at most (the outbox key
names the person and the week; the beat task runs daily). Nobody gets an empty mail;
people without a current role (who no longer read the network) get none."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from members.models import Role
from outbox.services import mail_queue

from .models import Follow
from .selectors import pillar_filter, products_for_list


def iso_week_label(today: datetime.date) -> str:
    year, week, _weekday = today.isocalendar()
    return f"{year}-W{week:02d}"


def _matches(follow: Follow) -> Q:
    if follow.pillar_id:
        return pillar_filter(follow.pillar_id)
    return Q(theme_group_id=follow.theme_group_id) | Q(
        session__theme_group_id=follow.theme_group_id
    )


def weekly_digests_send(*, now: datetime.datetime | None = None) -> int:
    from outbox.models import OutgoingMail

    now = now or timezone.now()
    today = timezone.localdate(now)
    period = iso_week_label(today)
    with_role = set(Role.objects.current(today).values_list("person_id", flat=True))
    follows: dict[int, list[Follow]] = defaultdict(list)
    for follow in Follow.objects.select_related("person", "pillar", "theme_group").order_by("pk"):
        if follow.person_id in with_role:
            follows[follow.person_id].append(follow)
    queued = 0
    for person_id, mine in follows.items():
        key = f"knowledge-digest:{person_id}:{period}"
        if OutgoingMail.objects.filter(key=key).exists():
            continue
        since = min(f.notified_until for f in mine)
        condition = Q()
        for follow in mine:
            condition |= _matches(follow)
        products = list(
            products_for_list()
            .filter(condition, created_at__gt=since, created_at__lte=now)
            .order_by("-published_on", "-pk")[:50]
        )
        if not products:
            continue
        person = mine[0].person
        with transaction.atomic():
            mail_queue(
                key=key,
                to=[person.email],
                template="knowledge/mail/digest",
                context={
                    "person": person,
                    "products": [
                        {
                            "title": p.title,
                            "kind": p.get_kind_display(),
                            "maker": p.maker_label,
                            "date": p.published_on,
                            "path": p.get_absolute_url(),
                        }
                        for p in products
                    ],
                    "follows": [str(f) for f in mine],
                    "period": period,
                },
            )
            Follow.objects.filter(pk__in=[f.pk for f in mine]).update(notified_until=now)
        queued += 1
    return queued
