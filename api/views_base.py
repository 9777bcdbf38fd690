"""What every /api/v1 view shares (``ApiView``): the token, the rate limit before the
permission check, Dutch or English from Accept-Language, query parameters validated
(400 with every error at once), OPTIONS answered with Allow, and the caching headers —
open data: ETag and Last-Modified with conditional GET (304) and ``no-cache`` (any cache
may keep it, but asks again); anything behind a token: ``no-store``."""

from __future__ import annotations

import hashlib
import logging
import time

from django.core.cache import cache
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from .constants import MAX_PAGE_SIZE, PAGE_SIZE

logger = logging.getLogger(__name__)

# How long the moment a representation was first served is remembered (Last-Modified).
FIRST_SEEN_SECONDS = 60 * 60 * 24 * 30


def api_language(request) -> str:
    """Dutch unless the client asks for English (Accept-Language, or the language the
    person chose on the site)."""
    return translation.get_language_from_request(request)


class PageQuery(serializers.Serializer):
    page = serializers.IntegerField(required=False, min_value=1, max_value=100000)
    pageSize = serializers.IntegerField(required=False, min_value=1, max_value=MAX_PAGE_SIZE)  # noqa: N815


_PAGINATED: dict[type, type] = {}


def paginated(serializer_class):
    """The serializer of a page of ``serializer_class`` (for the document: "PaginatedCityList")."""
    if serializer_class not in _PAGINATED:
        name = "Paginated" + serializer_class.__name__.removesuffix("Serializer") + "ListSerializer"
        _PAGINATED[serializer_class] = type(
            name,
            (serializers.Serializer,),
            {
                "count": serializers.IntegerField(help_text=_("How many there are in all.")),
                "next": serializers.URLField(allow_null=True),
                "previous": serializers.URLField(allow_null=True),
                "results": serializer_class(many=True),
                "__module__": __name__,
            },
        )
    return _PAGINATED[serializer_class]


class Pagination(PageNumberPagination):
    """``?page=2&pageSize=50``; an answer holds ``count``, ``next``, ``previous`` and
    ``results``. A page past the last is a 404."""

    page_size = PAGE_SIZE
    page_query_param = "page"
    page_size_query_param = "pageSize"
    max_page_size = MAX_PAGE_SIZE


class ApiView(APIView):
    """Base of every view. ``open_data``: no account needed, the same answer for
    everyone (CORS for any origin, conditional GET)."""

    open_data = False
    # A serializer of the query parameters (None: the view takes none).
    query_serializer: type[serializers.Serializer] | None = None

    def initial(self, request, *args, **kwargs):
        translation.activate(api_language(request))
        request.LANGUAGE_CODE = translation.get_language()
        self.format_kwarg = self.get_format_suffix(**kwargs)
        negotiated = self.perform_content_negotiation(request)
        request.accepted_renderer, request.accepted_media_type = negotiated
        request.version, request.versioning_scheme = self.determine_version(
            request, *args, **kwargs
        )
        self.perform_authentication(request)
        # The limit first: a client without a token is counted (per address) before it
        # learns that it needs one.
        self.check_throttles(request)
        self.check_permissions(request)

    def options(self, request, *args, **kwargs):
        """What this address accepts (the Allow header); CORS preflights are answered by
        the middleware."""
        return Response(status=204)

    # --- query parameters ---------------------------------------------------------------

    def query(self) -> dict:
        """The validated query parameters (a 400 lists every error); cached per request."""
        if not hasattr(self, "_query"):
            if self.query_serializer is None:
                self._query = {}
            else:
                # A plain dict: an empty value ("?status=") is a value to refuse, not an
                # absent one (DRF reads a QueryDict as a form's input).
                checked = self.query_serializer(data=self.request.query_params.dict())
                if not checked.is_valid():
                    raise ValidationError(checked.errors)
                self._query = dict(checked.validated_data)
        return self._query

    def paginate(self, queryset, serializer_class, **context):
        self.query()  # a bad page or pageSize is a 400, not the first page
        paginator = Pagination()
        page = paginator.paginate_queryset(queryset, self.request, view=self)
        serializer = serializer_class(
            page, many=True, context={"request": self.request, "view": self, **context}
        )
        return paginator.get_paginated_response(serializer.data)

    # --- the answer -------------------------------------------------------------------------

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response.headers.setdefault("Content-Language", translation.get_language())
        patch_vary_headers(response, ["Accept-Language"])
        if not self.open_data:
            response["Cache-Control"] = "no-store"
            return response
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            return self._conditional(request, response)
        return response

    def _conditional(self, request, response):
        response.render()
        digest = hashlib.sha256(response.content).hexdigest()[:40]
        etag = f'"{digest}"'
        last_modified = self._first_seen(request, etag)
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified)
        # Anyone may keep open data, and must ask again (304 when nothing changed).
        response["Cache-Control"] = "public, no-cache"
        conditional = get_conditional_response(
            request._request, etag=etag, last_modified=last_modified, response=response
        )
        return conditional

    def _first_seen(self, request, etag: str) -> int:
        """Last-Modified: when this representation (this address with these validated
        parameters, this ETag) was first served. Kept in the cache; without one, now — a
        client's If-Modified-Since then finds it changed, never wrongly the same."""
        now = int(time.time())
        query = sorted((key, str(value)) for key, value in self.query().items())
        key = (
            "api:first-seen:"
            + hashlib.sha256(
                repr((request.path, query, translation.get_language())).encode()
            ).hexdigest()
        )
        try:
            seen = cache.get(key)
            if seen is not None and seen[0] == etag:
                return seen[1]
            cache.set(key, (etag, now), FIRST_SEEN_SECONDS)
        except Exception:  # noqa: BLE001 - a cache that is away: "changed now"
            logger.warning("the API could not remember when an answer changed", exc_info=True)
        return now


class OpenView(ApiView):
    open_data = True


class TokenView(ApiView):
    """Behind a personal token: 401 without one; what the token's owner may see is
    asked by each view's access helper (``api.access``), as on the pages."""

    permission_classes = [IsAuthenticated]
