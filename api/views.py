"""The open endpoints (no account): the API's index, member cities, network days, theme
groups and sent member letters. Each list is paginated and filterable by year, with
ETag and Last-Modified (``views_base.OpenView``); CORS lets any origin read them."""

from __future__ import annotations

import re

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from letters.access import get_sent_letter
from members.constants import CBS_CODE_REGEX
from pillars.models import Pillar

from . import enums, selectors
from .constants import API_VERSION
from .serializers import (
    CitySerializer,
    LetterDetailSerializer,
    LetterSerializer,
    NetworkDaySerializer,
    ThemeGroupSerializer,
)
from .views_base import OpenView, PageQuery, paginated

OPEN = "open data"

YEAR_HELP = _("Only what concerns this year.")


class CityQuery(PageQuery):
    year = serializers.IntegerField(
        required=False,
        min_value=1900,
        max_value=2100,
        help_text=_("The cities that were members on any day of this year (former ones too)."),
    )


class NetworkDayQuery(PageQuery):
    year = serializers.IntegerField(
        required=False, min_value=2000, max_value=2100, help_text=YEAR_HELP
    )
    status = serializers.ChoiceField(required=False, choices=enums.OPEN_NETWORK_DAY_STATUSES)


class ThemeGroupQuery(PageQuery):
    year = serializers.IntegerField(
        required=False,
        min_value=2000,
        max_value=2100,
        help_text=_("The groups that ran on any day of this year."),
    )
    status = serializers.ChoiceField(required=False, choices=enums.OPEN_THEME_GROUP_STATUSES)
    pillar = serializers.SlugField(
        required=False,
        max_length=50,
        help_text=_("A pillar's slug: sociaal, economie-en-werk, fysiek."),
    )

    def validate_pillar(self, value):
        pillar = Pillar.objects.filter(slug=value).first()
        if pillar is None:
            raise serializers.ValidationError(_("There is no pillar with this slug."), "not_found")
        return pillar


class LetterQuery(PageQuery):
    year = serializers.IntegerField(
        required=False, min_value=2000, max_value=2100, help_text=YEAR_HELP
    )


class IndexSerializer(serializers.Serializer):
    version = serializers.CharField(help_text=_("The full version of this API."))
    openapi = serializers.URLField(help_text=_("The OpenAPI document."))
    documentation = serializers.URLField(help_text=_("The documentation for people."))
    resources = serializers.DictField(child=serializers.URLField())


# --- the index ----------------------------------------------------------------------------


class IndexView(OpenView):
    @extend_schema(
        operation_id="index",
        summary=_("What this API offers"),
        description=_("The version, the documents and the collections of /api/v1."),
        tags=[OPEN],
        responses=IndexSerializer,
    )
    def get(self, request):
        def link(name):
            return request.build_absolute_uri(reverse(name))

        return Response(
            {
                "version": API_VERSION,
                "openapi": link("api:openapi"),
                "documentation": link("api:docs"),
                "resources": {
                    "cities": link("api:city_list"),
                    "network_days": link("api:network_day_list"),
                    "theme_groups": link("api:theme_group_list"),
                    "member_letters": link("api:letter_list"),
                },
            }
        )


# --- cities -------------------------------------------------------------------------------


class CityListView(OpenView):
    query_serializer = CityQuery

    @extend_schema(
        operation_id="cities_list",
        summary=_("Member cities"),
        description=_(
            "The network's member cities with their CBS code, province, population (and the "
            "date CBS counted it) and membership dates; by name."
        ),
        tags=[OPEN],
        parameters=[CityQuery],
        responses=paginated(CitySerializer),
    )
    def get(self, request):
        return self.paginate(selectors.member_cities(self.query().get("year")), CitySerializer)


