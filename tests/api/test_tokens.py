"""Personal tokens: made on one's account page, stored hashed and shown once, named,
with a required expiry of at most a year; revoked at once; worth exactly what their
owner may (roles that end, a login switched off or removed make them useless at once);
their last use recorded cheaply; purged after their shelf life."""

import datetime
import hashlib
import json
import re

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.services import person_erase, personal_data_collect
from api.models import ApiToken
from api.services import token_create, token_revoke
from api.tasks import purge_tokens
from members.models import Role
from tests.audit.helpers import as_request

from .factories import ApiClient, make_token

TODAY = datetime.date(2026, 9, 1)
NOON = datetime.datetime(2026, 9, 1, 12, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _clock():
    """Every test here at noon on TODAY (the world's roles start that day too)."""
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


def _make(world, persona="official_a", **kwargs):
    kwargs.setdefault("name", "Intranet")
    kwargs.setdefault("expires_on", TODAY + datetime.timedelta(days=30))
    return token_create(by=world.person(persona).user, today=TODAY, **kwargs)


def test_only_the_hash_of_a_token_is_kept_and_it_works(world):
    token, secret = _make(world)
    assert re.fullmatch(r"g40_[A-Za-z0-9_-]{43}", secret)
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret.startswith(token.prefix) and len(token.prefix) == 12
    stored = ApiToken.objects.filter(pk=token.pk).values_list(flat=True).get()
    assert secret not in repr(stored)
    assert ApiClient(secret).get("/api/v1/me").status_code == 200


@pytest.mark.parametrize(
    ("days", "ok"), [(0, False), (1, True), (365, True), (366, False), (-5, False)]
)
def test_a_token_expires_after_today_and_within_a_year(world, days, ok):
    expires = TODAY + datetime.timedelta(days=days)
    if ok:
        assert _make(world, expires_on=expires)[0].expires_on == expires
    else:
        with pytest.raises(ValidationError) as excinfo:
            _make(world, expires_on=expires)
        assert excinfo.value.error_dict["expires_on"][0].code == "expiry_out_of_range"


def test_a_token_needs_a_name(world):
    with pytest.raises(ValidationError) as excinfo:
        _make(world, name="  \x00 ")
    assert excinfo.value.error_dict["name"][0].code == "required"


def test_at_most_ten_tokens_in_use(world):
    for n in range(10):
        _make(world, name=f"t{n}")
    with pytest.raises(ValidationError) as excinfo:
        _make(world, name="one too many")
    assert excinfo.value.code == "too_many_tokens"


def test_a_login_without_a_role_may_not_make_a_token(world):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create(username="rolloos")
    with pytest.raises(ValidationError) as excinfo:
        token_create(by=user, name="x", expires_on=timezone.localdate() + datetime.timedelta(1))
    assert excinfo.value.code == "forbidden"


def test_a_revoked_token_is_refused_at_once(world):
    token, secret = make_token(world.person("official_a").user)
    client = ApiClient(secret)
    assert client.get("/api/v1/me").status_code == 200
    token_revoke(token=token, by=world.person("official_a").user)
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert json.loads(response.content)["code"] == "authentication_failed"
    with pytest.raises(ValidationError) as excinfo:
        token_revoke(token=token, by=world.person("official_a").user)
    assert excinfo.value.code == "already_revoked"


def test_nobody_revokes_someone_elses_token(world):
    token, _secret = make_token(world.person("official_a").user)
    with pytest.raises(ValidationError) as excinfo:
        token_revoke(token=token, by=world.person("secretariat").user)
    assert excinfo.value.code == "forbidden"


def test_an_expired_token_is_refused(world):
    token, secret = make_token(world.person("official_a").user, days=1)
    assert ApiClient(secret).get("/api/v1/me").status_code == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2), tick=False):
        assert ApiClient(secret).get("/api/v1/me").status_code == 401
        assert ApiClient(secret).get("/api/v1/network-days").status_code == 401


def test_a_login_switched_off_makes_its_tokens_useless_at_once(world):
    user = world.person("official_a").user
    _token, secret = make_token(user)
    assert ApiClient(secret).get("/api/v1/me").status_code == 200
    user.is_active = False
    user.save()
    assert ApiClient(secret).get("/api/v1/me").status_code == 401


def test_roles_that_end_make_the_tokens_useless_at_once(world):
    person = world.person("official_a")
    _token, secret = make_token(person.user)
    client = ApiClient(secret)
    assert client.get("/api/v1/registrations").status_code == 200
    for role in Role.objects.filter(person=person):
        role.ends_on = timezone.localdate() - datetime.timedelta(days=1)
        role.starts_on = min(role.starts_on, role.ends_on)
        role.save()
    for path in ("/api/v1/registrations", "/api/v1/me", "/api/v1/people"):
        assert client.get(path).status_code == 403, path


def test_an_erased_person_takes_their_tokens_along(world):
    person = world.person("official_a")
    token, secret = make_token(person.user)
    person_erase(by=world.person("secretariat").user, person=person)
    assert not ApiToken.objects.filter(pk=token.pk).exists()
    assert ApiClient(secret).get("/api/v1/me").status_code == 401


def test_the_last_use_is_written_at_most_every_five_minutes(world):
    token, secret = make_token(world.person("official_a").user)
    client = ApiClient(secret)
    client.get("/api/v1/network-days")
    token.refresh_from_db()
    assert token.last_used_at == NOON
    with time_machine.travel(NOON + datetime.timedelta(minutes=4), tick=False):
        client.get("/api/v1/network-days")
        token.refresh_from_db()
        assert token.last_used_at == NOON
    with time_machine.travel(NOON + datetime.timedelta(minutes=6), tick=False):
        client.get("/api/v1/network-days")
        token.refresh_from_db()
        assert token.last_used_at == NOON + datetime.timedelta(minutes=6)


def test_old_revoked_and_expired_tokens_are_purged(world, settings):
    settings.RETENTION_DAYS = {**settings.RETENTION_DAYS, "api_tokens": 90}
    user = world.person("official_a").user
    fresh, _ = make_token(user, expires_on=TODAY + datetime.timedelta(days=10))
    old_expiry, _ = make_token(user, expires_on=TODAY - datetime.timedelta(days=91))
    recent_expiry, _ = make_token(user, expires_on=TODAY - datetime.timedelta(days=89))
    old_revoked, _ = make_token(user, revoked_at=NOON - datetime.timedelta(days=91))
    assert purge_tokens.delay().get() == 2  # the daily task, run in-process
    assert set(ApiToken.objects.values_list("pk", flat=True)) == {fresh.pk, recent_expiry.pk}
    assert old_expiry and old_revoked


def test_making_and_revoking_are_in_the_audit_trail_without_the_hash(world):
    user = world.person("official_a").user
    with as_request(user):
        token, _secret = _make(world)
        token_revoke(token=token, by=user)
    entries = list(LogEntry.objects.get_for_object(token).order_by("pk"))
    assert [entry.action for entry in entries] == [LogEntry.Action.CREATE, LogEntry.Action.UPDATE]
    assert all(entry.actor == user for entry in entries)
    assert not any("key_hash" in (entry.changes or {}) for entry in entries)
    assert token.key_hash not in json.dumps([entry.changes for entry in entries])


def test_a_persons_data_lists_their_tokens_but_never_a_secret(world):
    token, secret = make_token(world.person("official_a").user, name="Agenda")
    data = personal_data_collect(person=world.person("official_a"))
    assert data["api"]["api_tokens"][0]["name"] == "Agenda"
    assert secret not in json.dumps(data)
    assert token.key_hash not in json.dumps(data)
