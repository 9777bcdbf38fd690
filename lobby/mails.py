"""The lobby's mails, all through the outbox. Each key names its event, so a service
or task that runs twice sends nothing twice."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from members.constants import RoleKind
from members.models import City, Role
from outbox.services import mail_queue


def _emails(kinds, today=None) -> list[str]:
    today = today or timezone.localdate()
    return sorted(
        set(
            Role.objects.current(today)
            .filter(kind__in=kinds, person__city__isnull=False)
            .values_list("person__email", flat=True)
        )
    )


def db_emails(today=None) -> list[str]:
    return _emails([RoleKind.DB_MEMBER], today)


def db_and_coordinator_emails(dossier, today=None) -> list[str]:
    emails = set(_emails([RoleKind.DB_MEMBER, RoleKind.LOBBY_COORDINATOR], today))
    if dossier.coordinator_id:
        emails.add(dossier.coordinator.email)
    return sorted(emails)


def stance_requests_queue(version) -> int:
    """The early signal: every member city's contact is asked for the city's stance on
    a proposed version, by its deadline; one mail per city per version."""
    contacts: dict[int, list[str]] = {}
    rows = (
        Role.objects.current()
        .filter(kind=RoleKind.CITY_CONTACT, person__city__in=City.objects.members())
        .values_list("person__city_id", "person__city__cbs_code", "person__email")
        .order_by("person__city_id", "person__email")
    )
    codes: dict[int, str] = {}
    for city_id, cbs_code, email in rows:
        contacts.setdefault(city_id, []).append(email)
        codes[city_id] = cbs_code
    for city_id, emails in contacts.items():
        mail_queue(
            key=f"lobby-stance-request:{version.pk}:{city_id}",
            to=emails,
            template="lobby/mail/stance_request",
            context={"version": version, "dossier": version.dossier, "cbs_code": codes[city_id]},
        )
    return len(contacts)


def unexpected_queue(*, key: str, dossier, city, what: str, reason: str) -> None:
    """ "Onverwacht": the DB and the coordinator hear of it once."""
    mail_queue(
        key=key,
        to=db_and_coordinator_emails(dossier),
        template="lobby/mail/unexpected",
        context={"dossier": dossier, "city": city, "what": what, "reason": reason},
    )


def acknowledge_reminder_queue(notice) -> None:
    mail_queue(
        key=f"lobby-acknowledge-reminder:{notice.pk}",
        to=db_emails(),
        template="lobby/mail/acknowledge_reminder",
        context={"notice": notice, "days": settings.LOBBY_ACKNOWLEDGE_DAYS},
    )


def acknowledged_queue(notice) -> int:
    """The city hears back (issue 23, item 4): its contacts get the DB's response once
    the DB acknowledges the notice; the filer too, if no longer a contact."""
    emails = set(
        Role.objects.current()
        .filter(kind=RoleKind.CITY_CONTACT, person__city_id=notice.city_id)
        .values_list("person__email", flat=True)
    )
    if notice.filed_by_id and notice.filed_by.email:
        emails.add(notice.filed_by.email)
    if not emails:
        return 0
    mail_queue(
        key=f"lobby-notice-acknowledged:{notice.pk}",
        to=sorted(emails),
        template="lobby/mail/notice_acknowledged",
        context={"notice": notice, "dossier": notice.dossier, "city": notice.city},
    )
    return len(emails)


def vng_covered_queue(dossier) -> int:
    """An active dossier left to the VNG (issue 23, item 5): the owning pillar's chair and
    secretary hear who did it and why, once per time it is left."""
    emails = sorted(
        set(
            Role.objects.current()
            .filter(
                kind__in=[RoleKind.PILLAR_CHAIR, RoleKind.PILLAR_SECRETARY],
                pillar_id=dossier.pillar_id,
            )
            .values_list("person__email", flat=True)
        )
    )
    if not emails:
        return 0
    mail_queue(
        key=f"lobby-vng-covered:{dossier.pk}:{dossier.vng_covered_at.isoformat()}",
        to=emails,
        template="lobby/mail/vng_covered",
        context={"dossier": dossier},
    )
    return len(emails)
