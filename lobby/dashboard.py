"""The lobby's dashboard panel, built on every request (``live_panels``): the DB's open
deviation notices (acknowledge from here), what is "onverwacht" for the DB and the
coordinator, and for a city contact the proposals waiting for the city's answer. A few
queries, whatever the number of rows."""

from infra.registry import DashboardPanel
from members.permissions import permissions_for

from .constants import DossierStatus, VersionStatus
from .models import PositionVersion, Stance
from .selectors import open_notices, unexpected_items


def live_panels(request) -> list[DashboardPanel]:
    permissions = permissions_for(request.user)
    if not permissions.may_read_network:
        return []
    panel: dict = {
        "notices": None,
        "unexpected": [],
        "acknowledge": permissions.may_decide_lobby,
        "own_city": None,
    }
    if permissions.may_decide_lobby or permissions.may_coordinate_lobby:
        panel["notices"] = list(open_notices(permissions))
        notices, actions = unexpected_items(permissions)
        panel["unexpected"] = [
            {
                "url": n.get_absolute_url(),
                "city": n.city.name,
                "subject": n.dossier.subject,
                "reason": n.get_unexpected_display(),
            }
            for n in notices
        ] + [
            {
                "url": a.dossier.get_absolute_url(),
                "city": a.city.name,
                "subject": a.dossier.subject,
                "reason": a.get_unexpected_display(),
            }
            for a in actions
        ]
    if permissions.person is not None and permissions.may_record_stance_for(permissions.city_id):
        panel["own_city"] = permissions.person.city
        panel["unanswered"] = (
            PositionVersion.objects.filter(
                status__in=[VersionStatus.PROPOSED, VersionStatus.AT_DB],
            )
            .exclude(dossier__status=DossierStatus.CLOSED)
            .exclude(pk__in=Stance.objects.filter(city_id=permissions.city_id).values("version_id"))
            .count()
        )
    return [DashboardPanel("lobby/dashboard_panel.html", panel)]
