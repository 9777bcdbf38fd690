"""The ADR's essentials on the wire: API-Version on every answer, problem details for
every error (also those Django or a middleware makes), no trailing slashes, content
negotiation, CORS for the open data only, caching headers, deprecation headers."""

import datetime
import json

import pytest
from django.test import Client

from api.constants import API_VERSION

from .factories import ApiClient

PROBLEM_FIELDS = {"type", "title", "status", "detail"}


def _is_problem(response, status):
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    body = json.loads(response.content)
    assert set(body) >= PROBLEM_FIELDS
    assert body["status"] == status
    return body


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/",
        "/api/v1",
        "/api/v1/openapi.json",
        "/api/v1/docs",
        "/api/v1/network-days",
        "/api/v1/network-days/999999",
        "/api/v1/registrations",
        "/api/v2/network-days",
        "/api/v1/network-days/",
    ],
)
def test_every_answer_carries_the_api_version(api_world, path):
    response = ApiClient().get(path)
    assert response["API-Version"] == API_VERSION


def test_the_version_header_is_the_documents_version(api_world):
    document = json.loads(ApiClient().get("/api/v1/openapi.json").content)
    assert document["info"]["version"] == API_VERSION
    assert document["servers"][0]["url"] == "/api/v1"


def test_a_trailing_slash_or_another_version_is_a_404_problem(api_world):
    for path in ("/api/v1/network-days/", "/api/v1/cities/GM0193/", "/api/v2/cities", "/api/"):
        body = _is_problem(ApiClient().get(path), 404)
        assert body["instance"] == path
        assert body["type"].endswith("/api/v1/docs#problem-404")


def test_the_root_resource_ends_in_a_slash(api_world):
    """ADR /core/no-trailing-slash: the root is the one exception."""
    assert ApiClient().get("/api/v1/").status_code == 200
    _is_problem(ApiClient().get("/api/v1"), 404)


def test_an_empty_filter_is_invalid_input(api_world):
    body = _is_problem(ApiClient().get("/api/v1/network-days?status=&year="), 400)
    assert {p["name"] for p in body["invalid_params"]} == {"status", "year"}


def test_an_unknown_id_is_a_404_problem(api_world):
    _is_problem(ApiClient().get("/api/v1/network-days/999999"), 404)
    _is_problem(ApiClient().get("/api/v1/network-days/" + "9" * 30), 404)


