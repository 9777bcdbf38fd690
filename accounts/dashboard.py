"""A city contact's (and the secretariat's) task: people their city's provider logged in
whom the city does not list yet asked to be added (accounts.LoginRequest)."""

from infra.registry import DashboardPanel
from members.permissions import permissions_for

from .models import LoginRequest

SHOWN = 20


def live_panels(request) -> list[DashboardPanel]:
    """Built on every request, outside the cached dashboard (a few rows, one query)."""
    permissions = permissions_for(request.user)
    if permissions.may_handle_all_login_requests:
        requests = LoginRequest.objects.filter(closed_at__isnull=True)
    elif permissions.may_handle_login_request(permissions.city_id):
        requests = LoginRequest.objects.filter(closed_at__isnull=True, city_id=permissions.city_id)
    else:
        return []
    rows = list(requests.select_related("city").order_by("created_at")[:SHOWN])
    if not rows:
        return []
    return [DashboardPanel("accounts/dashboard_login_requests.html", {"requests": rows})]
