import importlib
import logging

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache

from members.permissions import permissions_for

logger = logging.getLogger(__name__)


def dashboard_panels(request: HttpRequest) -> list[dict]:
    """Each app may offer dashboard panels through ``<app>.dashboard.panels(request)``,
    returning dicts with a ``template`` and its context; apps appear in settings order."""
    panels: list[dict] = []
    for app in settings.G40_APPS:
        try:
            module = importlib.import_module(f"{app}.dashboard")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.dashboard":
                raise
            continue
        panels.extend(module.panels(request))
    return panels


def dashboard(request: HttpRequest) -> HttpResponse:
    # Not cached: everything on the dashboard is the user's own (one fragment per user,
    # read from every app), so an entry is seldom hit before a write to any app drops
    # it, and each one costs memory. Its query count is fixed (tests/test_g40.py).
    content = render_to_string(
        "_dashboard.html",
        {"permissions": permissions_for(request.user), "panels": dashboard_panels(request)},
        request=request,
    )
    return render(request, "dashboard.html", {"content": content})


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
    from g40.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return "ok"
    except Exception:  # noqa: BLE001
        logger.exception("Health check: broker does not answer")
        return "error"


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
    return render(request, "404.html", status=404)


@login_not_required
def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
