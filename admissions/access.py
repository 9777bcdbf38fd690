"""Access helpers of the membership pages on criteria and applications: every view
calls one of these first. The criteria follow the one read policy; applications are for
the DB and the secretariat (``may_view_applications``), others get 403; the steps ask
their own question. These helpers hold no rule of their own."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from members.access import require_network_reader
from members.permissions import Permissions

from .models import Application
from .selectors import application_with_steps


def require_membership_reader(request) -> Permissions:
    """The membership page: the network's read policy."""
    return require_network_reader(request)


def require_value_entry(request) -> Permissions:
    return require_network_reader(request, lambda p: p.may_enter_indicator_values)


def require_application_recording(request) -> Permissions:
    return require_network_reader(request, lambda p: p.may_record_applications)


def get_application_for_user(request, pk: int) -> Application:
    """An application with its steps: the DB and the secretariat; 404 when unknown."""
    require_network_reader(request, lambda p: p.may_view_applications)
    try:
        return application_with_steps(pk)
    except Application.DoesNotExist:
        raise Http404 from None


def _application_for(request, pk: int, question) -> Application:
    permissions = require_network_reader(request)
    application = get_application_for_user(request, pk)
    if not question(permissions):
        raise PermissionDenied
    return application


def get_application_for_advice(request, pk: int) -> Application:
    return _application_for(request, pk, lambda p: p.may_advise_on_applications)


def get_application_for_decision(request, pk: int) -> Application:
    return _application_for(request, pk, lambda p: p.may_record_decisions)


def get_application_for_correction(request, pk: int) -> Application:
    return _application_for(request, pk, lambda p: p.may_correct_application_steps)


def get_application_for_notes(request, pk: int) -> Application:
    return _application_for(request, pk, lambda p: p.may_record_applications)
