"""What a personal token shows its owner: as the pages show it, never more. Dietary and
accessibility needs are not part of the API (they may be given when registering, as on
the form, but are read only on the registration's own page)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from contributions.models import ContributionStatement
from members.models import Person
from networkdays.models import NetworkDay, Registration
from themegroups.models import SupportAssignment, ThemeGroup

from . import enums
from .constants import MAX_ID
from .serializers import (
    CityRefSerializer,
    LinkField,
    ModelSerializer,
    PillarSerializer,
    ThemeGroupLinkField,
    UtcDateTimeField,
)

# --- people and registrations -------------------------------------------------------------


class PersonRefSerializer(ModelSerializer):
    city = CityRefSerializer()

    class Meta:
        model = Person
        fields = ["id", "name", "city"]


class PersonSerializer(ModelSerializer):
    """Someone the token's owner may register (the register form's choices)."""

    city = CityRefSerializer()

    class Meta:
        model = Person
        fields = ["id", "name", "email", "city"]


class NetworkDayRefSerializer(ModelSerializer):
    url = LinkField("api:network_day_detail")
    date = serializers.DateField()

    class Meta:
        model = NetworkDay
        fields = ["url", "id", "title", "date"]


class RegistrationSerializer(ModelSerializer):
    url = LinkField("api:registration_detail", help_text=_("This registration in the API."))
    network_day = NetworkDayRefSerializer()
    person = PersonRefSerializer()
    status = serializers.ChoiceField(
        choices=enums.REGISTRATION_STATUSES,
        help_text=_("confirmed: a seat; waiting: on the waiting list; cancelled."),
    )
    registered_at = UtcDateTimeField(
        source="queued_at", help_text=_("The place in the queue (first come, first served).")
    )
    confirmed_at = UtcDateTimeField(allow_null=True)
    cancelled_at = UtcDateTimeField(allow_null=True)

    class Meta:
        model = Registration
        fields = [
            "url",
            "id",
            "network_day",
            "person",
            "status",
            "registered_at",
            "confirmed_at",
            "cancelled_at",
        ]


class RegistrationCreateSerializer(serializers.Serializer):
    """Register someone for a network day, as on the register page: a seat if there is
    one (within the limit per city), otherwise the waiting list."""

    network_day = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text=_("The network day's id.")
    )
    person = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        allow_null=True,
        help_text=_("Whom to register (see /people); leave out to register yourself."),
    )
    dietary_needs = serializers.CharField(
        required=False, allow_blank=True, max_length=300, default="", write_only=True
    )
    accessibility_needs = serializers.CharField(
        required=False, allow_blank=True, max_length=300, default="", write_only=True
    )


# --- the token's owner --------------------------------------------------------------------


class TokenInfoSerializer(serializers.Serializer):
    name = serializers.CharField()
    begins_with = serializers.CharField(source="prefix")
    may_register = serializers.BooleanField()
    expires_on = serializers.DateField()


class RoleSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text=_("The role, e.g. city_official, db_member."))
    pillar = serializers.CharField(source="pillar.slug", allow_null=True, default=None)
    ends_on = serializers.DateField(allow_null=True)


class MeSerializer(serializers.Serializer):
    name = serializers.CharField(allow_null=True)
    city = CityRefSerializer(allow_null=True)
    roles = RoleSerializer(many=True, help_text=_("The roles held today."))
    token = TokenInfoSerializer()


# --- theme groups: the review queue and the support overview ------------------------------


class ReviewGroupSerializer(ModelSerializer):
    url = ThemeGroupLinkField("api:theme_group_detail")
    lead_pillar = PillarSerializer()
    review_due_on = serializers.DateField()
    review_state = serializers.ChoiceField(
        choices=enums.REVIEW_STATES, help_text=_("due, overdue or not_due, as of today.")
    )
    has_current_support = serializers.BooleanField()
    support_until = serializers.DateField(allow_null=True)
    meetings_held = serializers.IntegerField(help_text=_("Digital meetings held so far."))

    class Meta:
        model = ThemeGroup
        fields = [
            "url",
            "slug",
            "name",
            "lead_pillar",
            "started_on",
            "review_due_on",
            "review_state",
            "has_current_support",
            "support_until",
            "meetings_held",
        ]


class ProposalSerializer(ModelSerializer):
    lead_pillar = PillarSerializer()
    review_due_on = serializers.DateField()
    proposed_at = UtcDateTimeField()

    class Meta:
        model = ThemeGroup
        fields = ["slug", "name", "lead_pillar", "review_due_on", "proposed_at"]


class ReviewQueueSerializer(serializers.Serializer):
    overdue = ReviewGroupSerializer(many=True)
    due = ReviewGroupSerializer(many=True)
    proposals = ProposalSerializer(many=True)


class SupportSerializer(ModelSerializer):
    person = PersonRefSerializer()
    hours_per_month = serializers.DecimalField(max_digits=5, decimal_places=1)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()

    class Meta:
        model = SupportAssignment
        fields = ["person", "hours_per_month", "starts_on", "ends_on"]


class SupportGroupSerializer(ModelSerializer):
    url = ThemeGroupLinkField("api:theme_group_detail")
    status = serializers.ChoiceField(choices=enums.THEME_GROUP_STATUSES)
    lead_pillar = PillarSerializer()
    has_current_support = serializers.BooleanField()
    support_ending_soon = serializers.BooleanField()
    support_until = serializers.DateField(allow_null=True)
    supports = SupportSerializer(many=True, source="open_supports")

    class Meta:
        model = ThemeGroup
        fields = [
            "url",
            "slug",
            "name",
            "status",
            "lead_pillar",
            "has_current_support",
            "support_ending_soon",
            "support_until",
            "supports",
        ]


class HoursPerCitySerializer(serializers.Serializer):
    code = serializers.CharField(source="person__city__cbs_code")
    name = serializers.CharField(source="person__city__name")
    hours = serializers.DecimalField(max_digits=8, decimal_places=1)
    groups = serializers.IntegerField()


class SupportOverviewSerializer(serializers.Serializer):
    pillars = PillarSerializer(many=True, help_text=_("The pillars this overview covers."))
    groups = SupportGroupSerializer(many=True, help_text=_("Their open groups."))
    hours_per_city = HoursPerCitySerializer(many=True)


# --- contributions ------------------------------------------------------------------------


class StatementSerializer(ModelSerializer):
    """A contribution statement as issued (never changed afterwards; a correction is a
    credit statement of its own)."""

    url = LinkField("api:statement_detail", help_text=_("This statement in the API."))
    number = serializers.CharField(source="display_number")
    kind = serializers.ChoiceField(choices=enums.STATEMENT_KINDS)
    city = serializers.SerializerMethodField(help_text=_("The city as it was at issue."))
    population_reference_date = serializers.DateField()
    population_counted_on = serializers.DateField()
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    corrects = serializers.SerializerMethodField(help_text=_("The statement a credit corrects."))
    credited_by = serializers.SerializerMethodField(help_text=_("The credit that corrects it."))
    issued_at = UtcDateTimeField()

    class Meta:
        model = ContributionStatement
        fields = [
            "url",
            "id",
            "number",
            "year",
            "kind",
            "city",
            "population",
            "population_reference_date",
            "population_counted_on",
            "amount_per_inhabitant",
            "period_start",
            "period_end",
            "days_member",
            "days_in_year",
            "amount",
            "reason",
            "corrects",
            "credited_by",
            "issued_at",
        ]

    @extend_schema_field(CityRefSerializer)
    def get_city(self, statement) -> dict:
        return {"code": statement.cbs_code, "name": statement.city_name}

    @extend_schema_field({"type": "string", "nullable": True})
    def get_corrects(self, statement) -> str | None:
        return statement.corrects.display_number if statement.corrects_id else None

    @extend_schema_field({"type": "string", "nullable": True})
    def get_credited_by(self, statement) -> str | None:
        credit = getattr(statement, "credit", None)
        return credit.display_number if credit is not None else None
