"""Access helpers: each view calls one of these first. They answer 404 for what the
user may not see (another city's objects) and 403 for what they may see but not do."""

import re

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from .constants import CBS_CODE_REGEX
from .models import City, Person
from .permissions import permissions_for


def require_network_reader(request, question=None):
    """The one read policy (``Permissions.may_read_network``): every page of the network
    calls this first, through its access helper; then, if given, ``question`` (a
    function of the permissions) is asked too. 403 when either says no. Returns the
    user's permissions."""
    permissions = permissions_for(request.user)
    if not permissions.may_read_network:
        raise PermissionDenied
    if question is not None and not question(permissions):
        raise PermissionDenied
    return permissions


def get_city_for_user(request, cbs_code: str) -> City:
    """Cities are the network's shared picture: everyone with a role may read one.
    What is private about a city's people is decided in the template context."""
    require_network_reader(request)
    code = cbs_code.upper()
    if not re.fullmatch(CBS_CODE_REGEX, code):
        raise Http404
    return get_object_or_404(City, cbs_code=code)


def get_city_for_people_management(request, cbs_code: str) -> City:
    city = get_city_for_user(request, cbs_code)
    if not permissions_for(request.user).may_manage_people_of(city):
        raise Http404
    return city


def get_person_for_user(request, pk: int) -> Person:
    """A person to change: the secretariat, or the contact of the person's own city."""
    person = get_object_or_404(Person.objects.select_related("city"), pk=pk)
    if not permissions_for(request.user).may_manage_person(person):
        raise Http404
    return person


def get_person_for_erasure(request, pk: int) -> Person:
    """Erasing a person (AVG art. 17): the secretariat only."""
    person = get_person_for_user(request, pk)
    if not permissions_for(request.user).may_erase_person:
        raise PermissionDenied
    return person


def get_person_for_invitation(request, pk: int) -> Person:
    """Inviting a person to log in: the contact of the person's city, or the
    secretariat (``may_invite_person``); another city's person is a 404, a colleague
    with a network-wide role (the secretariat's to invite) a 403."""
    person = get_object_or_404(Person.objects.select_related("city", "user"), pk=pk)
    permissions = permissions_for(request.user)
    if not permissions.may_manage_person(person):
        raise Http404
    if not permissions.may_invite_person(person):
        raise PermissionDenied
    return person
