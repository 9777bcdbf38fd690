"""The admin of contributions: read-only for what a service decides (rates, statements,
the budget and its changes); the secretariat adds price-index figures (e.g. the CPB's)
and records municipal mergers here. Loaded by ``membership/admin.py``."""

from django.contrib import admin

from infra.admin import SecretariatAdmin
from infra.readonly import ReadOnlyAdminMixin

from .models import (
    BudgetChange,
    BudgetYear,
    ContributionRate,
    ContributionStatement,
    MunicipalMerger,
    PriceIndexFigure,
)


@admin.register(PriceIndexFigure)
class PriceIndexFigureAdmin(SecretariatAdmin):
    list_display = ["source", "year", "percentage", "reference"]
    list_filter = ["source"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(MunicipalMerger)
class MunicipalMergerAdmin(SecretariatAdmin):
    list_display = ["predecessor_name", "predecessor_cbs_code", "successor", "effective_on"]
    autocomplete_fields = ["successor"]


@admin.register(ContributionRate)
class ContributionRateAdmin(ReadOnlyAdminMixin, SecretariatAdmin):
    list_display = ["year", "amount_per_inhabitant", "index_source", "index_percentage"]


@admin.register(ContributionStatement)
class ContributionStatementAdmin(ReadOnlyAdminMixin, SecretariatAdmin):
    list_display = ["year", "number", "kind", "city_name", "cbs_code", "amount"]
    list_filter = ["year", "kind"]
    search_fields = ["city_name", "cbs_code"]


@admin.register(BudgetYear)
class BudgetYearAdmin(ReadOnlyAdminMixin, SecretariatAdmin):
    list_display = ["year", "knowledge_exchange", "advocacy", "total"]


@admin.register(BudgetChange)
class BudgetChangeAdmin(ReadOnlyAdminMixin, SecretariatAdmin):
    list_display = ["budget_year", "changed_at", "decision_reference", "reason"]
