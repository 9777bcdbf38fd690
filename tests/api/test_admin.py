from django.urls import reverse

from .factories import make_token


def test_the_secretariat_sees_who_holds_tokens_but_never_a_hash(world):
    token, _secret = make_token(world.person("official_a").user, name="Intranet")
    client = world.client("secretariat")
    listing = client.get(reverse("admin:api_apitoken_changelist"))
    assert listing.status_code == 200
    assert "Intranet" in listing.content.decode()
    detail = client.get(reverse("admin:api_apitoken_change", args=[token.pk]))
    assert detail.status_code == 200
    assert token.key_hash not in detail.content.decode()
    assert client.get(reverse("admin:api_apitoken_add")).status_code == 403
    assert world.client("official_a").get(reverse("admin:api_apitoken_changelist")).status_code in (
        302,
        403,
    )
