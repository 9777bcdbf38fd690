"""What every answer under /api/ carries, whoever made it (a view, Django's 404 or 500,
a middleware's early 400):

- ``API-Version`` (ADR /core/version-header), and ``Deprecation``/``Sunset`` once they
  are set (``API_V1_DEPRECATED_ON``, ``API_V1_SUNSET_ON``);
- every 4xx and 5xx as problem details (``api.problems``): an answer that is not one
  already is rewritten, keeping its status and the headers that matter (Allow,
  Retry-After, WWW-Authenticate);
- no session: the API is stateless (ADR /core/stateless) and authenticates by token only,
  so the session cookie is dropped before the site's session middlewares see the
  request — a browser's cookie never logs an API request in, times it out or sends it to
  the second factor (the documentation page, a page for people, keeps it);
- CORS for the open data (ADR /core/transport/cors): any origin may read it
  (``Access-Control-Allow-Origin: *``, no credentials), preflights are answered here.
  Endpoints behind a token send no CORS headers: tokens belong in a server, not in a
  web page of another site.
"""

from __future__ import annotations

import calendar
import datetime

from django.conf import settings
from django.http import HttpResponse
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.http import http_date

from .constants import API_VERSION
from .problems import CONTENT_TYPE, problem_response
from .views_base import api_language

PREFIX = "/api/"
DOCS_PATH = "/api/v1/docs"
KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate", "Vary", "Cache-Control")
EXPOSED = (
    "API-Version, Content-Language, Deprecation, ETag, Last-Modified, Link, Location, "
    "Retry-After, Sunset"
)
ALLOWED_REQUEST_HEADERS = "Accept, Accept-Language, If-Modified-Since, If-None-Match"
PREFLIGHT_MAX_AGE = 60 * 60 * 24


def _is_open(request) -> bool:
    match = getattr(request, "resolver_match", None)
    if match is None:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
    view_class = getattr(match.func, "view_class", None)
    return bool(getattr(view_class, "open_data", False))


def _is_problem(response) -> bool:
    return response.get("Content-Type", "").startswith(CONTENT_TYPE)


def _unix(day: datetime.date) -> int:
    return calendar.timegm(day.timetuple())


class ApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(PREFIX):
            return self.get_response(request)
        if request.path_info != DOCS_PATH:
            request.COOKIES.pop(settings.SESSION_COOKIE_NAME, None)
        if self._is_preflight(request):
            response = self._preflight(request)
        else:
            response = self.get_response(request)
        if response.status_code >= 400 and not _is_problem(response):
            response = self._as_problem(request, response)
        response["API-Version"] = API_VERSION
        self._deprecation(response)
        if _is_open(request):
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Expose-Headers"] = EXPOSED
        return response

    @staticmethod
    def _is_preflight(request) -> bool:
        return (
            request.method == "OPTIONS"
            and "HTTP_ORIGIN" in request.META
            and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in request.META
        )

    @staticmethod
    def _preflight(request) -> HttpResponse:
        response = HttpResponse(status=204)
        if _is_open(request):
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Headers"] = ALLOWED_REQUEST_HEADERS
            response["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
        return response

    @staticmethod
    def _as_problem(request, response):
        with translation.override(api_language(request)):
            problem = problem_response(request, response.status_code)
        for name in KEPT_HEADERS:
            if response.has_header(name):
                problem[name] = response[name]
        return problem

    @staticmethod
    def _deprecation(response) -> None:
        deprecated_on = settings.API_V1_DEPRECATED_ON
        sunset_on = settings.API_V1_SUNSET_ON
        if deprecated_on is not None:
            response["Deprecation"] = f"@{_unix(deprecated_on)}"
            response["Link"] = (
                f'<{settings.SITE_URL}{reverse("api:docs")}#versions>; rel="deprecation"'
            )
        if sunset_on is not None:
            response["Sunset"] = http_date(_unix(sunset_on))
