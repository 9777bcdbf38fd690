"""Access helpers: every lobby view calls one of these first. Reading dossiers and
positions is the network's read policy; deviation notices are for the DB, the
coordinator, the secretariat and the city itself (another city's notice is a 404).
These helpers hold no rule of their own: they ask ``members.permissions``."""

import re

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from members.access import require_network_reader
from members.constants import CBS_CODE_REGEX
from members.models import City
from members.permissions import Permissions

from .models import DeviationNotice, Dossier, Moment, PositionVersion


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def require_reader(request) -> Permissions:
    return require_network_reader(request)


def get_dossier_for_user(request, pk: int) -> Dossier:
    require_network_reader(request)
    return get_object_or_404(Dossier.objects.select_related("pillar", "coordinator"), pk=pk)


def require_dossier_opening(request) -> Permissions:
    permissions = require_network_reader(request)
    _require(permissions.may_open_dossiers)
    return permissions


def get_dossier_for_edit(request, pk: int) -> Dossier:
    permissions = require_network_reader(request)
    dossier = get_dossier_for_user(request, pk)
    _require(permissions.may_edit_dossier(dossier.pillar_id))
    return dossier


def get_dossier_for_text(request, pk: int) -> Dossier:
    """Proposing or wording a position or moment: the owning pillar only."""
    permissions = require_network_reader(request)
    dossier = get_dossier_for_user(request, pk)
    _require(permissions.may_write_lobby_text_of(dossier.pillar_id))
    return dossier


def get_version_for_user(request, pk: int, version_pk: int) -> PositionVersion:
    dossier = get_dossier_for_user(request, pk)
    version = get_object_or_404(PositionVersion, pk=version_pk, dossier=dossier)
    version.dossier = dossier
    return version


def get_version_for_text(request, pk: int, version_pk: int) -> PositionVersion:
    version = get_version_for_user(request, pk, version_pk)
    permissions = require_network_reader(request)
    _require(permissions.may_write_lobby_text_of(version.dossier.pillar_id))
    return version


def get_version_for_routing(request, pk: int, version_pk: int) -> PositionVersion:
    version = get_version_for_user(request, pk, version_pk)
    _require(require_network_reader(request).may_coordinate_lobby)
    return version


def get_version_for_decision(request, pk: int, version_pk: int) -> PositionVersion:
    version = get_version_for_user(request, pk, version_pk)
    _require(require_network_reader(request).may_decide_lobby)
    return version


def get_moment_for_user(request, pk: int, moment_pk: int) -> Moment:
    dossier = get_dossier_for_user(request, pk)
    moment = get_object_or_404(Moment, pk=moment_pk, dossier=dossier)
    moment.dossier = dossier
    return moment


def get_moment_for_planning(request, pk: int, moment_pk: int) -> Moment:
    moment = get_moment_for_user(request, pk, moment_pk)
    _require(require_network_reader(request).may_coordinate_lobby)
    return moment


def get_moment_for_decision(request, pk: int, moment_pk: int) -> Moment:
    moment = get_moment_for_user(request, pk, moment_pk)
    _require(require_network_reader(request).may_decide_lobby)
    return moment


def get_city_for_stances(request, cbs_code: str) -> City:
    """A city's stance page (it shows its notices): the city's own people, the DB, the
    coordinator, the secretariat; another city's page is a 404."""
    permissions = require_network_reader(request)
    code = cbs_code.upper()
    if not re.fullmatch(CBS_CODE_REGEX, code):
        raise Http404
    city = get_object_or_404(City, cbs_code=code)
    if not permissions.may_see_notices_of(city.pk):
        raise Http404
    return city


def get_city_for_stance_recording(request, version_pk: int, cbs_code: str):
    """Recording a stance: the city's contact or the secretariat (404 for another
    city's people, 403 for the city's own people who may not record it)."""
    permissions = require_network_reader(request)
    city = get_city_for_stances(request, cbs_code)
    version = get_object_or_404(PositionVersion.objects.select_related("dossier"), pk=version_pk)
    _require(permissions.may_record_stance_for(city.pk))
    return version, city


def get_notice_for_user(request, pk: int) -> DeviationNotice:
    permissions = require_network_reader(request)
    notice = get_object_or_404(
        DeviationNotice.objects.select_related("dossier", "city", "stance__version", "filed_by"),
        pk=pk,
    )
    if not permissions.may_see_notices_of(notice.city_id):
        raise Http404
    return notice


def get_notice_for_acknowledgement(request, pk: int) -> DeviationNotice:
    notice = get_notice_for_user(request, pk)
    _require(require_network_reader(request).may_decide_lobby)
    return notice


def require_notice_overview(request) -> Permissions:
    permissions = require_network_reader(request)
    _require(permissions.may_see_all_notices)
    return permissions


def get_dossier_for_city_action(request, pk: int) -> Dossier:
    dossier = get_dossier_for_user(request, pk)
    _require(require_network_reader(request).may_record_city_actions)
    return dossier
