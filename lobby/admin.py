from django.contrib import admin

from infra.admin import SecretariatAdmin
from infra.readonly import ReadOnlyAdminMixin

from .models import CityAction, DeviationNotice, Dossier, LobbyTarget, PositionVersion


@admin.register(LobbyTarget)
class LobbyTargetAdmin(SecretariatAdmin):
    """The short list of lobby targets (committees, ministries, the cabinet, societal
    organisations, the VNG): the secretariat keeps it here."""

    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(Dossier)
class DossierAdmin(ReadOnlyAdminMixin, SecretariatAdmin):
    """For looking things up: dossiers change through the lobby's pages, whose services
    keep the pillar's text and the VNG rule."""

    list_display = ["subject", "pillar", "status", "vng_alignment"]
    list_filter = ["status", "pillar", "vng_alignment"]
    search_fields = ["subject"]


@admin.register(PositionVersion)
class PositionVersionAdmin(ReadOnlyAdminMixin, SecretariatAdmin):
    """Versions are never rewritten: read-only here."""

    list_display = ["dossier", "number", "title", "status", "agreed_at"]
    list_filter = ["status"]


@admin.register(DeviationNotice)
class DeviationNoticeAdmin(ReadOnlyAdminMixin, SecretariatAdmin):
    list_display = ["city", "dossier", "acts_from", "filed_at", "unexpected", "acknowledged_at"]
    list_filter = ["unexpected"]


@admin.register(CityAction)
class CityActionAdmin(ReadOnlyAdminMixin, SecretariatAdmin):
    list_display = ["city", "dossier", "took_place_on", "unexpected"]
