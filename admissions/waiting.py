"""Applications awaiting the DB's advice, on the DB's list (members.waiting)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from members.waiting import WaitingItem, day_start

from .constants import ApplicationStatus
from .models import Application


def applications(permissions):
    if not permissions.may_advise_on_applications:
        return []
    return [
        WaitingItem(
            kind=_("Application awaiting the DB's advice"),
            title=application.city.name,
            url=reverse("admissions:application_advice", kwargs={"pk": application.pk}),
            since=day_start(application.received_on),
        )
        for application in Application.objects.filter(
            status=ApplicationStatus.RECEIVED
        ).select_related("city")
    ]
