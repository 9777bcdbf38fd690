"""The secretariat's dashboard shows the mails that could not be sent."""

from members.permissions import permissions_for

from .models import MailStatus, OutgoingMail


def live_panels(request) -> list[dict]:
    """Below the dashboard's main panels, for those who may see failed mails."""
    if not permissions_for(request.user).may_see_failed_mails:
        return []
    return [
        {
            "template": "outbox/dashboard_panel.html",
            "failed": OutgoingMail.objects.filter(status=MailStatus.FAILED).count(),
        }
    ]
