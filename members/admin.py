from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from infra.admin import SecretariatAdmin, SecretariatTabularInline

from .models import City, Person, Role


@admin.register(City)
class CityAdmin(SecretariatAdmin):
    list_display = ["name", "cbs_code", "province", "population", "urbanity_class", "status"]
    list_filter = ["status", "province", "urbanity_class"]
    search_fields = ["name", "cbs_code"]


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
