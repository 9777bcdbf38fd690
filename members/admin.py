from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from infra.admin import SecretariatAdmin, SecretariatTabularInline

from .models import City, MembershipPeriod, Person, Role


class MembershipPeriodInline(SecretariatTabularInline):
    """A city's membership periods: the secretariat records a leave (the last day) or
    a period from before the records here; an admission adds one through the AB's
    decision."""

    model = MembershipPeriod
    extra = 0


@admin.register(City)
class CityAdmin(SecretariatAdmin):
    list_display = ["name", "cbs_code", "province", "population", "urbanity_class"]
    list_filter = ["province", "urbanity_class"]
    search_fields = ["name", "cbs_code"]
    inlines = [MembershipPeriodInline]


class RoleInline(SecretariatTabularInline):
    model = Role
    autocomplete_fields = ["pillar"]


@admin.register(Person)
class PersonAdmin(SecretariatAdmin):
    list_display = ["name", "email", "city", "function", "user"]
    list_filter = ["function", "city"]
    search_fields = ["name", "email"]
    list_select_related = ["city", "user"]
    autocomplete_fields = ["city", "user"]
    inlines = [RoleInline]

    def save_model(self, request, obj, form, change):
        # As on the pages: a login's new address waits for its confirmation (issue 22,
        # item 2). The admin is the secretariat's, which may change every address.
        from .services import person_email_changed

        stored = Person.objects.filter(pk=obj.pk).values_list("email", flat=True).first()
        super().save_model(request, obj, form, change)
        if stored is not None and stored != obj.email:
            person_email_changed(person=obj, by=request.user)


@admin.register(Role)
class RoleAdmin(SecretariatAdmin):
    list_display = ["person", "kind", "board_position", "pillar", "starts_on", "ends_on"]
    list_filter = ["kind", "pillar"]
    search_fields = ["person__name"]
    list_select_related = ["person", "pillar"]
    autocomplete_fields = ["person"]


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class SecretariatUserAdmin(SecretariatAdmin, UserAdmin):
    pass
