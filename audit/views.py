"""The audit trail, for the secretariat: every recorded change, filtered per object
type and id, per user and per request."""

from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET

from members.permissions import permissions_for

from .display import action_label, actor_names, change_lines, related_names, shown_lines
from .forms import AuditLogFilterForm, registered_models

PAGE_SIZE = 50


def _admin_url(entry) -> str | None:
    content_type = entry.content_type
    if entry.action == LogEntry.Action.DELETE or entry.object_id is None:
        return None
    try:
        return reverse(
            f"admin:{content_type.app_label}_{content_type.model}_change",
            args=[entry.object_id],
        )
    except NoReverseMatch:
        return None


@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    if not permissions_for(request.user).may_read_audit:
        raise PermissionDenied
    form = AuditLogFilterForm(request.GET or None)
    entries = LogEntry.objects.select_related("content_type", "actor").order_by("-timestamp", "-pk")
    if form.is_valid():
        data = form.cleaned_data
        if data["type"]:
            model = registered_models()[data["type"]]
            entries = entries.filter(content_type=ContentType.objects.get_for_model(model))
        if data["object_id"]:
            entries = entries.filter(object_id=data["object_id"])
        if data["username"]:
            entries = entries.filter(actor__username__iexact=data["username"])
        if data["request_id"]:
            entries = entries.filter(cid=data["request_id"])
    elif form.is_bound:
        entries = entries.none()  # a filter that cannot be read shows nothing, not all
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    names = actor_names(page.object_list)
    related = related_names(page.object_list)
    rows = [
        {
            "entry": entry,
            "type": entry.content_type.model_class()._meta.verbose_name
            if entry.content_type.model_class()
            else entry.content_type.model,
            "type_label": f"{entry.content_type.app_label}.{entry.content_type.model}",
            "actor": names.get(entry.actor_id)
            or (entry.actor.get_username() if entry.actor else None),
            "admin_url": _admin_url(entry),
            "action": action_label(entry),
            "changes": shown_lines(change_lines(entry, related=related)),
        }
        for entry in page.object_list
    ]
    return render(
        request,
        "audit/audit_log.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "retention_days": settings.RETENTION_DAYS["audit_log"],
        },
    )
