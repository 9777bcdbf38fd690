"""The lobby's section of a member letter (issue 15, found by name): the positions the
network agreed in the period, by subject, title and summary. Plain text, nothing about
single cities (no stances, no deviation notices)."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from infra.registry import LetterSection

from .constants import VersionStatus
from .models import PositionVersion


def _moment(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def sections(since: datetime.date, until: datetime.date) -> list[LetterSection]:
    versions = (
        PositionVersion.objects.filter(
            status__in=[VersionStatus.AGREED, VersionStatus.SUPERSEDED],
            agreed_at__gte=_moment(since),
            agreed_at__lt=_moment(until),
        )
        .select_related("dossier")
        .order_by("agreed_at", "pk")
    )
    items = [
        f"{version.dossier.subject}: {version.title}. {version.summary}" for version in versions
    ]
    if not items:
        return []
    return [LetterSection(_("The network's lobby: positions agreed"), items)]
