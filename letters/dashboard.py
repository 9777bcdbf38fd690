from members.permissions import permissions_for

from .constants import LetterStatus
from .models import Letter


def live_panels(request) -> list[dict]:
    """Drafts awaiting the chair's approval, for the secretariat and the DB (built on
    every request: one query)."""
    permissions = permissions_for(request.user)
    if not permissions.may_read_letter_drafts:
        return []
    awaiting = list(
        Letter.objects.filter(status=LetterStatus.DRAFT).order_by("year", "number")[:10]
    )
    return [{"template": "letters/dashboard_panel.html", "awaiting": awaiting}]
