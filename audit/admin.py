"""One place to read the audit trail: /audit/ (audit.views). django-auditlog's own
admin page would ask for Django permissions that the secretariat's role does not grant;
the admin's "history" links lead to /audit/ instead (g40.admin.SecretariatAdmin)."""

from auditlog.models import LogEntry
from django.contrib import admin

if admin.site.is_registered(LogEntry):
    admin.site.unregister(LogEntry)
