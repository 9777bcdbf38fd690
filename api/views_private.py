"""The endpoints behind a personal token: what its owner sees on the pages (their city's
registrations, the review queue for the DB, the support overview for pillar
secretaries, contributions for the secretariat and the DB) and the two writes of the
register page, registering and cancelling — through the same services, so the cap,
capacity, waiting list and mails are the page's. Each view calls ``api.access`` first."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response

from members.models import Role
from networkdays import services_registrations
from pillars.models import Pillar
from themegroups.constants import ThemeGroupStatus
from themegroups.models import ThemeGroup
from themegroups.selectors import groups_with_details, support_hours_per_city

from . import access, enums
from .audit import token_in_audit_trail
from .constants import MAX_ID
from .serializers_private import (
    MeSerializer,
    PersonSerializer,
    RegistrationCreateSerializer,
    RegistrationSerializer,
    ReviewQueueSerializer,
    StatementSerializer,
    SupportOverviewSerializer,
)
from .views_base import PageQuery, TokenView, paginated

PRIVATE = "with a token"


class Conflict(APIException):
    """A service's refusal of a well-formed request (registration closed, already
    registered, …): 409 with the service's code."""

    status_code = 409
    default_detail = gettext_lazy("The request conflicts with the current state.")
    default_code = "conflict"


class Busy(APIException):
    status_code = 503
    default_detail = gettext_lazy("The service is busy; try again in a moment.")
    default_code = "busy"
    wait = 1


def refusal(error: DjangoValidationError) -> APIException:
    """A service's ``ValidationError`` as the API says it: ``forbidden`` 403, ``busy``
    503 (with Retry-After), any other code 409 with that code."""
    from rest_framework.exceptions import PermissionDenied

    code = getattr(error, "code", None) or "conflict"
    message = " ".join(error.messages)
    if code == "forbidden":
        return PermissionDenied(message, code)
    if code == "busy":
        return Busy(message, code)
    return Conflict(message, code)


# --- who the token is ---------------------------------------------------------------------


class MeView(TokenView):
    @extend_schema(
        operation_id="me_read",
        summary=_("The token's owner"),
        description=_("Who this token acts for, the roles they hold today, and the token."),
        tags=[PRIVATE],
        responses=MeSerializer,
    )
    def get(self, request):
        permissions = access.require_token_reader(request)
        person = permissions.person
        roles = (
            Role.objects.current().filter(person=person).select_related("pillar")
            if person is not None
            else []
        )
        data = {
            "name": person.name if person else None,
            "city": person.city if person else None,
            "roles": list(roles),
            "token": request.auth,
        }
        return Response(MeSerializer(data, context={"request": request}).data)


class PeopleView(TokenView):
    query_serializer = PageQuery

    @extend_schema(
        operation_id="people_list",
        summary=_("Whom you may register"),
        description=_(
            "Yourself; for a city contact the colleagues of the city too; everyone for the "
            "secretariat (the register form's choices)."
        ),
        tags=[PRIVATE],
        parameters=[PageQuery],
        responses=paginated(PersonSerializer),
    )
    def get(self, request):
        return self.paginate(access.people_for_token(request), PersonSerializer)


# --- registrations ------------------------------------------------------------------------


class RegistrationQuery(PageQuery):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    networkDay = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)  # noqa: N815
    status = serializers.ChoiceField(required=False, choices=enums.REGISTRATION_STATUSES)


class RegistrationListView(TokenView):
    query_serializer = RegistrationQuery

    @extend_schema(
        operation_id="registrations_list",
        summary=_("Registrations"),
        description=_(
            "Your own registrations; a city contact's colleagues' too; everyone's for the "
            "secretariat and the event bureau (the attendee lists). By network day, then "
            "first come, first served."
        ),
        tags=[PRIVATE],
        parameters=[RegistrationQuery],
        responses=paginated(RegistrationSerializer),
    )
    def get(self, request):
        registrations = access.registrations_for_token(request)
        query = self.query()
        if "year" in query:
            registrations = registrations.filter(network_day__date__year=query["year"])
        if "networkDay" in query:
            registrations = registrations.filter(network_day_id=query["networkDay"])
        if "status" in query:
            registrations = registrations.filter(status=query["status"])
        registrations = registrations.order_by("network_day__date", "queued_at", "pk")
        return self.paginate(registrations, RegistrationSerializer)

    @extend_schema(
        operation_id="registrations_create",
        summary=_("Register for a network day"),
        description=_(
            "As on the register page: a seat if there is one (within the limit per city), "
            "otherwise the waiting list (status waiting); the same confirmation mail. Needs a "
            "token with “may register”."
        ),
        tags=[PRIVATE],
        request=RegistrationCreateSerializer,
        responses={201: RegistrationSerializer, 409: OpenApiResponse(description="conflict")},
    )
    def post(self, request):
        access.require_registrar(request)
        body = RegistrationCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        errors = {}
        try:
            day = access.get_network_day_for_token_registration(request, data["network_day"])
        except Http404:
            day = None
            errors["network_day"] = [_("There is no network day with this id to register for.")]
        if data.get("person") is None:
            person = access.require_token_reader(request).person
            if person is None:
                errors["person"] = [_("Say whom to register.")]
        else:
            person = access.get_person_for_token_registration(request, data["person"])
            if person is None:
                errors["person"] = [_("You may not register this person (or there is none).")]
        if errors:
            raise ValidationError(errors)
        try:
            with token_in_audit_trail(request):
                registration = services_registrations.registration_create(
                    day=day,
                    person=person,
                    by=request.user,
                    dietary_needs=data["dietary_needs"],
                    accessibility_needs=data["accessibility_needs"],
                )
        except DjangoValidationError as error:
            raise refusal(error) from error
        registration = access.get_registration_for_token(request, registration.pk)
        body = RegistrationSerializer(registration, context={"request": request}).data
        return Response(body, status=201, headers={"Location": body["url"]})


