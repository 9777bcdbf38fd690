from django.contrib import admin

from infra.admin import SecretariatAdmin

from .models import Pillar


@admin.register(Pillar)
class PillarAdmin(SecretariatAdmin):
    list_display = ["name", "short_name", "position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
