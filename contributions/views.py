"""Pages of contributions and the budget. Each view calls its access helper first
(``contributions.access``); the services ask again."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from infra.bounds import EARLIEST, LATEST
from infra.forms import add_service_error

from . import selectors, services
from .access import (
    get_budget_year_for_management,
    get_price_index_figure_for_correction,
    get_statement_for_credit,
    get_statement_for_user,
    require_contributions_manager,
    require_contributions_reader,
)
from .exports import statement_pdf as render_statement_pdf
from .exports import year_xlsx
from .forms import (
    BudgetForm,
    CreditForm,
    PriceIndexFigureAddForm,
    PriceIndexFigureForm,
    RateDecisionForm,
    RateKind,
)
from .models import PriceIndexFigure, PriceIndexSource
from .year_page import joined, rate_rows, statement_rows


def _year(value: str) -> int:
    year = int(value)
    if not EARLIEST.year <= year <= LATEST.year:
        raise Http404
    return year


@require_GET
def contributions_year(request: HttpRequest, year: str) -> HttpResponse:
    permissions = require_contributions_reader(request)
    year = _year(year)
    # The city's name and code are the statement's own: the city itself is not read.
    statements = list(
        selectors.year_statements(year).select_related(None).select_related("corrects", "credit")
    )
    # Every rate decision is on the page: the year's rate in force and next year's are
    # among them (one in force per year), not asked again; the total is the sum of the
    # statements shown (issue 24).
    rates = list(selectors.rates())
    in_force = {rate.year: rate for rate in rates if rate.is_current}
    may_manage = permissions.may_manage_contributions
    return render(
        request,
        "contributions/contributions_year.html",
        {
            "year": year,
            "rate": in_force.get(year),
            "statements": statements,
            "statement_rows": joined(statement_rows(statements, may_manage)),
            "total": sum((s.amount for s in statements), Decimal("0.00")),
            "rates": rates,
            "rate_rows": rate_rows(rates),
            "figures": list(PriceIndexFigure.objects.all()),
            "may_manage": may_manage,
            "previous_year": year - 1 if year > EARLIEST.year else None,
            "next_year": year + 1 if year < LATEST.year else None,
            # From September the year page asks for next year's rate (issue 23).
            "prepare_next": year == timezone.localdate().year
            and timezone.localdate().month >= PREPARE_NEXT_RATE_FROM_MONTH
            and year + 1 not in in_force,
        },
    )


@require_GET
def contributions_xlsx(request: HttpRequest, year: str) -> HttpResponse:
    require_contributions_reader(request)
    year = _year(year)
    content = year_xlsx(year, selectors.year_statements(year), selectors.year_total(year))
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="contributies-{year}.xlsx"'
    return response


@require_GET
def statement_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    statement = get_statement_for_user(request, pk)
    content = render_statement_pdf(statement, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="contributie-{statement.display_number}.pdf"'
    )
    return response


# The month from which this year's page asks for next year's rate.
PREPARE_NEXT_RATE_FROM_MONTH = 9


@require_http_methods(["GET", "POST"])
def rate_decide(request: HttpRequest, year: str) -> HttpResponse:
    require_contributions_manager(request)
    year = _year(year)
    current = selectors.rate_of(year)
    # The choices of the notice below are links that fill in the index (from the query,
    # only values the form would accept).
    initial = {"kind": RateKind.INDEXED, "decided_on": timezone.localdate()}
    if request.GET.get("index_source") in PriceIndexSource.values:
        initial["index_source"] = request.GET["index_source"]
    if (
        request.GET.get("index_year", "").isdigit()
        and 2000 <= int(request.GET["index_year"]) <= 2100
    ):
        initial["index_year"] = int(request.GET["index_year"])
    form = RateDecisionForm(request.POST or None, initial=initial, correcting=current is not None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if current is not None:
                services.rate_correct(
                    year=year,
                    amount_per_inhabitant=data["amount_per_inhabitant"],
                    decided_on=data["decided_on"],
                    decision_reference=data["decision_reference"],
                    reason=data["reason"],
                    confirmed=data["confirmed"],
                    reissue_statements=data["reissue_statements"],
                    by=request.user,
                )
            elif data["kind"] == RateKind.BASE:
                services.rate_set_base(
                    year=year,
                    amount_per_inhabitant=data["amount_per_inhabitant"],
                    decided_on=data["decided_on"],
                    decision_reference=data["decision_reference"],
                    confirmed=data["confirmed"],
                    by=request.user,
                )
            else:
                services.rate_index(
                    year=year,
                    index_source=data["index_source"],
                    index_year=data["index_year"],
                    index_percentage=data["index_percentage"],
                    negative_index_allowed=data["negative_index_allowed"],
                    decided_on=data["decided_on"],
                    decision_reference=data["decision_reference"],
                    by=request.user,
                )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request, _("The rate for %(year)s has been recorded.") % {"year": year}
            )
            return redirect("contributions:contributions_year", year=year)
    return render(
        request,
        "contributions/rate_decide.html",
        {
            "year": year,
            "form": form,
            "current": current,
            "choices": None if current is not None else services.index_choices(year),
        },
    )


@require_http_methods(["GET", "POST"])
def statements_issue(request: HttpRequest, year: str) -> HttpResponse:
    """GET: which cities get a statement, for how much, and what becomes final; POST
    with ``confirm=yes``: issue them. A POST without it shows the page again."""
    require_contributions_manager(request)
    year = _year(year)
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        try:
            issued = services.statements_issue_for_members(year=year, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("%(count)s statements have been issued.") % {"count": len(issued)}
            )
        return redirect("contributions:contributions_year", year=year)
    rate, rows = services.statements_preview(year)
    return render(
        request,
        "contributions/statements_issue.html",
        {
            "year": year,
            "rate": rate,
            "rows": rows,
            "total": sum((row["amount"] for row in rows), Decimal(0)),
        },
    )


@require_http_methods(["GET", "POST"])
def statement_credit(request: HttpRequest, pk: int) -> HttpResponse:
    statement = get_statement_for_credit(request, pk)
    form = CreditForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            credit = services.statement_credit(
                statement=statement, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                _("Credit statement %(number)s has been issued.")
                % {"number": credit.display_number},
            )
            return redirect("contributions:contributions_year", year=statement.year)
    return render(
        request, "contributions/statement_credit.html", {"statement": statement, "form": form}
    )


@require_GET
def budget(request: HttpRequest) -> HttpResponse:
    permissions = require_contributions_reader(request)
    return render(
        request,
        "contributions/budget.html",
        {
            "rows": selectors.budget_years(),
            "tolerance": settings.BUDGET_RATIO_TOLERANCE_POINTS,
            "may_manage": permissions.may_manage_contributions,
            "this_year": timezone.localdate().year,
        },
    )


@require_http_methods(["GET", "POST"])
def budget_edit(request: HttpRequest, year: str) -> HttpResponse:
    year = _year(year)
    budget_year = get_budget_year_for_management(request, year)
    initial = {}
    if budget_year is not None:
        initial = {
            "knowledge_exchange": budget_year.knowledge_exchange,
            "advocacy": budget_year.advocacy,
        }
    form = BudgetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.budget_set(year=year, by=request.user, **data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The budget for %(year)s has been saved.") % {"year": year})
            return redirect("contributions:budget")
    return render(
        request,
        "contributions/budget_edit.html",
        {"year": year, "budget_year": budget_year, "form": form},
    )


@require_http_methods(["GET", "POST"])
def price_index_add(request: HttpRequest) -> HttpResponse:
    """Add a published figure; back to the rate page it was asked from (``?for=<year>``)."""
    require_contributions_manager(request)
    for_year = request.GET.get("for", "")
    for_year = int(for_year) if for_year.isdigit() and 2000 <= int(for_year) <= 2100 else None
    initial = {"source": PriceIndexSource.CBS_CPI}
    if for_year:
        initial["year"] = for_year - 1
    form = PriceIndexFigureAddForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            figure = services.price_index_figure_add(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The figure has been added."))
            if for_year:
                return redirect(
                    reverse("contributions:rate_decide", kwargs={"year": str(for_year)})
                    + f"?index_source={figure.source}&index_year={figure.year}"
                )
            return redirect("contributions:contributions_year", year=timezone.localdate().year)
    return render(
        request, "contributions/rate_index_figure_add.html", {"form": form, "for_year": for_year}
    )


@require_http_methods(["GET", "POST"])
def price_index_correct(request: HttpRequest, pk: int) -> HttpResponse:
    figure = get_price_index_figure_for_correction(request, pk)
    form = PriceIndexFigureForm(
        request.POST or None,
        initial={
            "percentage": figure.percentage,
            "reference": figure.reference,
            "note": figure.note,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.price_index_figure_correct(figure=figure, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The figure has been corrected."))
            return redirect("contributions:contributions_year", year=datetime.date.today().year)
    return render(request, "contributions/rate_index_figure.html", {"figure": figure, "form": form})
