"""What the open endpoints show (no account needed): member cities, network days (never
who comes), theme groups the DB decided on, sent member letters. Field names are the
models' own (English, as the project's glossary in docs); moments are in UTC with a "Z"
(ADR /core/date-time/timezone), dates are dates."""

from __future__ import annotations

import datetime

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from letters.models import Letter
from members.models import City
from pillars.models import Pillar
from themegroups.models import ThemeGroup

from . import enums


class UtcDateTimeField(serializers.DateTimeField):
    """A moment, always in UTC ("2026-06-12T08:00:00Z")."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default_timezone", datetime.UTC)
        super().__init__(*args, **kwargs)


class ModelSerializer(serializers.ModelSerializer):
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateTimeField: UtcDateTimeField,
    }


def absolute(request, name: str, **kwargs) -> str:
    path = reverse(name, kwargs=kwargs)
    return request.build_absolute_uri(path) if request is not None else path


class LinkField(serializers.Field):
    """The absolute address of an object's own resource (or page), read-only."""

    def __init__(self, name: str, **kwargs):
        self.url_name = name
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("source", "*")
        super().__init__(**kwargs)

    def to_representation(self, value) -> str:
        return absolute(self.context.get("request"), self.url_name, **self.url_kwargs(value))

    def url_kwargs(self, value) -> dict:
        return {"pk": value.pk}


class CityLinkField(LinkField):
    def url_kwargs(self, value) -> dict:
        return {"code": value.cbs_code}


class ThemeGroupLinkField(LinkField):
    def url_kwargs(self, value) -> dict:
        return {"slug": value.slug}


class LetterLinkField(LinkField):
    def url_kwargs(self, value) -> dict:
        return {"number": value.slug}


for _field in (LinkField, CityLinkField, ThemeGroupLinkField, LetterLinkField):
    extend_schema_field({"type": "string", "format": "uri", "readOnly": True})(_field)


# --- cities -------------------------------------------------------------------------------


class CityRefSerializer(serializers.Serializer):
    """A city where another resource names one (a plain serializer: lists name many)."""

    code = serializers.CharField(source="cbs_code", help_text=_("CBS code, e.g. GM0193."))
    name = serializers.CharField()


class MembershipPeriodSerializer(serializers.Serializer):
    """One period of membership: both days counted; no end while it lasts."""

    starts_on = serializers.DateField(help_text=_("The first day of membership."))
    ends_on = serializers.DateField(
        allow_null=True, help_text=_("The last day of membership (empty: it lasts).")
    )


class CitySerializer(ModelSerializer):
    """A city of the network. Membership is a dated fact: its periods (from, until), and
    for convenience the start and end of the latest one."""

    url = CityLinkField("api:city_detail", help_text=_("This city in the API."))
    code = serializers.CharField(source="cbs_code", help_text=_("CBS code, e.g. GM0193."))
    population_reference_date = serializers.DateField(
        help_text=_("The date on which CBS counted the population.")
    )
    member_since = serializers.SerializerMethodField(
        help_text=_("The first day of the latest period of membership.")
    )
    member_until = serializers.SerializerMethodField(
        help_text=_("The last day of the latest period of membership (empty: still a member).")
    )
    membership_periods = MembershipPeriodSerializer(
        many=True, read_only=True, help_text=_("Every period of membership, oldest first.")
    )

    class Meta:
        model = City
        fields = [
            "url",
            "code",
            "name",
            "province",
            "population",
            "population_reference_date",
            "urbanity_class",
            "member_since",
            "member_until",
            "membership_periods",
        ]

    @staticmethod
    def _latest(city):
        periods = list(city.membership_periods.all())  # prefetched, oldest first
        return periods[-1] if periods else None

    @extend_schema_field(OpenApiTypes.DATE)
    def get_member_since(self, city):
        latest = self._latest(city)
        return latest.starts_on if latest else None

    @extend_schema_field({"type": "string", "format": "date", "nullable": True})
    def get_member_until(self, city):
        latest = self._latest(city)
        return latest.ends_on if latest else None


# --- pillars ------------------------------------------------------------------------------


class PillarSerializer(ModelSerializer):
    class Meta:
        model = Pillar
        fields = ["slug", "name"]


# --- network days -------------------------------------------------------------------------


def _moment(date: datetime.date, time: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(date, time))


def _utc(moment: datetime.datetime) -> str:
    """As DRF writes a moment in UTC: ISO 8601 with a "Z"."""
    return moment.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")


