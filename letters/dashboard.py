from django.conf import settings

from infra.registry import DashboardPanel
from members.permissions import permissions_for

from .constants import LetterStatus
from .models import Letter
from .selectors import cities_without_addressees


def live_panels(request) -> list[DashboardPanel]:
    """Drafts awaiting the chair's approval, for the secretariat and the DB (built on
    every request: one query); for a city contact whose city has no council clerk or
    college contact, the task to name them (one query)."""
    permissions = permissions_for(request.user)
    panels = []
    if permissions.may_name_addressees_of_own_city:
        missing = cities_without_addressees(city_id=permissions.city_id)
        if missing:
            data = {"row": missing[0], "contact": settings.NETWORK_CONTACT_EMAIL}
            panels.append(DashboardPanel("letters/dashboard_task.html", data))
    if not permissions.may_read_letter_drafts:
        return panels
    awaiting = list(
        Letter.objects.filter(status=LetterStatus.DRAFT).order_by("year", "number")[:10]
    )
    return [*panels, DashboardPanel("letters/dashboard_panel.html", {"awaiting": awaiting})]
