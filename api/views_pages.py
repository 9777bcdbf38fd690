"""The API's own documents and its catch-all: the OpenAPI document (JSON), the page for
people that lists every operation and field (rendered here from the same document: no
script, no CDN), and a problem-details 404 for any other address under /api/."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from drf_spectacular.renderers import OpenApiJsonRenderer
from drf_spectacular.utils import extend_schema
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from .constants import API_VERSION, MAX_PAGE_SIZE, PAGE_SIZE, TOKEN_MAX_DAYS
from .problems import DETAILS, title_for
from .schema import OPEN_TAG, openapi_document
from .views_base import OpenView

METHODS = ("get", "post", "put", "patch", "delete")


class OpenApiView(OpenView):
    renderer_classes = [JSONRenderer, OpenApiJsonRenderer]

    @extend_schema(
        operation_id="openapi_read",
        summary=_("The OpenAPI document"),
        description=_("The OpenAPI 3 document of this API (JSON)."),
        tags=[OPEN_TAG],
        responses={200: {"type": "object"}},
    )
    def get(self, request):
        return Response(openapi_document())


class NotFoundView(OpenView):
    """Any other address under /api/: a 404 as problem details, whatever the method."""

    schema = None

    def http_method_not_allowed(self, request, *args, **kwargs):
        raise Http404

    def options(self, request, *args, **kwargs):
        raise Http404

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        del response["Allow"]  # nothing is allowed at an address that does not exist
        return response


def _type(schema: dict, components: dict) -> str:
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "allOf" in schema:
        return " & ".join(_type(part, components) for part in schema["allOf"])
    if "oneOf" in schema:
        return " | ".join(_type(part, components) for part in schema["oneOf"])
    kind = schema.get("type", "object")
    if kind == "array":
        return f"[{_type(schema.get('items', {}), components)}]"
    if "enum" in schema:
        return " | ".join(str(value) for value in schema["enum"] if value not in ("", None))
    text = f"{kind} ({schema['format']})" if schema.get("format") else kind
    return f"{text}, null" if schema.get("nullable") else text


def _fields(schema: dict, components: dict) -> list[dict]:
    required = set(schema.get("required", []))
    return [
        {
            "name": name,
            "type": _type(field, components),
            "required": name in required,
            "description": field.get("description", ""),
        }
        for name, field in schema.get("properties", {}).items()
    ]


def _operations(document: dict) -> list[dict]:
    components = document.get("components", {}).get("schemas", {})
    operations = []
    for path, item in document.get("paths", {}).items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            operations.append(
                {
                    "id": operation.get("operationId", f"{method}-{path}"),
                    "method": method.upper(),
                    "path": "/api/v1" + path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "open": OPEN_TAG in operation.get("tags", []),
                    "parameters": [
                        {
                            "name": parameter["name"],
                            "in": parameter["in"],
                            "required": parameter.get("required", False),
                            "type": _type(parameter.get("schema", {}), components),
                            "description": parameter.get("description", ""),
                        }
                        for parameter in operation.get("parameters", [])
                    ],
                    "body": _type(body["schema"], components) if body else "",
                    "responses": sorted(operation.get("responses", {})),
                }
            )
    return operations


def _schemas(document: dict) -> list[dict]:
    components = document.get("components", {}).get("schemas", {})
    return [
        {
            "name": name,
            "description": schema.get("description", ""),
            "fields": _fields(schema, components),
        }
        for name, schema in sorted(components.items())
        if schema.get("properties") and not name.startswith("Paginated")
    ]


@require_GET
@login_not_required
def documentation(request: HttpRequest) -> HttpResponse:
    """The API for people: how to use it, then every operation and every resource's
    fields, from the OpenAPI document itself."""
    document = openapi_document()
    return render(
        request,
        "api/documentation.html",
        {
            "document": document,
            "version": API_VERSION,
            "operations": _operations(document),
            "schemas": _schemas(document),
            "rate_per_address": settings.API_RATE_PER_ADDRESS,
            "rate_per_token": settings.API_RATE_PER_TOKEN,
            "page_size": PAGE_SIZE,
            "max_page_size": MAX_PAGE_SIZE,
            "token_max_days": TOKEN_MAX_DAYS,
            "deprecated_on": settings.API_V1_DEPRECATED_ON,
            "sunset_on": settings.API_V1_SUNSET_ON,
            "problems": [
                {"status": status, "title": title_for(status), "detail": DETAILS[status]}
                for status in (400, 401, 403, 404, 405, 406, 409, 415, 429, 500, 503)
            ],
        },
    )