class NetworkDaySerializer(serializers.Serializer):
    """A published or cancelled network day: when and where. Never who comes. (Fields
    declared one by one: the open calendar is the API's busiest list, and a model
    serializer would look the model up again on every request.)"""

    url = LinkField("api:network_day_detail", help_text=_("This network day in the API."))
    id = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.ChoiceField(choices=enums.NETWORK_DAY_KINDS)
    status = serializers.ChoiceField(choices=enums.OPEN_NETWORK_DAY_STATUSES)
    date = serializers.DateField(help_text=_("The day (in the Netherlands)."))
    starts_at = serializers.SerializerMethodField(help_text=_("Start, in UTC."))
    ends_at = serializers.SerializerMethodField(help_text=_("End, in UTC."))
    host_city = CityRefSerializer()
    venue = serializers.CharField()
    address = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    registration_opens_at = UtcDateTimeField()
    registration_closes_at = UtcDateTimeField()

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_starts_at(self, day) -> str:
        return _utc(_moment(day.date, day.starts_at))

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_ends_at(self, day) -> str:
        return _utc(_moment(day.date, day.ends_at))

    def to_representation(self, day) -> dict:
        """The fields above, written out: the open calendar is the API's busiest list
        (the bench holds it to the pages' figures) and DRF's field machinery cost a
        millisecond a row. The same keys and formats (tests/api/test_open_data.py, and
        Schemathesis checks every answer against the document made from the fields)."""
        detail = self.context.get("detail_prefix")
        if detail is None:
            detail = self.context["detail_prefix"] = absolute(
                self.context.get("request"), "api:network_day_list"
            )
        city = day.host_city
        return {
            "url": f"{detail}/{day.pk}",
            "id": day.pk,
            "title": day.title,
            "kind": day.kind,
            "status": day.status,
            "date": day.date.isoformat(),
            "starts_at": _utc(_moment(day.date, day.starts_at)),
            "ends_at": _utc(_moment(day.date, day.ends_at)),
            "host_city": {"code": city.cbs_code, "name": city.name},
            "venue": day.venue,
            "address": day.address,
            "description": day.description,
            "registration_opens_at": _utc(day.registration_opens_at),
            "registration_closes_at": _utc(day.registration_closes_at),
        }


# --- theme groups -------------------------------------------------------------------------


class ThemeGroupSerializer(ModelSerializer):
    """A theme group the DB decided on (running or ended): its mandate, pillars and
    review date. Its members are not open data."""

    url = ThemeGroupLinkField("api:theme_group_detail", help_text=_("This group in the API."))
    status = serializers.ChoiceField(choices=enums.OPEN_THEME_GROUP_STATUSES)
    lead_pillar = PillarSerializer()
    other_pillars = PillarSerializer(many=True)
    goal = serializers.CharField(help_text=_("The mandate: what the group is for."))
    expected_result = serializers.CharField(help_text=_("The mandate: what it will deliver."))
    started_on = serializers.DateField(allow_null=True)
    review_due_on = serializers.DateField(
        help_text=_("The date on which the DB decides to extend or end the group.")
    )
    ended_on = serializers.DateField(allow_null=True)

    class Meta:
        model = ThemeGroup
        fields = [
            "url",
            "slug",
            "name",
            "status",
            "lead_pillar",
            "other_pillars",
            "goal",
            "expected_result",
            "started_on",
            "review_due_on",
            "ended_on",
        ]


# --- member letters -----------------------------------------------------------------------


class LetterSerializer(ModelSerializer):
    """A sent member letter as the public archive shows it."""

    url = LetterLinkField("api:letter_detail", help_text=_("This letter in the API."))
    number = serializers.CharField(source="slug", help_text=_("The number in addresses: 26-001."))
    label = serializers.CharField(source="number_label", help_text=_("As written: Lbr. 26/001."))
    kind = serializers.ChoiceField(choices=enums.LETTER_KINDS)
    title = serializers.CharField(source="sent_subject", help_text=_("The subject as sent."))
    date = serializers.SerializerMethodField(help_text=_("The day it was sent."))
    sent_at = UtcDateTimeField()
    corrects = serializers.SerializerMethodField(
        help_text=_("The number of the letter this erratum corrects.")
    )
    pdf_url = serializers.SerializerMethodField(help_text=_("The letter as a PDF."))
    web_url = serializers.SerializerMethodField(help_text=_("The letter in the public archive."))

    class Meta:
        model = Letter
        fields = [
            "url",
            "number",
            "label",
            "year",
            "kind",
            "title",
            "date",
            "sent_at",
            "corrects",
            "pdf_url",
            "web_url",
        ]

    @extend_schema_field(OpenApiTypes.DATE)
    def get_date(self, letter) -> str:
        return timezone.localdate(letter.sent_at).isoformat()

    @extend_schema_field({"type": "string", "nullable": True})
    def get_corrects(self, letter) -> str | None:
        return letter.corrects.slug if letter.corrects_id else None

    @extend_schema_field(OpenApiTypes.URI)
    def get_pdf_url(self, letter) -> str:
        return absolute(self.context.get("request"), "ledenbrieven:pdf", number=letter.slug)

    @extend_schema_field(OpenApiTypes.URI)
    def get_web_url(self, letter) -> str:
        return absolute(self.context.get("request"), "ledenbrieven:detail", number=letter.slug)


class LetterDetailSerializer(LetterSerializer):
    html = serializers.CharField(
        source="sent_html", help_text=_("The text as sent (HTML: p, h2, h3, lists, links).")
    )

    class Meta(LetterSerializer.Meta):
        fields = [*LetterSerializer.Meta.fields, "html"]
