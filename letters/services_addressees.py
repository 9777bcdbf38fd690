"""Asking the cities that the member letter does not reach to name their council clerk
(griffier) and college contact (issue 23): the secretariat asks, each current city
contact of such a member city gets a mail, and their dashboard shows the task until the
roles exist. Asking again on the same day sends nothing new (the outbox's key)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from infra.locking import locked_transaction
from members.actors import is_system
from members.constants import RoleKind
from members.models import Role
from members.permissions import permissions_for
from outbox.services import mail_queue

from .selectors import cities_without_addressees


def addressee_requests_send(*, by) -> tuple[int, int]:
    """Mail the city contacts of every member city without a council clerk or college
    contact; returns (cities, mails). A city without a current contact is skipped (the
    secretariat sees it on the page)."""
    if not is_system(by) and not permissions_for(by).may_ask_cities_for_addressees:
        raise ValidationError(_("You may not do this."), code="forbidden")
    today = timezone.localdate()
    rows = cities_without_addressees()
    by_city = {row.city.pk: row for row in rows}
    contacts = (
        Role.objects.current(today)
        .filter(kind=RoleKind.CITY_CONTACT, person__city_id__in=list(by_city))
        .select_related("person")
        .order_by("person__city_id", "person__name")
    )
    cities, mails = set(), 0
    with locked_transaction():
        for role in contacts:
            row = by_city[role.person.city_id]
            mail_queue(
                key=f"letters-addressees:{role.person_id}:{today.isoformat()}",
                to=[role.person.email],
                template="letters/mail/addressees",
                context={
                    "person_name": role.person.name,
                    "city_name": row.city.name,
                    "missing": [str(RoleKind(kind).label) for kind in row.missing],
                    "cbs_code": row.city.cbs_code,
                },
            )
            cities.add(row.city.pk)
            mails += 1
    return len(cities), mails
