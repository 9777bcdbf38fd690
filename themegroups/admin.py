from django.contrib import admin

from infra.admin import SecretariatAdmin, SecretariatTabularInline
from infra.readonly import ReadOnlyAdminMixin

from .models import Membership, ReviewDecision, SupportAssignment, ThemeGroup


class MembershipInline(SecretariatTabularInline):
    model = Membership
    autocomplete_fields = ["person"]

    # An ended group or a refused proposal is history: its members stay as they were.
    def has_add_permission(self, request, obj=None) -> bool:
        return super().has_add_permission(request, obj) and not (obj and obj.is_read_only)

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and not (obj and obj.is_read_only)

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and not (obj and obj.is_read_only)


class DecisionInline(ReadOnlyAdminMixin, SecretariatTabularInline):
    model = ReviewDecision
    fields = [
        "review_due_on",
        "outcome",
        "new_review_due_on",
        "ends_on",
        "reason",
        "decided_by_name",
        "decided_at",
    ]
    readonly_fields = fields


@admin.register(ThemeGroup)
class ThemeGroupAdmin(SecretariatAdmin):
    list_display = ["name", "lead_pillar", "status", "review_due_on", "ended_on"]
    list_filter = ["status", "lead_pillar"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    # Status and dates move through the DB's decisions (services), not by hand.
    readonly_fields = [
        "status",
        "started_on",
        "review_due_on",
        "ended_on",
        "end_reason",
        "refusal_reason",
        "proposed_by",
        "proposed_at",
    ]
    inlines = [MembershipInline, DecisionInline]

    def has_add_permission(self, request, *args) -> bool:
        # New groups start as a proposal (themegroups:propose), never in the admin.
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        # Ended groups and refused proposals are read-only, in the admin too.
        return super().has_change_permission(request, obj) and not (obj and obj.is_read_only)


@admin.register(SupportAssignment)
class SupportAssignmentAdmin(SecretariatAdmin):
    list_display = ["theme_group", "person", "hours_per_month", "starts_on", "ends_on"]
    list_filter = ["theme_group__lead_pillar"]
    autocomplete_fields = ["person", "theme_group"]
    readonly_fields = ["assigned_by", "assigned_at"]


@admin.register(ReviewDecision)
class ReviewDecisionAdmin(ReadOnlyAdminMixin, SecretariatAdmin):
    list_display = ["theme_group", "review_due_on", "outcome", "decided_by_name", "decided_at"]
    list_filter = ["outcome"]
