"""Access helpers: every view calls one of these first (the read policy, then the
question asked of ``members.permissions``). Another city's figures are a 404."""

from django.http import Http404

from members.access import get_city_for_user, require_network_reader
from members.models import City
from members.permissions import Permissions, permissions_for


def require_participation_reader(request) -> Permissions:
    """The network's participation page: the DB and the secretariat."""
    return require_network_reader(request, lambda p: p.may_view_participation)


def require_invisibility_reader(request) -> Permissions:
    return require_network_reader(request, lambda p: p.may_view_invisible_cities)


def require_rule_setter(request) -> Permissions:
    return require_network_reader(request, lambda p: p.may_set_invisibility_rule)


def get_city_for_participation(request, cbs_code: str) -> City:
    """One city's figures: its own people, the secretariat and the DB; to anyone else
    the city's figures do not exist (404)."""
    city = get_city_for_user(request, cbs_code)
    if not permissions_for(request.user).may_view_city_participation(city):
        raise Http404
    return city


def get_city_for_note(request, cbs_code: str) -> City:
    """A city's note: the DB and the secretariat write it."""
    city = get_city_for_user(request, cbs_code)
    require_network_reader(request, lambda p: p.may_write_participation_notes)
    return city
