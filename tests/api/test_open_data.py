"""The open data: what each list holds (and never), filtered by year, paginated; and a
fixed number of queries per list whatever the number of rows."""

import datetime
import json

import pytest
from django.urls import reverse

from letters.constants import LetterStatus
from members.constants import CityStatus
from networkdays.constants import NetworkDayStatus
from tests.factories import CityFactory, PersonFactory
from tests.letters.factories import make_letter
from tests.networkdays.factories import NetworkDayFactory, RegistrationFactory
from tests.themegroups.factories import ThemeGroupFactory

from .factories import ApiClient


def _get(path, **params):
    response = ApiClient().get(path, params)
    assert response.status_code == 200, response.content
    return json.loads(response.content)


def test_network_days_never_say_who_comes(api_world):
    body = _get("/api/v1/network-days")
    text = json.dumps(body)
    for persona in ("official_a", "official_b"):
        person = api_world.person(persona)
        assert person.name not in text and person.email not in text
    day = body["results"][0]
    assert set(day) == {
        "url", "id", "title", "kind", "status", "date", "starts_at", "ends_at", "host_city",
        "venue", "address", "description", "registration_opens_at", "registration_closes_at",
    }  # fmt: skip
    assert day["starts_at"].endswith("Z")  # moments in UTC (ADR)
    assert day["date"] == api_world.extra["api_day"].date.isoformat()


def test_drafts_proposals_applicants_and_unsent_letters_are_not_open(api_world):
    days = {d["id"] for d in _get("/api/v1/network-days")["results"]}
    assert api_world.extra["api_draft"].pk not in days
    groups = {g["slug"] for g in _get("/api/v1/theme-groups")["results"]}
    assert api_world.extra["api_group"].slug in groups
    assert api_world.extra["api_proposal"].slug not in groups
    codes = {c["code"] for c in _get("/api/v1/cities")["results"]}
    assert api_world.city_a.cbs_code in codes
    assert api_world.extra["api_applicant"].cbs_code not in codes
    letters = {letter["number"] for letter in _get("/api/v1/member-letters")["results"]}
    assert letters == {api_world.extra["api_letter"].slug}


def test_a_cancelled_day_stays_in_the_calendar_as_cancelled(api_world):
    day = NetworkDayFactory(host_city=api_world.city_b, status=NetworkDayStatus.CANCELLED)
    assert _get(f"/api/v1/network-days/{day.pk}")["status"] == "cancelled"
    found = _get("/api/v1/network-days", status="cancelled")["results"]
    assert [d["id"] for d in found] == [day.pk]


def test_every_list_filters_by_year(api_world):
    NetworkDayFactory(
        host_city=api_world.city_a,
        date=datetime.date(2021, 5, 1),
        registration_opens_at=datetime.datetime(2021, 3, 1, tzinfo=datetime.UTC),
        registration_closes_at=datetime.datetime(2021, 4, 1, tzinfo=datetime.UTC),
    )
    assert [d["date"] for d in _get("/api/v1/network-days", year="2021")["results"]] == [
        "2021-05-01"
    ]
    old_group = ThemeGroupFactory(
        started_on=datetime.date(2019, 1, 1),
        review_due_on=datetime.date(2021, 1, 1),
        status="ended",
        ended_on=datetime.date(2020, 6, 30),
        end_reason="Klaar",
    )
    in_2020 = {g["slug"] for g in _get("/api/v1/theme-groups", year="2020")["results"]}
    assert old_group.slug in in_2020
    assert api_world.extra["api_group"].slug not in in_2020
    assert old_group.slug not in {
        g["slug"] for g in _get("/api/v1/theme-groups", year="2021")["results"]
    }
    former = CityFactory(
        name="Oudstad",
        cbs_code="GM7996",
        status=CityStatus.FORMER,
        member_since=datetime.date(2010, 1, 1),
        member_until=datetime.date(2019, 12, 31),
    )
    assert former.cbs_code in {c["code"] for c in _get("/api/v1/cities", year="2019")["results"]}
    assert former.cbs_code not in {
        c["code"] for c in _get("/api/v1/cities", year="2020")["results"]
    }
    assert former.cbs_code not in {c["code"] for c in _get("/api/v1/cities")["results"]}
    make_letter(status=LetterStatus.SENT, year=2024)
    assert {
        letter["year"] for letter in _get("/api/v1/member-letters", year="2024")["results"]
    } == {2024}


def test_a_city_joining_later_in_the_year_counts_for_that_year_only_from_then(api_world):
    joining = CityFactory(
        name="Nieuwstad", cbs_code="GM7995", member_since=datetime.date(2030, 1, 1)
    )
    assert joining.cbs_code not in {
        c["code"] for c in _get("/api/v1/cities", year="2029")["results"]
    }
    assert joining.cbs_code in {c["code"] for c in _get("/api/v1/cities", year="2030")["results"]}


def test_a_letter_has_its_text_as_sent_and_its_pdf(api_world):
    letter = api_world.extra["api_letter"]
    body = _get(f"/api/v1/member-letters/{letter.slug}")
    assert body["html"] == letter.sent_html
    assert body["label"] == letter.number_label
    assert body["pdf_url"].endswith(reverse("ledenbrieven:pdf", kwargs={"number": letter.slug}))
    assert "html" not in _get("/api/v1/member-letters")["results"][0]


def test_pages_of_a_list(api_world):
    for _ in range(5):
        NetworkDayFactory(host_city=api_world.city_a)
    first = _get("/api/v1/network-days", pageSize="2")
    assert first["count"] == 6
    assert len(first["results"]) == 2
    assert "page=2" in first["next"] and first["previous"] is None
    last = _get("/api/v1/network-days", pageSize="2", page="3")
    assert last["next"] is None
    assert (
        ApiClient().get("/api/v1/network-days", {"pageSize": "2", "page": "4"}).status_code == 404
    )
    assert ApiClient().get("/api/v1/network-days", {"pageSize": "101"}).status_code == 400


@pytest.mark.parametrize("rows", [1, 20])
@pytest.mark.parametrize(
    "path",
    ["/api/v1/cities", "/api/v1/network-days", "/api/v1/theme-groups", "/api/v1/member-letters"],
)
def test_an_open_list_costs_the_same_queries_for_few_and_many_rows(
    api_world, rows, path, django_assert_max_num_queries
):
    for _ in range(rows):
        city = CityFactory()
        NetworkDayFactory(host_city=city)
        group = ThemeGroupFactory()
        group.other_pillars.add(api_world.other_pillar)
        make_letter(status=LetterStatus.SENT)
        RegistrationFactory(person=PersonFactory(city=city))
    client = ApiClient()
    client.get(path)  # the first request of a process reads what it keeps (translations)
    with django_assert_max_num_queries(4):
        assert client.get(path, {"pageSize": "50"}).status_code == 200