class CityDetailView(OpenView):
    @extend_schema(
        operation_id="cities_read",
        summary=_("A member city"),
        tags=[OPEN],
        parameters=[
            OpenApiParameter(
                "code",
                str,
                OpenApiParameter.PATH,
                description=_("CBS code, e.g. GM0193."),
                pattern=CBS_CODE_REGEX,
            )
        ],
        responses={200: CitySerializer},
    )
    def get(self, request, code: str):
        if not re.fullmatch(CBS_CODE_REGEX, code):
            raise Http404
        city = selectors.open_city(code)
        if city is None:
            raise Http404
        return Response(CitySerializer(city, context={"request": request}).data)


# --- network days -------------------------------------------------------------------------


class NetworkDayListView(OpenView):
    query_serializer = NetworkDayQuery

    @extend_schema(
        operation_id="network_days_list",
        summary=_("Network days"),
        description=_(
            "Published and cancelled network days, by date: when, where, which kind. "
            "Never who comes."
        ),
        tags=[OPEN],
        parameters=[NetworkDayQuery],
        responses=paginated(NetworkDaySerializer),
    )
    def get(self, request):
        query = self.query()
        days = selectors.open_network_days(year=query.get("year"), status=query.get("status"))
        return self.paginate(days, NetworkDaySerializer)


class NetworkDayDetailView(OpenView):
    @extend_schema(
        operation_id="network_days_read",
        summary=_("A network day"),
        tags=[OPEN],
        responses={200: NetworkDaySerializer},
    )
    def get(self, request, pk: int):
        day = selectors.open_network_days().filter(pk=pk).first()
        if day is None:
            raise Http404
        return Response(NetworkDaySerializer(day, context={"request": request}).data)


# --- theme groups -------------------------------------------------------------------------


class ThemeGroupListView(OpenView):
    query_serializer = ThemeGroupQuery

    @extend_schema(
        operation_id="theme_groups_list",
        summary=_("Theme groups"),
        description=_(
            "The theme groups the DB approved, running and ended, by name: mandate, pillars "
            "and the date of their next review. Proposals are not open data."
        ),
        tags=[OPEN],
        parameters=[ThemeGroupQuery],
        responses=paginated(ThemeGroupSerializer),
    )
    def get(self, request):
        query = self.query()
        groups = selectors.open_theme_groups(
            year=query.get("year"), status=query.get("status"), pillar=query.get("pillar")
        )
        return self.paginate(groups, ThemeGroupSerializer)


class ThemeGroupDetailView(OpenView):
    @extend_schema(
        operation_id="theme_groups_read",
        summary=_("A theme group"),
        tags=[OPEN],
        responses={200: ThemeGroupSerializer},
    )
    def get(self, request, slug: str):
        group = selectors.open_theme_groups().filter(slug=slug).first()
        if group is None:
            raise Http404
        return Response(ThemeGroupSerializer(group, context={"request": request}).data)


# --- member letters -----------------------------------------------------------------------


class LetterListView(OpenView):
    query_serializer = LetterQuery

    @extend_schema(
        operation_id="member_letters_list",
        summary=_("Member letters"),
        description=_(
            "The sent member letters (ledenbrieven), newest number first, with a link to "
            "each one's PDF; the text as sent is in each letter's own resource."
        ),
        tags=[OPEN],
        parameters=[LetterQuery],
        responses=paginated(LetterSerializer),
    )
    def get(self, request):
        return self.paginate(
            selectors.open_letters(year=self.query().get("year")), LetterSerializer
        )


class LetterDetailView(OpenView):
    @extend_schema(
        operation_id="member_letters_read",
        summary=_("A member letter"),
        description=_("A sent member letter, with its text as sent (HTML)."),
        tags=[OPEN],
        parameters=[
            OpenApiParameter(
                "number",
                str,
                OpenApiParameter.PATH,
                description=_("The letter's number as in its address, e.g. 26-001."),
                pattern=r"^[0-9]{2}-[0-9]{3,6}$",
            )
        ],
        responses={200: OpenApiResponse(LetterDetailSerializer)},
    )
    def get(self, request, number: str):
        letter = get_sent_letter(number)
        return Response(LetterDetailSerializer(letter, context={"request": request}).data)
