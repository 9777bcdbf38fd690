"""The lobby's items on the DB's list (members.waiting): positions the coordinator put
before the DB, and deviation notices to acknowledge."""

from django.urls import reverse
from django.utils.translation import gettext as _

from members.waiting import WaitingItem

from .constants import DossierStatus, VersionStatus
from .models import DeviationNotice, PositionVersion


def positions(permissions):
    if not permissions.may_decide_lobby:
        return []
    versions = (
        PositionVersion.objects.filter(status=VersionStatus.AT_DB)
        .exclude(dossier__status=DossierStatus.CLOSED)
        .select_related("dossier")
    )
    return [
        WaitingItem(
            kind=_("Position to agree"),
            title=f"{v.dossier.subject}: {v.title}",
            url=reverse("lobby:version_agree", kwargs={"pk": v.dossier_id, "version_pk": v.pk}),
            since=v.routed_at or v.proposed_at,
            due=v.stances_due_on,
        )
        for v in versions
    ]


def notices(permissions):
    if not permissions.may_decide_lobby:
        return []
    return [
        WaitingItem(
            kind=_("Deviation notice to acknowledge"),
            title=f"{n.city.name}: {n.dossier.subject}",
            url=reverse("lobby:notice_acknowledge", kwargs={"pk": n.pk}),
            since=n.filed_at,
        )
        for n in DeviationNotice.objects.filter(acknowledged_at__isnull=True).select_related(
            "city", "dossier"
        )
    ]
