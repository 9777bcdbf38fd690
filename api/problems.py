"""Errors as problem details (RFC 9457, ADR /core/error-handling/problem-details): every
4xx and 5xx of the API is ``application/problem+json`` with ``type``, ``title``,
``status`` and ``detail``, plus ``instance`` (the path asked), ``code`` (a stable
snake_case reason for programs, as the services' refusals carry) and, for invalid
input, ``invalid_params`` with every error at once (ADR /core/error-handling/invalid-input).

DRF's errors come through ``exception_handler``; anything else under /api/ (a 404 for an
unknown path, a 500, a 400 made by Django before the view) is rewritten by
``api.middleware.ApiMiddleware`` with ``problem_response``."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import set_rollback

CONTENT_TYPE = "application/problem+json"

# A short, fixed summary per status (RFC 9457: the same for every occurrence).
TITLES = {
    400: gettext_lazy("Invalid input"),
    401: gettext_lazy("Not authenticated"),
    403: gettext_lazy("Not allowed"),
    404: gettext_lazy("Not found"),
    405: gettext_lazy("Method not allowed"),
    406: gettext_lazy("Not acceptable"),
    409: gettext_lazy("Conflict"),
    412: gettext_lazy("Precondition failed"),
    413: gettext_lazy("Request too large"),
    415: gettext_lazy("Unsupported media type"),
    429: gettext_lazy("Too many requests"),
    500: gettext_lazy("Internal server error"),
    503: gettext_lazy("Service unavailable"),
}
# What to say when nothing more specific is known.
DETAILS = {
    400: gettext_lazy("The request cannot be read."),
    401: gettext_lazy("Send a personal token: Authorization: Bearer g40_…"),
    403: gettext_lazy("You may not do this."),
    404: gettext_lazy("There is nothing at this address (or it is not yours to see)."),
    405: gettext_lazy("This address does not accept this method."),
    406: gettext_lazy("The API answers in JSON (application/json) only."),
    409: gettext_lazy("Refused in the current state; the reason is in code."),
    413: gettext_lazy("The request is too large."),
    415: gettext_lazy("Send JSON (Content-Type: application/json)."),
    429: gettext_lazy("Too many requests; try again after the time in Retry-After."),
    500: gettext_lazy("Something went wrong on our side. It has been logged."),
    503: gettext_lazy("The service is busy; try again in a moment."),
}
CODES = {
    400: "invalid",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    412: "precondition_failed",
    413: "too_large",
    415: "unsupported_media_type",
    429: "throttled",
    500: "server_error",
    503: "busy",
}


def title_for(status: int) -> str:
    return str(TITLES.get(status) or (_("Client error") if status < 500 else _("Server error")))


def problem_type(request, status: int) -> str:
    """A link to the explanation of this kind of problem on the API's own page."""
    path = f"{reverse('api:docs')}#problem-{status}"
    return request.build_absolute_uri(path) if request is not None else path


def problem(
    request,
    status: int,
    *,
    detail: str | None = None,
    code: str | None = None,
    invalid_params: list[dict] | None = None,
) -> dict:
    body = {
        "type": problem_type(request, status),
        "title": title_for(status),
        "status": status,
        "detail": str(detail or DETAILS.get(status) or title_for(status)),
        "instance": request.path if request is not None else "",
        "code": code or CODES.get(status, "error"),
    }
    if invalid_params:
        body["invalid_params"] = invalid_params
    return body


def problem_response(request, status: int, **kwargs) -> JsonResponse:
    """A plain Django answer (the middleware's, outside DRF)."""
    return JsonResponse(
        problem(request, status, **kwargs),
        status=status,
        content_type=CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )


def _flatten(detail, prefix: str = "") -> list[dict]:
    """DRF's nested errors as a flat list: ``name`` (dotted, "" for the whole
    request), ``code`` and ``reason``."""
    if isinstance(detail, dict):
        items = []
        for key, value in detail.items():
            name = "" if key == "non_field_errors" else str(key)
            items += _flatten(value, f"{prefix}.{name}" if prefix and name else prefix or name)
        return items
    if isinstance(detail, list):
        items = []
        for value in detail:
            items += _flatten(value, prefix)
        return items
    return [{"name": prefix, "code": getattr(detail, "code", "invalid"), "reason": str(detail)}]


def exception_handler(exc, context):
    """DRF's errors as problem details. ``None`` for anything else: Django logs it
    and answers 500, which the middleware turns into a problem too."""
    request = context.get("request")
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(DETAILS[404])
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) if str(exc) else None)
    if not isinstance(exc, exceptions.APIException):
        return None
    status = exc.status_code
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None) is not None:
        headers["Retry-After"] = str(max(int(exc.wait), 1))
    detail = exc.detail
    if isinstance(exc, exceptions.ValidationError) or isinstance(detail, dict | list):
        params = _flatten(detail)
        body = problem(
            request,
            status,
            detail=ngettext(
                "The request has %(count)s error; see invalid_params.",
                "The request has %(count)s errors; see invalid_params.",
                len(params),
            )
            % {"count": len(params)},
            code="invalid",
            invalid_params=params,
        )
    else:
        code = getattr(detail, "code", None) or exc.default_code
        if code == "permission_denied":
            code = "forbidden"  # as the services' refusals say it
        if isinstance(exc, exceptions.Throttled):
            text = DETAILS[429]
        else:
            text = str(detail) if detail else None
        body = problem(request, status, detail=text, code=code)
    set_rollback()
    return Response(body, status=status, headers=headers, content_type=CONTENT_TYPE)
