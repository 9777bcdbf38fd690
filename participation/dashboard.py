"""The participation panel of the dashboard: links for the DB and the secretariat.
It reads no table (the links follow from the viewer's permissions)."""

from infra.registry import DashboardPanel
from members.permissions import permissions_for


def panels(request) -> list[DashboardPanel]:
    permissions = permissions_for(request.user)
    if not (permissions.may_read_network and permissions.may_view_participation):
        return []
    return [DashboardPanel("participation/dashboard_panel.html")]
