"""Access helpers of contributions and the budget: every such view calls one first.

The year page, the spreadsheet and the budget: ``may_view_contributions`` (the
secretariat and the DB), else 403. A statement: ``may_view_statements_of`` its city —
another city's statement answers 404 (it does not exist for that user); a statement of
a municipality that merged into the user's city (over the whole chain) is the city's. Writing:
``may_manage_contributions`` (the secretariat)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from members.access import require_network_reader
from members.models import City
from members.permissions import Permissions

from .models import BudgetYear, ContributionStatement, PriceIndexFigure
from .selectors import codes_with_predecessors


def require_contributions_reader(request) -> Permissions:
    return require_network_reader(request, lambda p: p.may_view_contributions)


def require_contributions_manager(request) -> Permissions:
    return require_network_reader(request, lambda p: p.may_manage_contributions)


def get_statement_for_user(request, pk: int) -> ContributionStatement:
    permissions = require_network_reader(request)
    statement = get_object_or_404(ContributionStatement.objects.select_related("corrects"), pk=pk)
    if not permissions.may_view_statements_of(statement.city_id):
        # A predecessor's statement belongs to the city it merged into, over the chain.
        own = City.objects.filter(pk=permissions.city_id).values_list("cbs_code", flat=True)
        own_code = own.first() if permissions.city_id else None
        if own_code is None or statement.cbs_code not in codes_with_predecessors(own_code):
            raise Http404
    return statement


def get_statement_for_credit(request, pk: int) -> ContributionStatement:
    statement = get_statement_for_user(request, pk)
    if not require_network_reader(request).may_manage_contributions:
        raise PermissionDenied
    return statement


def get_budget_year_for_management(request, year: int) -> BudgetYear | None:
    """The budget of ``year`` to set or change (None: not set yet)."""
    require_contributions_manager(request)
    return BudgetYear.objects.filter(year=year).first()


def get_price_index_figure_for_correction(request, pk: int) -> PriceIndexFigure:
    require_contributions_manager(request)
    return get_object_or_404(PriceIndexFigure, pk=pk)
