"""The lobby's reading pages: the dossiers, a dossier, a city's stances, the open
notices and one notice. Each calls its access helper first; each renders from a fixed
number of queries."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from members.models import City

from .access import (
    get_city_for_stances,
    get_dossier_for_user,
    get_notice_for_user,
    require_notice_overview,
    require_reader,
)
from .selectors import city_stances, dossier_page, dossiers_for_list, open_notices, unexpected_items
from .timeline import dossier_timeline


@require_GET
def dossier_list(request: HttpRequest) -> HttpResponse:
    permissions = require_reader(request)
    notices = list(open_notices(permissions)) if permissions.may_read_network else []
    own_city = None
    if permissions.person is not None and permissions.may_record_stance_for(permissions.city_id):
        own_city = permissions.person.city
    return render(
        request,
        "lobby/dossier_list.html",
        {
            "dossiers": list(dossiers_for_list()),
            "notices": notices,
            "permissions": permissions,
            "own_city": own_city,
        },
    )


@require_GET
def dossier_detail(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = get_dossier_for_user(request, pk)
    permissions = require_reader(request)
    context = dossier_page(dossier, permissions)
    context.update(
        {
            "dossier": dossier,
            "permissions": permissions,
            "may_write_text": permissions.may_write_lobby_text_of(dossier.pillar_id),
            "may_edit": permissions.may_edit_dossier(dossier.pillar_id),
            "timeline": dossier_timeline(dossier, permissions),
        }
    )
    return render(request, "lobby/dossier_detail.html", context)


@require_GET
def city_stance_page(request: HttpRequest, cbs_code: str) -> HttpResponse:
    city: City = get_city_for_stances(request, cbs_code)
    permissions = require_reader(request)
    context = city_stances(city)
    context.update(
        {
            "city": city,
            "permissions": permissions,
            "may_record": permissions.may_record_stance_for(city.pk),
        }
    )
    return render(request, "lobby/city_stances.html", context)


@require_GET
def notice_list(request: HttpRequest) -> HttpResponse:
    permissions = require_notice_overview(request)
    notices, actions = unexpected_items(permissions)
    return render(
        request,
        "lobby/notice_list.html",
        {
            "notices": list(open_notices(permissions)),
            "unexpected_notices": notices,
            "unexpected_actions": actions,
            "permissions": permissions,
        },
    )


@require_GET
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_notice_for_user(request, pk)
    permissions = require_reader(request)
    return render(
        request,
        "lobby/notice_detail.html",
        {"notice": notice, "permissions": permissions, "actions": list(notice.actions.all())},
    )
