"""Access helpers of the API: every view behind a token calls one of these first. They
hold no rule: each asks ``members.permissions`` (mostly through the apps' own access
helpers, the same the pages call) about the token's owner, who is ``request.user``.
404 for what the owner may not see (another city's registration or statement), 403 for
what they may see but not do — and for every write with a token without "may register".
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from contributions.access import get_statement_for_user
from contributions.models import ContributionStatement
from members.access import require_network_reader
from members.models import Person
from members.permissions import Permissions, permissions_for
from networkdays.access import get_network_day_for_registration
from networkdays.models import NetworkDay, Registration
from networkdays.selectors import people_user_may_register
from themegroups.access import require_review_queue, require_support_overview

from .models import ApiToken

# --- the token page (/account/tokens/) ----------------------------------------------------


def tokens_page_flags(request) -> Permissions:
    """The token page is part of one's own account: every signed-in user sees their
    tokens (also once their roles ended, to revoke them); making one is
    ``may_hold_api_tokens``."""
    return permissions_for(request.user)


def require_token_maker(request) -> Permissions:
    permissions = permissions_for(request.user)
    if not permissions.may_hold_api_tokens:
        raise PermissionDenied
    return permissions


def get_token_for_owner(request, pk: int) -> ApiToken:
    """One's own token; anyone else's is a 404."""
    return get_object_or_404(ApiToken, pk=pk, user_id=request.user.pk)


# --- the API's own requests ---------------------------------------------------------------


def require_token_reader(request, question: Callable[[Permissions], bool] | None = None):
    """The one read policy for the token's owner (a current role), then ``question``."""
    return require_network_reader(request, question)


def require_token_writer(request, question: Callable[[Permissions], bool]) -> Permissions:
    """A write: the owner may do it (``question``) and the token may write."""
    permissions = require_token_reader(request, question)
    token = getattr(request, "auth", None)
    if not isinstance(token, ApiToken) or not token.may_register:
        raise PermissionDenied(
            _("This token is read-only: make one with “may register” to register or cancel.")
        )
    return permissions


# --- registrations ------------------------------------------------------------------------


def registrations_for_token(request):
    """The registrations the owner reads (``may_read_registrations_where``)."""
    permissions = require_token_reader(request)
    return Registration.objects.filter(permissions.may_read_registrations_where()).select_related(
        "person__city", "network_day"
    )


def get_registration_for_token(request, pk: int) -> Registration:
    registration = registrations_for_token(request).filter(pk=pk).first()
    if registration is None:
        raise Http404
    return registration


def get_registration_for_cancellation(request, pk: int) -> Registration:
    """Cancelling: as the page, one's own, a colleague's for the city's contact, any for
    the secretariat (``may_act_for_person``); seen but not one's to cancel: 403."""
    registration = get_registration_for_token(request, pk)
    require_token_writer(request, lambda p: p.may_act_for_person(registration.person))
    return registration


def require_registrar(request) -> Permissions:
    """Registering through the API: as the register form, and with a writing token."""
    return require_token_writer(request, lambda p: p.may_register_for_network_days)


def get_network_day_for_token_registration(request, pk: int) -> NetworkDay:
    """The day to register for, as the register page finds it (a draft is a 404)."""
    return get_network_day_for_registration(request, pk)


def people_for_token(request):
    """Whom the owner may register: the register form's choices."""
    permissions = require_token_reader(request, lambda p: p.may_register_for_network_days)
    return people_user_may_register(permissions)


def get_person_for_token_registration(request, pk: int) -> Person | None:
    return people_for_token(request).filter(pk=pk).first()


# --- theme groups -------------------------------------------------------------------------


def require_token_review_queue(request) -> Permissions:
    return require_review_queue(request)


def require_token_support_overview(request) -> Permissions:
    return require_support_overview(request)


# --- contributions ------------------------------------------------------------------------


def statements_for_token(request):
    """A city's people see its statements, the secretariat and the DB all of them
    (``may_see_statements_where``), as on the pages."""
    permissions = require_token_reader(request)
    return ContributionStatement.objects.filter(
        permissions.may_see_statements_where()
    ).select_related("corrects", "credit")


def get_statement_for_token(request, pk: int) -> ContributionStatement:
    return get_statement_for_user(request, pk)
