"""/account/tokens/: make a token (its secret shown once), see them with their last use,
revoke one; the account page links to it."""

import datetime
import re

from django.urls import reverse
from django.utils import timezone

from api.models import ApiToken

from .factories import ApiClient, make_token


def _form(**extra):
    return {
        "name": "Intranet-agenda",
        "expires_on": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
        **extra,
    }


def test_a_new_token_is_shown_once_and_works(world):
    client = world.client("official_a")
    response = client.post(reverse("api_tokens:list"), _form(may_register="on"))
    assert response.status_code == 200
    secret = re.search(r'value="(g40_[A-Za-z0-9_-]{43})"', response.content.decode())[1]
    token = ApiToken.objects.get(user=world.person("official_a").user)
    assert token.may_register and token.name == "Intranet-agenda"
    assert "no-store" in response["Cache-Control"]
    assert ApiClient(secret).get("/api/v1/me").status_code == 200
    listing = client.get(reverse("api_tokens:list")).content.decode()
    assert token.prefix in listing
    assert secret not in listing


def test_a_token_is_read_only_unless_ticked(world):
    world.client("official_a").post(reverse("api_tokens:list"), _form())
    assert not ApiToken.objects.get().may_register


def test_an_expiry_too_far_ahead_is_refused_on_the_form(world):
    too_far = (timezone.localdate() + datetime.timedelta(days=400)).isoformat()
    response = world.client("official_a").post(
        reverse("api_tokens:list"), _form(expires_on=too_far)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["expires_on"]
    assert not ApiToken.objects.exists()


def test_the_list_shows_last_use_and_revoking_stops_the_token(world):
    user = world.person("official_a").user
    token, secret = make_token(user, name="BI")
    ApiClient(secret).get("/api/v1/me")
    client = world.client("official_a")
    page = client.get(reverse("api_tokens:list")).content.decode()
    assert "BI" in page and "nooit" not in page
    confirm = client.get(reverse("api_tokens:revoke", kwargs={"pk": token.pk}))
    assert confirm.status_code == 200
    token.refresh_from_db()
    assert token.revoked_at is None  # GET changes nothing
    client.post(reverse("api_tokens:revoke", kwargs={"pk": token.pk}), {"confirm": "yes"})
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert ApiClient(secret).get("/api/v1/me").status_code == 401


def test_someone_elses_token_is_a_404(world):
    token, _secret = make_token(world.person("official_a").user)
    client = world.client("official_b")
    url = reverse("api_tokens:revoke", kwargs={"pk": token.pk})
    assert client.get(url).status_code == 404
    assert client.post(url, {"confirm": "yes"}).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_login_without_a_role_sees_its_tokens_but_makes_none(world):
    client = world.client("no_role")
    page = client.get(reverse("api_tokens:list"))
    assert page.status_code == 200
    assert page.context["form"] is None
    assert client.post(reverse("api_tokens:list"), _form()).status_code == 403
    assert not ApiToken.objects.exists()


def test_the_account_page_links_to_the_tokens(world):
    page = world.client("official_a").get(reverse("accounts:overview")).content.decode()
    assert reverse("api_tokens:list") in page
