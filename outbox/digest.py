"""The DB's daily digest (issue 23, item 2): what was put before the DB in the last 24
hours (``members.waiting``, filled by the feature apps), one mail a day at most per DB
member, through the outbox. ``settings.DB_DIGEST`` switches it ("daily" or "off")."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone

from members.constants import RoleKind
from members.models import Person, Role
from members.permissions import permissions_for
from members.waiting import waiting_for_db

from .services import mail_queue


def db_digests_send(now: datetime.datetime | None = None) -> int:
    """The daily digest (settings.DB_DIGEST): each DB member with an address gets one mail
    listing what was put before the DB in the last 24 hours, with the whole list's
    count; nothing new, no mail. The key (person, day) makes it at most one a day, however
    often the task runs. Returns the number of mails queued."""
    if settings.DB_DIGEST == "off":
        return 0
    now = now or timezone.now()
    since = now - datetime.timedelta(hours=24)
    people = (
        Person.objects.filter(
            pk__in=Role.objects.current().filter(kind=RoleKind.DB_MEMBER).values("person_id"),
            user__isnull=False,
        )
        .select_related("user")
        .order_by("pk")
    )
    sent = 0
    for person in people:
        items = waiting_for_db(permissions_for(person.user))
        new = [item for item in items if item.since >= since]
        if not new:
            continue
        mail_queue(
            key=f"db-digest:{person.pk}:{timezone.localdate(now).isoformat()}",
            to=[person.email],
            template="outbox/mail/db_digest",
            context={"person_name": person.name, "new": new, "total": len(items)},
        )
        sent += 1
    return sent
