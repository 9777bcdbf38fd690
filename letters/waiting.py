"""Drafts for the DB's chair to approve, on the DB's list (members.waiting)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from members.waiting import WaitingItem

from .constants import LetterStatus
from .models import Letter


def drafts(permissions):
    if not permissions.may_approve_letters:
        return []
    return [
        WaitingItem(
            kind=_("Letter to approve"),
            title=f"{letter.number_label} {letter.subject}",
            url=reverse("letters:approve", kwargs={"pk": letter.pk}),
            since=letter.drafted_at,
        )
        for letter in Letter.objects.filter(status=LetterStatus.DRAFT)
    ]
