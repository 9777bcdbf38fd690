"""The secretariat's dashboard shows the mails that could not be sent."""

from datetime import timedelta

from django.utils import timezone

from members.permissions import permissions_for

from .models import MailStatus, OutgoingMail

# The outbox is not among the data whose writes renew cached fragments (it is written
# for every mail); the panel is rebuilt at least this often instead.
PANEL_FRESH_FOR = timedelta(minutes=1)


def panels(request) -> list[dict]:
    if not permissions_for(request.user).may_see_failed_mails:
        return []
    return [
        {
            "template": "outbox/dashboard_panel.html",
            "failed": OutgoingMail.objects.filter(status=MailStatus.FAILED).count(),
            "until": [timezone.now() + PANEL_FRESH_FOR],
        }
    ]
