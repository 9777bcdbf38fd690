"""The secretariat's dashboard shows the mails that could not be sent."""

from members.permissions import permissions_for

from .models import MailStatus, OutgoingMail


def live_panels(request) -> list[dict]:
    """Built on every request, outside the user's cached dashboard: the outbox is not
    among the data whose writes renew cached fragments (it is written for every mail)."""
    if not permissions_for(request.user).may_see_failed_mails:
        return []
    return [
        {
            "template": "outbox/dashboard_panel.html",
            "failed": OutgoingMail.objects.filter(status=MailStatus.FAILED).count(),
        }
    ]
