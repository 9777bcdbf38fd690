"""Issue 13, item 3 and 8: the evidence (the applicant's value, its rank among the
current members, the members that score the same or lower), the application's page and
PDF, the membership page, the city page's membership dates, the member letter's section
and fixed query counts."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from admissions import member_letter
from admissions.constants import ApplicationStatus
from admissions.models import ApplicationNote
from admissions.selectors import evidence
from members.constants import CityStatus
from members.models import MembershipPeriod

from ..factories import CityFactory
from .factories import applicant, application, criteria_2018, value

pytestmark = pytest.mark.django_db


def _indicator(result, key):
    for criterion in result:
        for item in criterion.indicators:
            if item.indicator.key == key:
                return item
    raise AssertionError(key)


@pytest.fixture
def network(world):
    """Zwolle, Almere and two more members with urbanity classes 1, 2, 2, 3 and address
    densities; the applicant has class 2 and density 2000."""
    criteria_2018()
    members = [
        (world.city_a, 2, 2081),  # Zwolle
        (world.city_b, 2, 1616),  # Almere
        (CityFactory(name="Leiden", cbs_code="GM0546"), 1, 3797),
        (CityFactory(name="Emmen", cbs_code="GM0114"), 3, 854),
    ]
    for city, urbanity, density in members:
        value(city, "urbanity_class", urbanity, year=2021)
        value(city, "address_density", density, year=2021)
    CityFactory(name="Vroeger", cbs_code="GM0001", status=CityStatus.FORMER)
    city = applicant()
    value(city, "urbanity_class", 2, year=2021, is_demo=True)
    value(city, "address_density", 2000, year=2021)
    return application(city)


def test_rank_among_members_and_the_members_that_score_the_same_or_lower(network):
    result = evidence(network)
    urbanity = _indicator(result, "urbanity_class")  # lower = more urban
    # only Leiden (1) is more urban; "x of N" counts the 4 members, not the applicant
    assert urbanity.rank == 2 and urbanity.ranked == 4
    assert [c.city for c in urbanity.same_or_lower] == ["Almere", "Zwolle", "Emmen"]
    density = _indicator(result, "address_density")  # higher = more urban
    assert density.rank == 3  # Leiden, Zwolle above 2000
    assert [c.city for c in density.same_or_lower] == ["Almere", "Emmen"]
    assert urbanity.value.is_demo


def test_the_applicant_is_never_among_the_members_also_after_admission(network):
    MembershipPeriod.objects.create(city=network.city, starts_on=datetime.date(2024, 7, 1))
    urbanity = _indicator(evidence(network, on=datetime.date(2024, 8, 1)), "urbanity_class")
    assert urbanity.ranked == 4
    assert network.city.name not in [c.city for c in urbanity.same_or_lower]


# The marker's fixture pins the moment before the world is made: the personas' roles
# have begun on that day whatever today is.
@pytest.mark.time_machine(datetime.datetime(2026, 12, 7, 12), tick=False)
def test_after_the_decision_the_evidence_is_as_on_the_decisions_date(network, world):
    """Issue 22, item 13: a member that joined later, and a figure dated later, never
    change the evidence the AB decided on; a member that left since still counts."""
    decided = application(
        applicant(name="Amstelveen", cbs_code="GM0362"), status=ApplicationStatus.DECLINED
    )
    value(decided.city, "urbanity_class", 2, year=2021)
    decided_on = decided.decision.decided_on  # 2024-04-30
    later = CityFactory(name="Later", cbs_code="GM0002", member_since=decided_on.replace(year=2025))
    value(later, "urbanity_class", 1, year=2021)
    gone = world.city_b.membership_periods.get()
    gone.ends_on = datetime.date(2025, 1, 1)
    gone.save()
    value(decided.city, "urbanity_class", 5, year=2025)  # known only after the decision
    urbanity = _indicator(evidence(decided), "urbanity_class")
    page = world.client("secretariat").get(decided.get_absolute_url()).content.decode()
    assert urbanity.ranked == 4  # Zwolle, Almere, Leiden, Emmen — not "Later"
    assert urbanity.rank == 2 and urbanity.value.year == 2021  # not the 2025 figure
    assert "Almere" in [c.city for c in urbanity.same_or_lower]
    assert "30 april 2024" in page and "plaats 2 naast 4 leden" in page


def test_a_value_shows_in_dutch(network, world):
    value(network.city, "population", 92883, year=2023)
    page = world.client("secretariat").get(network.get_absolute_url()).content.decode()
    assert "92.883" in page and "92883" not in page


def test_without_a_value_there_is_no_rank_and_urbanisation_is_first_and_defining(network):
    result = evidence(network)
    assert result[0].criterion == "urbanisation" and result[0].defining
    assert _indicator(result, "unemployment").rank is None


def test_a_member_is_compared_with_its_value_of_that_year_or_before(network, world):
    value(world.city_a, "urbanity_class", 1, year=2024)  # later than the applicant's
    urbanity = _indicator(evidence(network), "urbanity_class")
    assert "Zwolle" in [c.city for c in urbanity.same_or_lower]


def test_the_page_shows_the_evidence_the_version_and_the_notes(network, world):
    ApplicationNote.objects.create(
        application=network, criterion="urbanisation", text="Vergelijkbaar met Almere."
    )
    response = world.client("db_member").get(network.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Vergelijkbaar met Almere." in html
    assert "plaats 2 naast 4 leden" in html
    assert "Almere" in html and "Emmen" in html
    assert "versie 1" in html
    assert "demodata" in html


def test_the_pdf_is_a_pdf_with_the_evidence(network, world):
    response = world.client("secretariat").get(
        reverse("admissions:application_pdf", kwargs={"pk": network.pk})
    )
    assert response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Purmerend" in text and "Stedelijkheidsklasse" in text and "Emmen" in text


def test_the_membership_page_lists_applications_by_status_for_the_db_only(network, world):
    application(applicant(name="Velsen", cbs_code="GM0453"), status=ApplicationStatus.ADMITTED)
    html = world.client("db_member").get(reverse("admissions:index")).content.decode()
    assert "Purmerend" in html and "Velsen" in html
    assert "Toetredingscriteria G40 (2018)" in html
    official = world.client("official_a").get(reverse("admissions:index")).content.decode()
    assert "Toetredingscriteria G40 (2018)" in official
    assert "Purmerend" not in official


def test_the_membership_page_links_to_contributions_and_budget_for_who_may_read_them(world):
    """The secretariat and the DB get the links; an official, who would be refused
    there (403), does not see them."""
    year = datetime.date.today().year
    contributions = reverse("contributions:contributions_year", kwargs={"year": year})
    budget = reverse("contributions:budget")
    for persona in ("secretariat", "db_member"):
        html = world.client(persona).get(reverse("admissions:index")).content.decode()
        assert contributions in html and budget in html, persona
    official = world.client("official_a").get(reverse("admissions:index")).content.decode()
    assert contributions not in official and budget not in official


def test_the_city_page_shows_the_membership_dates_and_the_application(network, world):
    from admissions.services import advice_record, decision_record

    advice_record(
        by=world.person("db_member").user,
        application=network,
        outcome="admit",
        reasons="r",
        advised_on=datetime.date(2024, 4, 1),
    )
    decision_record(
        by=world.person("secretariat").user,
        application=network,
        outcome="admit",
        reasons="r",
        decided_on=datetime.date(2024, 5, 1),
        admitted_from=datetime.date(2024, 7, 1),
    )
    url = reverse("members:city_detail", kwargs={"cbs_code": "GM0439"})
    official = world.client("official_a").get(url).content.decode()
    assert "Lidmaatschap" in official and "1 juli 2024" in official
    assert network.get_absolute_url() not in official  # the evidence is for DB/secretariat
    db = world.client("db_member").get(url).content.decode()
    assert network.get_absolute_url() in db


def test_the_member_letter_names_the_cities_admitted_in_the_period(network, world):
    application(applicant(name="Velsen", cbs_code="GM0453"), status=ApplicationStatus.ADMITTED)
    # admitted_from = received (1 March 2024) + 90 days = 30 May 2024
    sections = member_letter.sections(datetime.date(2024, 5, 1), datetime.date(2024, 6, 1))
    assert sections[0].items == ["Velsen is lid van het G40-stedennetwerk vanaf 30 mei 2024."]
    assert member_letter.sections(datetime.date(2024, 6, 1), datetime.date(2024, 7, 1)) == []
    assert member_letter.sections(datetime.date(2024, 5, 30), datetime.date(2024, 5, 30)) == []


# --- fixed query counts -------------------------------------------------------------------


def _grow(start: int, size: int) -> None:
    for n in range(start, start + size):
        city = CityFactory(name=f"Lid {n}", cbs_code=f"GM{8000 + n}")
        value(city, "urbanity_class", 1 + n % 5, year=2021)
        value(city, "address_density", 1000 + n, year=2021)
        value(city, "population", 50_000 + n)
        other = applicant(name=f"Aanvrager {n}", cbs_code=f"GM{7000 + n}")
        application(other, status=[ApplicationStatus.RECEIVED, ApplicationStatus.ADMITTED][n % 2])


def _count(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm the permissions cache
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("persona", "url", "most"),
    [
        # +2 each: the permissions are computed once per request (issue 24), not cached
        ("secretariat", lambda app: reverse("admissions:index"), 8),
        # + the corrections of the steps (issue 22)
        ("db_member", lambda app: app.get_absolute_url(), 11),
        (
            "official_a",
            lambda app: reverse("members:city_detail", kwargs={"cbs_code": "GM0439"}),
            13,  # + the city's membership periods (issue 22)
        ),
    ],
    ids=["index", "application", "city_page"],
)
def test_the_pages_run_the_same_number_of_queries_at_two_sizes(network, world, persona, url, most):
    client = world.client(persona)
    _grow(0, 2)
    small = _count(client, url(network))
    _grow(2, 30)
    large = _count(client, url(network))
    assert small == large <= most, (small, large)


def test_the_member_letter_runs_one_query_at_two_sizes(network, django_assert_num_queries):
    _grow(0, 2)
    with django_assert_num_queries(1):
        member_letter.sections(datetime.date(2020, 1, 1), datetime.date(2030, 1, 1))
    _grow(2, 30)
    with django_assert_num_queries(1):
        assert (
            len(
                member_letter.sections(datetime.date(2020, 1, 1), datetime.date(2030, 1, 1))[
                    0
                ].items
            )
            == 16
        )
