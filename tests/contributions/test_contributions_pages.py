"""The contributions pages: the year's statements with the total and a PDF each, the
treasurer's spreadsheet, the budget with each year next to the previous, a city's own
statements on its page; fixed query counts at two data sizes; forms that refuse with
the service's message and write nothing."""

import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contributions import services
from contributions.models import ContributionRate, ContributionStatement
from members.actors import SYSTEM

from ..factories import CityFactory
from .helpers import base_rate, cpi_figures, issue

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("cpi_figures")]
__all__ = ["cpi_figures"]  # the fixture, used through pytestmark

YEAR_URL = reverse("contributions:contributions_year", kwargs={"year": "2024"})


def _statements(world, count):
    base_rate(2024, "1.20")
    for _ in range(count - 2):
        CityFactory()
    return services.statements_issue_for_members(year=2024, by=SYSTEM)


def _budgets(count):
    services.budget_set(
        year=2000,
        knowledge_exchange=Decimal("250000"),
        advocacy=Decimal("150000"),
        reason="Eerste begroting",
        decision_reference="DB",
        decided_on=datetime.date(2000, 1, 1),
        by=SYSTEM,
    )
    for year in range(2001, 2000 + count):
        services.budget_set(
            year=year,
            knowledge_exchange=Decimal("250000") - year + 2000,
            advocacy=Decimal("150000") + year - 2000,
            reason="Meer lobby",
            by=SYSTEM,
        )


def test_the_year_page_lists_every_statement_the_total_and_a_pdf_each(world):
    statements = _statements(world, 3)
    services.statement_credit(statement=statements[0], reason="Fout", by=SYSTEM)
    response = world.client("db_member").get(YEAR_URL)
    body = response.content.decode()
    assert response.status_code == 200
    for statement in ContributionStatement.objects.all():
        assert reverse("contributions:statement_pdf", kwargs={"pk": statement.pk}) in body
        assert statement.display_number in body
    assert response.context["total"] == Decimal("240000.00")  # three × 120000, one credited
    assert "€ 240.000,00" in body
    # The DB reads; only the secretariat sees the buttons that write.
    assert reverse("contributions:statements_issue", kwargs={"year": "2024"}) not in body
    secretariat = world.client("secretariat").get(YEAR_URL).content.decode()
    assert reverse("contributions:statements_issue", kwargs={"year": "2024"}) in secretariat


def test_the_statement_pdf_shows_its_figures(world):
    from pypdf import PdfReader

    statement = _statements(world, 2)[1]
    response = world.client("contact_a").get(
        reverse("contributions:statement_pdf", kwargs={"pk": statement.pk})
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert statement.city_name == "Zwolle"
    for expected in ("Zwolle", "GM0193", statement.display_number, "120.000,00", "1,20"):
        assert expected in text


def test_the_city_contact_sees_no_other_citys_statement(world):
    statements = _statements(world, 2)
    almere = next(s for s in statements if s.city_id == world.city_b.pk)
    response = world.client("contact_a").get(
        reverse("contributions:statement_pdf", kwargs={"pk": almere.pk})
    )
    assert response.status_code == 404


def test_the_treasurers_spreadsheet_has_every_statement_and_the_total(world):
    from openpyxl import load_workbook

    statements = _statements(world, 4)
    response = world.client("db_member").get(
        reverse("contributions:contributions_xlsx", kwargs={"year": "2024"})
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + len(statements) + 1
    assert [row[0] for row in rows[1:-1]] == [s.display_number for s in statements]
    assert rows[-1][-2] == 480000  # the total, as a number
    assert isinstance(rows[1][7], (int, float))  # the rate, as a number


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("official_a", True),
        ("contact_a", True),
        ("secretariat", True),
        ("db_member", True),
        ("official_b", False),
        ("pillar_secretary", False),
    ],
)
def test_a_citys_page_shows_its_statements_to_its_own_people(world, persona, sees):
    _statements(world, 2)
    body = world.client(persona).get(world.city_a.get_absolute_url()).content.decode()
    assert ("2024-00" in body) is sees
    assert ('id="contributions-heading"' in body) is sees


def test_the_budget_page_shows_each_year_next_to_the_previous(world):
    _budgets(2)
    response = world.client("db_member").get(reverse("contributions:budget"))
    body = response.content.decode()
    rows = response.context["rows"]
    assert [row["budget"].year for row in rows] == [2001, 2000]
    assert rows[0]["previous"].year == 2000
    assert "2000: 62,5 %" in body  # the previous year's split beside 2001


# --- fixed query counts at two data sizes ---------------------------------------------
def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("count", [3, 30])
def test_the_year_page_runs_a_fixed_number_of_queries(world, django_assert_num_queries, count):
    _statements(world, count)
    client = world.client("secretariat")
    client.get(YEAR_URL)  # a first request, as on every later page
    with django_assert_num_queries(YEAR_PAGE_QUERIES):
        response = client.get(YEAR_URL)
    assert len(response.context["statements"]) == count


@pytest.mark.parametrize("count", [3, 30])
def test_the_spreadsheet_runs_a_fixed_number_of_queries(world, django_assert_num_queries, count):
    _statements(world, count)
    client = world.client("secretariat")
    url = reverse("contributions:contributions_xlsx", kwargs={"year": "2024"})
    client.get(url)
    with django_assert_num_queries(XLSX_QUERIES):
        client.get(url)


@pytest.mark.parametrize("count", [3, 30])
def test_the_budget_page_runs_a_fixed_number_of_queries(world, django_assert_num_queries, count):
    _budgets(count)
    client = world.client("db_member")
    url = reverse("contributions:budget")
    client.get(url)
    with django_assert_num_queries(BUDGET_QUERIES):
        response = client.get(url)
    assert len(response.context["rows"]) == count


