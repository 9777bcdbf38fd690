"""The lists behind a token: what each persona's token sees in them, and a fixed number
of queries whatever the number of rows."""

import json

import pytest

from networkdays.constants import RegistrationStatus
from tests.contributions.matrix import _setup as contributions
from tests.factories import PersonFactory
from tests.networkdays.factories import NetworkDayFactory, RegistrationFactory
from tests.themegroups.factories import SupportFactory, ThemeGroupFactory, days


def _results(client, path, **params):
    response = client.get(path, params)
    assert response.status_code == 200, response.content
    return json.loads(response.content)


def test_the_event_bureau_and_the_secretariat_read_every_registration(api_world, token_of):
    for persona in ("event_bureau", "secretariat"):
        _token, client = token_of(persona)
        ids = {r["id"] for r in _results(client, "/api/v1/registrations")["results"]}
        assert ids == {
            api_world.extra["api_registration_a"].pk,
            api_world.extra["api_registration_b"].pk,
        }


def test_an_official_reads_their_own_registrations_only(api_world, token_of):
    RegistrationFactory(
        network_day=api_world.extra["api_day"], person=api_world.extra["api_colleague_a"]
    )
    _token, client = token_of("official_a")
    ids = {r["id"] for r in _results(client, "/api/v1/registrations")["results"]}
    assert ids == {api_world.extra["api_registration_a"].pk}
    _token, contact = token_of("contact_a")
    assert len(_results(contact, "/api/v1/registrations")["results"]) == 2


def test_registrations_filter_by_day_year_and_status(api_world, token_of):
    _token, client = token_of("secretariat")
    day = api_world.extra["api_day"]
    assert _results(client, "/api/v1/registrations", networkDay=str(day.pk))["count"] == 2
    assert _results(client, "/api/v1/registrations", year="2001")["count"] == 0
    assert _results(client, "/api/v1/registrations", status="waiting")["count"] == 0
    assert client.get("/api/v1/registrations", {"networkDay": "9" * 30}).status_code == 400


def test_the_review_queue_holds_what_the_dbs_page_holds(api_world, token_of):
    overdue = ThemeGroupFactory(review_due_on=days(-3), started_on=days(-400))
    due = ThemeGroupFactory(review_due_on=days(10), started_on=days(-400))
    _token, client = token_of("db_member")
    body = _results(client, "/api/v1/review-queue")
    assert [g["slug"] for g in body["overdue"]] == [overdue.slug]
    assert [g["slug"] for g in body["due"]] == [due.slug]
    assert body["overdue"][0]["review_state"] == "overdue"
    assert [p["slug"] for p in body["proposals"]] == [api_world.extra["api_proposal"].slug]


def test_a_pillar_secretary_sees_the_support_of_their_own_pillar(api_world, token_of):
    mine = ThemeGroupFactory(lead_pillar=api_world.pillar)
    SupportFactory(theme_group=mine)
    theirs = ThemeGroupFactory(lead_pillar=api_world.other_pillar)
    _token, client = token_of("pillar_secretary")
    body = _results(client, "/api/v1/support-overview")
    slugs = {g["slug"] for g in body["groups"]}
    assert mine.slug in slugs and theirs.slug not in slugs
    assert [p["slug"] for p in body["pillars"]] == [api_world.pillar.slug]
    assert client.get("/api/v1/support-overview", {"pillar": "fysiek"}).status_code == 400
    _token, db = token_of("db_member")
    assert theirs.slug in {g["slug"] for g in _results(db, "/api/v1/support-overview")["groups"]}


def test_contributions_for_the_db_hold_every_member(api_world, token_of):
    contributions(api_world)
    _token, client = token_of("db_member")
    codes = {
        s["city"]["code"] for s in _results(client, "/api/v1/contribution-statements")["results"]
    }
    assert codes == {api_world.city_a.cbs_code, api_world.city_b.cbs_code}
    assert _results(client, "/api/v1/contribution-statements", year="2023")["count"] == 0


@pytest.mark.parametrize("rows", [1, 20])
@pytest.mark.parametrize(
    ("persona", "path"),
    [
        ("secretariat", "/api/v1/registrations"),
        ("secretariat", "/api/v1/people"),
        ("secretariat", "/api/v1/contribution-statements"),
        ("db_member", "/api/v1/review-queue"),
        ("db_member", "/api/v1/support-overview"),
        ("official_a", "/api/v1/me"),
    ],
)
def test_a_list_behind_a_token_costs_the_same_queries_for_few_and_many_rows(
    api_world, token_of, rows, persona, path, django_assert_max_num_queries
):
    contributions(api_world)
    day = NetworkDayFactory(host_city=api_world.city_a, capacity=500)
    for n in range(rows):
        person = PersonFactory(city=api_world.city_b)
        RegistrationFactory(network_day=day, person=person, status=RegistrationStatus.CONFIRMED)
        group = ThemeGroupFactory(review_due_on=days(5 + n), started_on=days(-300))
        SupportFactory(theme_group=group, person=person)
    _token, client = token_of(persona)
    client.get(path)  # warms what a process keeps (translations, the permissions)
    with django_assert_max_num_queries(12):
        assert (
            client.get(
                path,
                {"pageSize": "50"}
                if "queue" not in path and "support" not in path and "me" not in path
                else {},
            ).status_code
            == 200
        )
