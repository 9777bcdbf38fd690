"""Pages of the infrastructure itself: health and the error pages."""

import logging

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # noqa: BLE001 - any failure means "not healthy"
        logger.exception("Health check: database does not answer")
        return False


def _broker_state() -> str:
    if not settings.CELERY_BROKER_URL:
        return "in-process"
    from celery import current_app as app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return "ok"
    except Exception:  # noqa: BLE001
        logger.exception("Health check: broker does not answer")
        return "error"


@require_safe
@login_not_required
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """Liveness for load balancers and compose: 200 when the database answers.
    Says nothing but states: no hosts, versions or settings."""
    database_ok = _database_ok()
    return JsonResponse(
        {"database": "ok" if database_ok else "error", "broker": _broker_state()},
        status=200 if database_ok else 503,
    )


@login_not_required
def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    response = render(request, "404.html", status=404)
    # Marked as the app's own page (infra.middleware.OwnNotFoundPageMiddleware).
    response.g40_own_page = True
    return response


@login_not_required
def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
