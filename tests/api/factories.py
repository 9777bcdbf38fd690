"""Personal API tokens for the tests, and a client that speaks JSON with one."""

from __future__ import annotations

import datetime
import json
import secrets

from django.test import Client
from django.utils import timezone

from api.constants import TOKEN_PREFIX
from api.models import ApiToken
from api.services import token_hash


def make_token(
    user, *, may_register: bool = True, days: int = 30, **fields
) -> tuple[ApiToken, str]:
    """A token made directly (as the service would, without asking whether the user may
    hold one: a token of someone whose roles ended is such a token). Returns it and its
    secret."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=fields.pop("name", "test"),
        prefix=secret[:12],
        key_hash=token_hash(secret),
        may_register=may_register,
        expires_on=fields.pop("expires_on", timezone.localdate() + datetime.timedelta(days=days)),
        **fields,
    )
    return token, secret


class ApiClient(Client):
    """Django's test client, sending JSON bodies and (given one) the token."""

    def __init__(self, secret: str | None = None, **defaults):
        if secret is not None:
            defaults["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
        super().__init__(**defaults)

    def post(self, path, data=None, content_type="application/json", **extra):
        body = data if isinstance(data, str | bytes) else json.dumps(data or {})
        return super().post(path, body, content_type=content_type, **extra)


def api_client_for(world, persona: str) -> Client:
    """The persona's API client: no token for ``anonymous``; a token (that may register)
    for everyone else — also for ``no_role``, whose login holds no role (as a person's
    whose roles ended)."""
    if persona == "anonymous":
        return ApiClient()
    secrets_ = world.extra.setdefault("api_secrets", {})
    if persona not in secrets_:
        if persona == "no_role":
            from django.contrib.auth import get_user_model

            user, _ = get_user_model().objects.get_or_create(username="no-role-api")
        else:
            user = world.person(persona).user
        _token, secrets_[persona] = make_token(user)
    return ApiClient(secrets_[persona])
