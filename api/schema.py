"""The OpenAPI 3 document of /api/v1 (drf-spectacular), made to pass Logius's ADR
linter (``api/adr-ruleset.yaml``): ``info`` with the full version and a contact, the
server with the major version, and on every operation the headers and errors the API
really sends — API-Version on every answer, ETag and Last-Modified (and 304) on the
open data, problem details (RFC 9457) for every 4xx and 5xx."""

from __future__ import annotations

import copy
import functools

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension

from .constants import API_VERSION

OPEN_TAG = "open data"
PRIVATE_TAG = "with a token"
SECURITY_SCHEME = "personalToken"
PROBLEM = "application/problem+json"


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.BearerTokenAuthentication"
    name = SECURITY_SCHEME

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "g40_…",
            "description": _(
                "A personal token, made on your account page (/account/tokens/): "
                "Authorization: Bearer g40_…"
            ),
        }


def _header(description: str, *, required: bool = False, schema: dict | None = None) -> dict:
    return {
        "description": description,
        "required": required,
        "schema": schema or {"type": "string"},
    }


def _version_header() -> dict:
    return _header(
        _("The full version of the API (semantic versioning)."),
        required=True,
        schema={"type": "string", "example": API_VERSION},
    )


def _problem_schema() -> dict:
    return {
        "type": "object",
        "description": _("Problem details (RFC 9457)."),
        "required": ["type", "title", "status", "detail"],
        "properties": {
            "type": {
                "type": "string",
                "format": "uri-reference",
                "description": _("Where this kind of problem is explained."),
            },
            "title": {"type": "string", "description": _("A short summary of the kind.")},
            "status": {"type": "integer", "description": _("The HTTP status."), "example": 404},
            "detail": {"type": "string", "description": _("What went wrong this time.")},
            "instance": {"type": "string", "description": _("The path that was asked.")},
            "code": {
                "type": "string",
                "description": _("A stable reason for programs, e.g. registration_closed."),
            },
            "invalid_params": {
                "type": "array",
                "description": _("Every error in the input at once (400)."),
                "items": {
                    "type": "object",
                    "required": ["name", "code", "reason"],
                    "properties": {
                        "name": {"type": "string"},
                        "code": {"type": "string"},
                        "reason": {"type": "string"},
                    },
                },
            },
        },
    }


def _error(description: str, **headers) -> dict:
    return {
        "description": description,
        "headers": {"API-Version": _version_header(), **headers},
        "content": {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


def _errors() -> dict[str, dict]:
    return {
        "400": _error(_("Invalid input: every error in invalid_params.")),
        "401": _error(
            _("No token, or one that is unknown, revoked or expired."),
            **{"WWW-Authenticate": _header(_("Bearer."), required=True)},
        ),
        "403": _error(_("The token's owner may not do this (or the token is read-only).")),
        "404": _error(_("Not found, or not yours to see.")),
        "406": _error(_("Only application/json can be answered.")),
        "409": _error(_("Refused in the current state, with the reason in code.")),
        "415": _error(_("Send application/json.")),
        "429": _error(
            _("Too many requests."),
            **{
                "Retry-After": _header(
                    _("Seconds to wait."), required=True, schema={"type": "integer"}
                )
            },
        ),
        "500": _error(_("Something went wrong on our side.")),
        "503": _error(
            _("Busy: try again in a moment."),
            **{"Retry-After": _header(_("Seconds to wait."), schema={"type": "integer"})},
        ),
    }


def _success_headers(*, open_data: bool, created: bool) -> dict:
    headers = {"API-Version": _version_header()}
    if open_data:
        headers["ETag"] = _header(
            _("The version of this answer (for If-None-Match)."), required=True
        )
        headers["Last-Modified"] = _header(
            _("When this answer was first served (for If-Modified-Since)."), required=True
        )
        headers["Access-Control-Allow-Origin"] = _header(
            _("Open data: any origin may read it (*)."), required=True
        )
    if created:
        headers["Location"] = _header(
            _("The new resource."), required=True, schema={"type": "string", "format": "uri"}
        )
    headers["Deprecation"] = _header(
        _("Set once this version is deprecated (RFC 9745): @ and a Unix time.")
    )
    headers["Sunset"] = _header(_("The date this version stops (RFC 8594), once known."))
    return headers


def postprocess(result, generator, request, public):
    """drf-spectacular's last step: what the ADR asks of the document."""
    result["info"] = {
        "title": "G40 Netwerk API",
        "version": API_VERSION,
        "description": _(
            "The G40 city network's data for the cities' own systems and the public: member "
            "cities, network days, theme groups and member letters as open data (no account), "
            "and, with a personal token, what its owner sees on the pages. Errors are problem "
            "details (RFC 9457); every answer carries API-Version. See the documentation page "
            "for versions, deprecation, limits and tokens."
        ),
        "contact": {
            "name": _("G40 Netwerk API keepers (the network's secretariat)"),
            "email": settings.API_CONTACT_EMAIL,
            "url": settings.SITE_URL + reverse("api:docs"),
        },
    }
    result["servers"] = [{"url": "/api/v1", "description": _("This server, version 1.")}]
    result["tags"] = [
        {"name": OPEN_TAG, "description": _("No account needed; ETag and Last-Modified.")},
        {"name": PRIVATE_TAG, "description": _("With a personal token, as its owner.")},
    ]
    components = result.setdefault("components", {})
    components.setdefault("schemas", {})["Problem"] = _problem_schema()
    errors = _errors()
    for _path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            _complete(method, operation, errors)
    return result


def _complete(method: str, operation: dict, errors: dict) -> None:
    tags = operation.get("tags") or []
    open_data = OPEN_TAG in tags
    responses = operation.setdefault("responses", {})
    for status, response in list(responses.items()):
        if status.startswith(("2", "3")):
            response["headers"] = {
                **response.get("headers", {}),
                **_success_headers(open_data=open_data, created=status == "201"),
            }
    if open_data and method == "get":
        responses["304"] = {
            "description": _("Not modified since If-None-Match / If-Modified-Since."),
            "headers": {
                "API-Version": _version_header(),
                "ETag": _header(_("The version of this answer."), required=True),
            },
        }
    wanted = ["401", "404", "406", "429", "500"]
    if operation.get("parameters") or method in ("post", "put", "patch"):
        wanted.append("400")
    if not open_data:
        wanted.append("403")
    if method in ("post", "put", "patch"):
        wanted += ["409", "415", "503"]
    for status in wanted:
        responses[status] = copy.deepcopy(errors[status])
    # Open data may be read without a token; a token sent is checked all the same.
    if open_data:
        operation["security"] = [{SECURITY_SCHEME: []}, {}]
    else:
        operation["security"] = [{SECURITY_SCHEME: []}]


@functools.lru_cache(maxsize=8)
def _document(language: str) -> dict:
    from drf_spectacular.generators import SchemaGenerator

    with translation.override(language):
        return SchemaGenerator().get_schema(request=None, public=True)


def openapi_document() -> dict:
    """The document in the active language. Made once per language and process: it
    follows from the code alone (no data, no host: the server is relative)."""
    return _document(translation.get_language() or settings.LANGUAGE_CODE)