@pytest.mark.parametrize("count", [3, 30])
def test_the_city_section_runs_a_fixed_number_of_queries(world, count):
    base_rate(2024)
    for year in range(2030, 2030 + count - 1):
        base_rate(year)
        issue(world.city_a, year)
    issue(world.city_a, 2024)
    from django.test import RequestFactory

    from contributions.city_page import sections

    # This app's section alone: other apps add their own sections to the page.
    request = RequestFactory().get("/")
    request.user = world.person("contact_a").user
    sections(request, world.city_a)  # the viewer's permissions, kept on the request's user
    with CaptureQueriesContext(connection) as queries:
        (section,) = [
            s
            for s in sections(request, world.city_a)
            if s.template == "contributions/contributions_city_section.html"
        ]
        context = section.context()
    assert len(context["statements"]) == count
    assert len(queries) == CITY_SECTION_QUERIES


# Each with the one query of the viewer's permissions (two before issue 24), computed on
# every request. The year page: the rate in force (and next year's, asked from
# September) from the rates listed, the total from the statements shown (issue 24).
YEAR_PAGE_QUERIES = 6
XLSX_QUERIES = 5
# The budget: + one sum of the statements per year, the income (issue 23, budget income).
BUDGET_QUERIES = 5
CITY_SECTION_QUERIES = 2


# --- forms refuse with the service's message, nothing written ------------------------
def test_the_rate_form_refuses_an_index_out_of_range(world):
    base_rate(2024)
    response = world.client("secretariat").post(
        reverse("contributions:rate_decide", kwargs={"year": "2025"}),
        {
            "kind": "indexed",
            "index_source": "cbs_cpi",
            "index_percentage": "26",
            "decided_on": "2024-11-15",
            "decision_reference": "DB",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["index_percentage"]
    assert "+25" in response.content.decode()
    assert not ContributionRate.objects.filter(year=2025).exists()


def test_the_issue_button_without_a_rate_says_so(world):
    response = world.client("secretariat").post(
        reverse("contributions:statements_issue", kwargs={"year": "2024"}), follow=True
    )
    assert "Er is nog geen tarief voor 2024" in response.content.decode()
    assert not ContributionStatement.objects.exists()


def test_the_budget_form_refuses_advocacy_not_offset(world):
    _budgets(1)
    response = world.client("secretariat").post(
        reverse("contributions:budget_edit", kwargs={"year": "2000"}),
        {"knowledge_exchange": "250000", "advocacy": "160000", "reason": "Meer lobby"},
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_the_rate_form_records_an_indexed_rate_with_who_recorded_it(world):
    base_rate(2024, "1.20")
    response = world.client("secretariat").post(
        reverse("contributions:rate_decide", kwargs={"year": "2025"}),
        {
            "kind": "indexed",
            "index_source": "cbs_cpi",
            "decided_on": "2024-11-15",
            "decision_reference": "DB 15-11-2024, punt 3",
        },
    )
    assert response.status_code == 302
    rate = ContributionRate.objects.get(year=2025)
    assert (rate.amount_per_inhabitant, rate.decided_by) == (
        Decimal("1.24"),
        world.person("secretariat").user,
    )


@pytest.mark.parametrize(
    "model",
    [
        "priceindexfigure",
        "municipalmerger",
        "contributionrate",
        "contributionstatement",
        "budgetyear",
        "budgetchange",
    ],
)
def test_the_admin_lists_contributions_for_the_secretariat(world, model):
    _statements(world, 2)
    assert world.client("secretariat").get(f"/admin/contributions/{model}/").status_code == 200
    assert world.client("db_member").get(f"/admin/contributions/{model}/").status_code == 302


def test_the_admin_never_changes_an_issued_statement(world):
    statement = _statements(world, 2)[0]
    client = world.client("secretariat")
    url = f"/admin/contributions/contributionstatement/{statement.pk}/change/"
    response = client.get(url)
    assert response.status_code == 200
    assert b'name="amount"' not in response.content
    assert (
        client.get(f"/admin/contributions/contributionstatement/{statement.pk}/delete/").status_code
        == 403
    )


def test_issuing_asks_first_and_names_the_cities_and_the_total(world):
    """Issue 23, item 1: the old one-click POST issues nothing; the confirmation lists
    every city with its amount and the total; its POST issues them."""
    base_rate(2024)
    url = reverse("contributions:statements_issue", kwargs={"year": "2024"})
    client = world.client("secretariat")
    response = client.post(url)
    assert response.status_code == 200
    assert not ContributionStatement.objects.exists()
    page = response.content.decode()
    _rate, rows = services.statements_preview(2024)
    assert world.city_a.name in page and world.city_b.name in page
    assert f"{len(rows)} nota's worden uitgereikt" in page
    assert client.post(url, {"confirm": "yes"}).status_code == 302
    issued = ContributionStatement.objects.filter(year=2024)
    assert sorted(issued.values_list("amount", flat=True)) == sorted(r["amount"] for r in rows)


def test_the_preview_reads_the_membership_periods_once_for_every_city(
    world, django_assert_max_num_queries
):
    """The confirmation lists every member city with its days: the periods of all of
    them in one query, not one per city; the days as each city's own read gives them."""
    from members.models import City

    base_rate(2024)
    with django_assert_max_num_queries(3):
        _rate, rows = services.statements_preview(2024)
    assert len(rows) == City.objects.members_during(2024).count() >= 2
    for row in rows:
        alone = City.objects.get(pk=row["city"].pk)  # no periods read beforehand
        assert (row["start"], row["end"], row["days"]) == services.membership_period(alone, 2024)
