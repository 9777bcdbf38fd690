"""The secretariat's dashboard shows the mails that could not be sent."""

from infra.registry import DashboardPanel
from members.permissions import permissions_for

from .models import MailStatus, OutgoingMail


def live_panels(request) -> list[DashboardPanel]:
    """Below the dashboard's main panels, for those who may see failed mails."""
    if not permissions_for(request.user).may_see_failed_mails:
        return []
    failed = OutgoingMail.objects.filter(status=MailStatus.FAILED).count()
    return [DashboardPanel("outbox/dashboard_panel.html", {"failed": failed})]