class RegistrationDetailView(TokenView):
    @extend_schema(
        operation_id="registrations_read",
        summary=_("A registration"),
        tags=[PRIVATE],
        responses=RegistrationSerializer,
    )
    def get(self, request, pk: int):
        registration = access.get_registration_for_token(request, pk)
        return Response(RegistrationSerializer(registration, context={"request": request}).data)


class RegistrationCancellationView(TokenView):
    @extend_schema(
        operation_id="registrations_cancel",
        summary=_("Cancel a registration"),
        description=_(
            "As on the page: the seat goes to the first on the waiting list, and everyone "
            "concerned is mailed. Needs a token with “may register”."
        ),
        tags=[PRIVATE],
        request=None,
        responses={200: RegistrationSerializer, 409: OpenApiResponse(description="conflict")},
    )
    def post(self, request, pk: int):
        registration = access.get_registration_for_cancellation(request, pk)
        try:
            with token_in_audit_trail(request):
                services_registrations.registration_cancel(
                    registration=registration, by=request.user
                )
        except DjangoValidationError as error:
            raise refusal(error) from error
        registration = access.get_registration_for_token(request, pk)
        return Response(RegistrationSerializer(registration, context={"request": request}).data)


# --- theme groups -------------------------------------------------------------------------


class ReviewQueueView(TokenView):
    @extend_schema(
        operation_id="review_queue_read",
        summary=_("The DB's review queue"),
        description=_(
            "Theme groups overdue and due for review (by review date), and proposals waiting "
            "for the DB. For DB members and the secretariat."
        ),
        tags=[PRIVATE],
        responses=ReviewQueueSerializer,
    )
    def get(self, request):
        access.require_token_review_queue(request)
        today = timezone.localdate()
        groups = list(
            groups_with_details(today, members=False)
            .due_or_overdue(today)
            .order_by("review_due_on", "name")
        )
        proposals = (
            ThemeGroup.objects.filter(status=ThemeGroupStatus.PROPOSED)
            .select_related("lead_pillar")
            .order_by("proposed_at")
        )
        data = {
            "overdue": [g for g in groups if g.review_due_on < today],
            "due": [g for g in groups if g.review_due_on >= today],
            "proposals": list(proposals),
        }
        return Response(ReviewQueueSerializer(data, context={"request": request}).data)


class SupportQuery(serializers.Serializer):
    pillar = serializers.SlugField(required=False, max_length=50)


class SupportOverviewView(TokenView):
    query_serializer = SupportQuery

    @extend_schema(
        operation_id="support_overview_read",
        summary=_("Secretarial support of theme groups"),
        description=_(
            "The open groups of your pillars (every pillar for the secretariat and the DB), "
            "their support and its end, and support hours per city."
        ),
        tags=[PRIVATE],
        parameters=[SupportQuery],
        responses=SupportOverviewSerializer,
    )
    def get(self, request):
        permissions = access.require_token_support_overview(request)
        today = timezone.localdate()
        pillars = Pillar.objects.all()
        if not permissions.may_view_support_of_all_pillars:
            pillars = pillars.filter(pk__in=permissions.pillars_as_secretary)
        pillars = list(pillars)
        chosen = self.query().get("pillar")
        if chosen:
            pillars = [p for p in pillars if p.slug == chosen]
            if not pillars:
                raise ValidationError({"pillar": [_("Not one of the pillars you see.")]})
        groups = (
            groups_with_details(today, members=False, meetings=False)
            .open()
            .filter(lead_pillar_id__in=[p.pk for p in pillars])
            .order_by("name")
        )
        data = {
            "pillars": pillars,
            "groups": list(groups),
            "hours_per_city": support_hours_per_city(today=today),
        }
        return Response(SupportOverviewSerializer(data, context={"request": request}).data)


# --- contributions ------------------------------------------------------------------------


class StatementQuery(PageQuery):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)


class StatementListView(TokenView):
    query_serializer = StatementQuery

    @extend_schema(
        operation_id="contribution_statements_list",
        summary=_("Contribution statements"),
        description=_(
            "Every member's statements and credits for the secretariat and the DB; a city's "
            "own for its people. By year and number."
        ),
        tags=[PRIVATE],
        parameters=[StatementQuery],
        responses=paginated(StatementSerializer),
    )
    def get(self, request):
        statements = access.statements_for_token(request)
        if "year" in self.query():
            statements = statements.filter(year=self.query()["year"])
        return self.paginate(statements.order_by("-year", "number"), StatementSerializer)


class StatementDetailView(TokenView):
    @extend_schema(
        operation_id="contribution_statements_read",
        summary=_("A contribution statement"),
        tags=[PRIVATE],
        responses=StatementSerializer,
    )
    def get(self, request, pk: int):
        statement = access.get_statement_for_token(request, pk)
        return Response(StatementSerializer(statement, context={"request": request}).data)
