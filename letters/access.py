"""Access helpers: every office view calls one of these first (the one read policy,
then members.permissions). The public archive's helper asks nothing but the letter's
state: only sent letters exist for the public."""

import re

from django.http import Http404
from django.shortcuts import get_object_or_404

from members.access import require_network_reader
from members.permissions import Permissions

from .constants import LetterStatus
from .models import Election, Letter

NUMBER_REGEX = re.compile(r"^(\d{2})-(\d{3,6})$")


def require_letter_reader(request) -> Permissions:
    """Drafts, the list of all letters, elections: the secretariat and the DB."""
    return require_network_reader(request, lambda p: p.may_read_letter_drafts)


def require_letter_drafter(request) -> Permissions:
    return require_network_reader(request, lambda p: p.may_draft_letters)


def require_election_manager(request) -> Permissions:
    return require_network_reader(request, lambda p: p.may_manage_elections)


def get_letter_for_user(request, pk: int) -> Letter:
    require_letter_reader(request)
    return get_object_or_404(
        Letter.objects.select_related("drafted_by", "approved_by", "election", "corrects"),
        pk=pk,
    )


def get_letter_for_drafter(request, pk: int) -> Letter:
    require_letter_drafter(request)
    return get_object_or_404(Letter, pk=pk)


def get_letter_for_approval(request, pk: int) -> Letter:
    require_network_reader(request, lambda p: p.may_approve_letters)
    return get_object_or_404(Letter, pk=pk)


def get_election_for_user(request, pk: int) -> Election:
    require_letter_reader(request)
    return get_object_or_404(Election, pk=pk)


def get_election_for_manager(request, pk: int) -> Election:
    require_election_manager(request)
    return get_object_or_404(Election, pk=pk)


def get_sent_letter(number: str) -> Letter:
    """A letter of the public archive by its number in the address ("26-001")."""
    match = NUMBER_REGEX.match(number)
    if not match:
        raise Http404
    year, serial = 2000 + int(match[1]), int(match[2])
    return get_object_or_404(
        Letter.objects.select_related("corrects"),
        year=year,
        number=serial,
        status=LetterStatus.SENT,
    )
