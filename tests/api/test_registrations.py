"""Registering and cancelling through the API: the register page's own service, so the
cap, capacity, waiting list and mails are the page's; every write in the audit trail
with its token; a Zwolle official's token reads and changes nothing of Almere."""

import json

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from networkdays.constants import RegistrationStatus
from networkdays.models import Registration
from outbox.models import OutgoingMail
from tests.factories import PersonFactory
from tests.networkdays.conftest import run_commit_callbacks
from tests.networkdays.factories import NetworkDayFactory, RegistrationFactory

URL = "/api/v1/registrations"


def _body(response):
    return json.loads(response.content)


def _register(client, day, person=None, **extra):
    body = {"network_day": day.pk, **extra}
    if person is not None:
        body["person"] = person.pk
    return client.post(URL, body)


def test_an_official_registers_and_gets_the_pages_mail(api_world, token_of):
    _token, client = token_of("official_b")
    day = NetworkDayFactory(host_city=api_world.city_a)
    response = _register(client, day, dietary_needs="vegetarisch")
    assert response.status_code == 201
    body = _body(response)
    assert body["status"] == "confirmed"
    assert body["person"]["name"] == api_world.person("official_b").name
    assert response["Location"] == body["url"]
    assert "dietary_needs" not in body  # accepted as on the form, never read back here
    registration = Registration.objects.get(pk=body["id"])
    assert registration.dietary_needs == "vegetarisch"
    run_commit_callbacks()
    mail = OutgoingMail.objects.get(key__startswith=f"networkday-confirmed:{registration.pk}:")
    assert mail.builder == "networkdays.registration"


def test_a_full_day_puts_the_api_registrant_on_the_waiting_list(api_world, token_of):
    day = NetworkDayFactory(host_city=api_world.city_a, capacity=1)
    RegistrationFactory(network_day=day, person=PersonFactory(city=api_world.city_b))
    _token, client = token_of("official_a")
    response = _register(client, day)
    assert response.status_code == 201
    assert _body(response)["status"] == RegistrationStatus.WAITING


def test_the_services_refusals_are_409_with_their_code(api_world, token_of):
    _token, client = token_of("official_a")
    response = _register(client, api_world.extra["api_day"])  # registered in the setup
    assert response.status_code == 409
    assert _body(response)["code"] == "already_registered"
    closed = NetworkDayFactory(
        host_city=api_world.city_a,
        registration_closes_at="2000-01-02T12:00Z",
        registration_opens_at="2000-01-01T12:00Z",
    )
    response = _register(client, closed)
    assert response.status_code == 409
    assert _body(response)["code"] == "registration_closed"


def test_every_error_of_a_bad_body_comes_at_once_and_nothing_is_saved(api_world, token_of):
    _token, client = token_of("contact_a")
    before = Registration.objects.count()
    response = client.post(URL, {"network_day": api_world.extra["api_draft"].pk, "person": 10**9})
    assert response.status_code == 400
    assert {p["name"] for p in _body(response)["invalid_params"]} == {"network_day", "person"}
    response = client.post(URL, {"network_day": "x", "dietary_needs": "x" * 301})
    assert {p["name"] for p in _body(response)["invalid_params"]} == {
        "network_day",
        "dietary_needs",
    }
    assert Registration.objects.count() == before


def test_a_read_only_token_may_not_register_or_cancel(api_world, token_of):
    _token, client = token_of("official_a", may_register=False)
    before = Registration.objects.count()
    response = _register(client, NetworkDayFactory(host_city=api_world.city_a))
    assert response.status_code == 403
    registration = api_world.extra["api_registration_a"]
    response = client.post(reverse("api:registration_cancel", kwargs={"pk": registration.pk}))
    assert response.status_code == 403
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert Registration.objects.count() == before
    assert client.get(URL).status_code == 200  # it still reads