def test_no_token_behind_a_token_is_a_401_problem_with_www_authenticate(api_world):
    response = ApiClient().get("/api/v1/registrations")
    _is_problem(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_an_unknown_token_is_refused_even_on_open_data(api_world):
    response = ApiClient("g40_not-a-token").get("/api/v1/network-days")
    _is_problem(response, 401)
    response = Client(HTTP_AUTHORIZATION="Bearer").get("/api/v1/network-days")
    _is_problem(response, 401)


def test_another_method_is_a_405_problem_with_allow(api_world):
    response = ApiClient().delete("/api/v1/network-days")
    _is_problem(response, 405)
    assert "GET" in response["Allow"]


def test_options_says_what_is_allowed(api_world):
    response = ApiClient().options("/api/v1/network-days")
    assert response.status_code == 204
    assert "GET" in response["Allow"]


def test_only_json_is_answered(api_world):
    _is_problem(ApiClient().get("/api/v1/network-days", HTTP_ACCEPT="text/html"), 406)
    assert (
        ApiClient().get("/api/v1/network-days", HTTP_ACCEPT="application/json").status_code == 200
    )
    assert ApiClient().get("/api/v1/network-days", HTTP_ACCEPT="*/*").status_code == 200


def test_a_body_that_is_not_json_is_a_415_or_400_problem(api_world, token_of):
    _token, client = token_of("official_a")
    _is_problem(client.post("/api/v1/registrations", "x=1", content_type="text/plain"), 415)
    _is_problem(client.post("/api/v1/registrations", "{not json"), 400)


def test_a_server_error_is_a_500_problem(api_world, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("api.selectors.open_network_days", broken)
    response = Client(raise_request_exception=False).get("/api/v1/network-days")
    body = _is_problem(response, 500)
    assert "boom" not in json.dumps(body)
    assert response["API-Version"] == API_VERSION


def test_a_nul_byte_400_made_before_the_view_is_a_problem_too(api_world):
    response = ApiClient().get("/api/v1/network-days", {"year": "20\x0026"})
    _is_problem(response, 400)
    assert response["API-Version"] == API_VERSION


def test_invalid_query_parameters_are_all_reported_at_once(api_world):
    body = _is_problem(
        ApiClient().get(
            "/api/v1/network-days", {"year": "1999", "status": "draft", "pageSize": "0"}
        ),
        400,
    )
    assert {param["name"] for param in body["invalid_params"]} == {"year", "status", "pageSize"}


def test_problems_speak_english_when_asked(api_world):
    body = _is_problem(ApiClient().get("/api/v1/nothing", HTTP_ACCEPT_LANGUAGE="en"), 404)
    assert body["title"] == "Not found"
    body = _is_problem(ApiClient().get("/api/v1/nothing"), 404)
    assert body["title"] == "Niet gevonden"


# --- CORS ---------------------------------------------------------------------------------


def test_open_data_may_be_read_from_any_origin(api_world):
    response = ApiClient().get("/api/v1/network-days", HTTP_ORIGIN="https://intranet.zwolle.nl")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert "Access-Control-Allow-Credentials" not in response


def test_a_preflight_for_open_data_is_answered(api_world):
    response = ApiClient().options(
        "/api/v1/network-days",
        HTTP_ORIGIN="https://intranet.zwolle.nl",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "If-None-Match" in response["Access-Control-Allow-Headers"]
    assert "Authorization" not in response["Access-Control-Allow-Headers"]


def test_endpoints_behind_a_token_send_no_cors_headers(api_world, token_of):
    _token, client = token_of("official_a")
    response = client.get("/api/v1/registrations", HTTP_ORIGIN="https://elders.example")
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response
    preflight = ApiClient().options(
        "/api/v1/registrations",
        HTTP_ORIGIN="https://elders.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )
    assert "Access-Control-Allow-Origin" not in preflight


# --- caching and security headers ---------------------------------------------------------


def test_answers_behind_a_token_are_never_stored(api_world, token_of):
    _token, client = token_of("official_a")
    assert client.get("/api/v1/registrations")["Cache-Control"] == "no-store"
    open_answer = client.get("/api/v1/network-days")
    assert open_answer["Cache-Control"] == "public, no-cache"


def test_api_answers_carry_the_security_headers(api_world):
    response = ApiClient().get("/api/v1/network-days")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


# --- deprecation --------------------------------------------------------------------------


def test_no_deprecation_headers_while_none_is_set(api_world):
    response = ApiClient().get("/api/v1/network-days")
    assert "Deprecation" not in response
    assert "Sunset" not in response


def test_deprecation_and_sunset_once_they_are_set(api_world, settings):
    settings.API_V1_DEPRECATED_ON = datetime.date(2027, 1, 1)
    settings.API_V1_SUNSET_ON = datetime.date(2028, 1, 1)
    for path in ("/api/v1/network-days", "/api/v1/nothing"):
        response = ApiClient().get(path)
        assert response["Deprecation"] == "@1798761600"
        assert response["Sunset"] == "Sat, 01 Jan 2028 00:00:00 GMT"
        assert 'rel="deprecation"' in response["Link"]


# --- stateless ---------------------------------------------------------------------------------


def test_a_session_cookie_is_no_key_to_the_api(api_world):
    """Signed in on the site is not signed in to the API: the token is the only key."""
    client = api_world.client("official_a")
    response = client.get("/api/v1/registrations")
    assert response.status_code == 401
    assert client.get("/api/v1/me").status_code == 401


def test_a_session_waiting_for_its_second_factor_does_not_redirect_the_api(api_world, settings):
    settings.MFA_REQUIRED = True
    client = api_world.client("secretariat")  # must set up a second factor first
    assert client.get("/").status_code == 302
    assert client.get("/api/v1/network-days").status_code == 200
