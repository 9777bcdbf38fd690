"""/membership/contributions/… and /membership/budget/ (names in the ``contributions``
namespace). A year is four digits; the view answers 404 outside 2000–2100."""

from django.urls import path, re_path

from . import views

app_name = "contributions"

YEAR = r"(?P<year>[0-9]{4})"

urlpatterns = [
    re_path(rf"^contributions/{YEAR}/$", views.contributions_year, name="contributions_year"),
    re_path(
        rf"^contributions/{YEAR}\.xlsx$",
        views.contributions_xlsx,
        name="contributions_xlsx",
    ),
    re_path(rf"^contributions/{YEAR}/rate/$", views.rate_decide, name="rate_decide"),
    re_path(rf"^contributions/{YEAR}/issue/$", views.statements_issue, name="statements_issue"),
    path("statements/<id:pk>.pdf", views.statement_pdf, name="statement_pdf"),
    path("statements/<id:pk>/credit/", views.statement_credit, name="statement_credit"),
    path("price-index/new/", views.price_index_add, name="price_index_add"),
    path("price-index/<id:pk>/", views.price_index_correct, name="price_index_correct"),
    path("budget/", views.budget, name="budget"),
    re_path(rf"^budget/{YEAR}/$", views.budget_edit, name="budget_edit"),
]