def test_cancelling_gives_the_seat_to_the_waiting_list_as_the_page_does(api_world, token_of):
    day = NetworkDayFactory(host_city=api_world.city_a, capacity=1)
    first = RegistrationFactory(network_day=day, person=api_world.person("official_a"))
    waiting = RegistrationFactory(
        network_day=day, person=api_world.person("official_b"), status=RegistrationStatus.WAITING
    )
    _token, client = token_of("official_a")
    response = client.post(reverse("api:registration_cancel", kwargs={"pk": first.pk}))
    assert response.status_code == 200
    assert _body(response)["status"] == "cancelled"
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED
    run_commit_callbacks()
    assert OutgoingMail.objects.filter(
        key__startswith=f"networkday-promoted:{waiting.pk}:"
    ).exists()
    response = client.post(reverse("api:registration_cancel", kwargs={"pk": first.pk}))
    assert response.status_code == 409
    assert _body(response)["code"] == "already_cancelled"


def test_writes_are_in_the_audit_trail_with_their_token(api_world, token_of):
    token, client = token_of("contact_a")
    colleague = api_world.extra["api_colleague_a"]
    response = _register(client, api_world.extra["api_day"], colleague)
    assert response.status_code == 201
    registration_type = ContentType.objects.get_for_model(Registration)
    entry = LogEntry.objects.filter(
        content_type=registration_type, object_pk=str(_body(response)["id"])
    ).latest("pk")
    assert entry.actor == api_world.person("contact_a").user
    assert entry.additional_data == {"api_token": {"id": token.pk, "name": token.name}}
    assert entry.remote_addr == "127.0.0.1"
    response = client.post(reverse("api:registration_cancel", kwargs={"pk": _body(response)["id"]}))
    cancel = LogEntry.objects.filter(content_type=registration_type).latest("pk")
    assert cancel.additional_data["api_token"]["id"] == token.pk
    assert cancel.changes["status"] == ["confirmed", "cancelled"]


def test_a_contact_registers_a_colleague_but_nobody_of_another_city(api_world, token_of):
    _token, client = token_of("contact_a")
    people = {p["id"] for p in _body(client.get("/api/v1/people"))["results"]}
    assert api_world.extra["api_colleague_a"].pk in people
    assert api_world.person("official_b").pk not in people
    day = NetworkDayFactory(host_city=api_world.city_a)
    assert _register(client, day, api_world.extra["api_colleague_a"]).status_code == 201
    response = _register(client, day, api_world.person("official_b"))
    assert response.status_code == 400
    assert not Registration.objects.filter(network_day=day, person=api_world.person("official_b"))


@pytest.mark.parametrize("persona", ["official_a", "contact_a"])
def test_a_zwolle_token_cannot_read_or_change_anything_of_almere(api_world, token_of, persona):
    """Zwolle is city A, Almere city B: every endpoint, with a token that may register."""
    _token, client = token_of(persona)
    almere = api_world.city_b
    registration_b = api_world.extra["api_registration_b"]
    # Lists: nothing of Almere in them.
    registrations = _body(client.get(URL))["results"]
    assert registrations
    assert {r["person"]["city"]["code"] for r in registrations} == {api_world.city_a.cbs_code}
    people = _body(client.get("/api/v1/people"))["results"]
    assert {p["city"]["code"] for p in people} == {api_world.city_a.cbs_code}
    # Objects: 404, as if they did not exist.
    detail = reverse("api:registration_detail", kwargs={"pk": registration_b.pk})
    assert client.get(detail).status_code == 404
    cancel = reverse("api:registration_cancel", kwargs={"pk": registration_b.pk})
    assert client.post(cancel).status_code == 404
    registration_b.refresh_from_db()
    assert registration_b.status == RegistrationStatus.CONFIRMED
    # Registering someone of Almere is refused; nothing is saved.
    day = NetworkDayFactory(host_city=almere)
    assert _register(client, day, api_world.person("official_b")).status_code == 400
    assert not day.registrations.exists()
    # Almere's contribution statement: 404; the list holds Zwolle's only.
    from tests.contributions.matrix import _setup as contributions

    contributions(api_world)
    statement_b = api_world.extra["statement_b"]
    url = reverse("api:statement_detail", kwargs={"pk": statement_b.pk})
    assert client.get(url).status_code == 404
    statements = _body(client.get("/api/v1/contribution-statements"))["results"]
    assert {s["city"]["code"] for s in statements} == {api_world.city_a.cbs_code}
    # The DB's and the pillars' pages are not theirs either.
    assert client.get("/api/v1/review-queue").status_code == 403
    assert client.get("/api/v1/support-overview").status_code == 403
