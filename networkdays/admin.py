from django.contrib import admin

from infra.admin import SecretariatAdmin, SecretariatTabularInline
from infra.readonly import ReadOnlyAdminMixin

from .models import CalendarFeed, DigitalMeeting, NetworkDay, ProgrammeSession, Registration


class ProgrammeSessionInline(SecretariatTabularInline):
    model = ProgrammeSession


@admin.register(NetworkDay)
class NetworkDayAdmin(SecretariatAdmin):
    """For looking things up. Creating and changing days goes through the app's forms,
    which hold the yearly cap under a lock and mail registrants, so here it is read-only."""

    list_display = ["title", "date", "kind", "host_city", "status", "capacity"]
    list_filter = ["status", "kind", "date"]
    search_fields = ["title", "venue"]
    inlines = [ProgrammeSessionInline]
    readonly_fields = ["sequence"]

    def has_add_permission(self, request, *args) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdminMixin, SecretariatAdmin):
    list_display = ["person", "network_day", "status", "queued_at", "checked_in_at"]
    list_filter = ["status", "network_day"]
    search_fields = ["person__name", "person__email"]
    raw_id_fields = ["person", "registered_by", "checked_in_by"]
    # Registrations go through the app: capacity and the waiting list are held there.


@admin.register(DigitalMeeting)
class DigitalMeetingAdmin(SecretariatAdmin):
    list_display = ["title", "starts_at", "pillar", "theme_group"]
    list_filter = ["pillar"]
    readonly_fields = ["sequence", "created_by"]

    def save_model(self, request, obj, form, change):
        # Through the service, so that the invitations (and re-invitations) go out.
        from .services_meetings import digital_meeting_save

        # The admin's change view is one transaction (with its log entry): not durable.
        digital_meeting_save(meeting=obj, by=request.user, durable=False)


@admin.register(CalendarFeed)
class CalendarFeedAdmin(SecretariatAdmin):
    list_display = ["person", "created_at"]
    exclude = ["token"]
