"""Sessions and passwords (ASVS V2/V3)."""

import time

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.middleware import SESSION_LOGIN_AT, SESSION_SEEN_AT
from members.constants import RoleKind
from members.models import Role
from tests.factories import PASSWORD


def _login(client, username="official-a"):
    client.get(reverse("login"))
    before = client.cookies.get("sessionid")
    client.post(reverse("login"), {"username": username, "password": PASSWORD})
    return before


def _shift(client, key: str, seconds: int) -> None:
    session = client.session
    session[key] = session[key] - seconds
    session.save()


def test_login_rotates_the_session_key(world):
    client = world.client("anonymous")
    client.get(reverse("login"))
    client.session.save()
    before = client.session.session_key
    _login(client)
    assert client.session.session_key != before


def test_idle_timeout_ends_the_session(world, settings):
    settings.SESSION_IDLE_TIMEOUT_SECONDS = 30 * 60
    client = world.client("anonymous")
    _login(client)
    assert client.get(reverse("members:city_list")).status_code == 200
    _shift(client, SESSION_SEEN_AT, 31 * 60)
    response = client.get(reverse("members:city_list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert client.get(reverse("members:city_list")).status_code == 302


def test_activity_keeps_the_session_alive(world):
    client = world.client("anonymous")
    _login(client)
    _shift(client, SESSION_SEEN_AT, 29 * 60)
    assert client.get(reverse("members:city_list")).status_code == 200
    assert time.time() - client.session[SESSION_SEEN_AT] < 5


def test_absolute_timeout_ends_even_an_active_session(world):
    client = world.client("anonymous")
    _login(client)
    _shift(client, SESSION_LOGIN_AT, 12 * 60 * 60 + 1)
    response = client.get(reverse("members:city_list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_logout_ends_the_server_side_session(world):
    from django.contrib.sessions.models import Session

    client = world.client("anonymous")
    _login(client)
    key = client.session.session_key
    assert Session.objects.filter(session_key=key).exists()
    client.post(reverse("logout"))
    assert not Session.objects.filter(session_key=key).exists()


def test_logout_by_get_is_refused(world):
    client = world.client("official_a")
    assert client.get(reverse("logout")).status_code == 405


def test_deactivating_a_user_takes_effect_on_the_next_request(world):
    client = world.client("anonymous")
    _login(client)
    assert client.get(reverse("members:city_list")).status_code == 200
    get_user_model().objects.filter(username="official-a").update(is_active=False)
    assert client.get(reverse("members:city_list")).status_code == 302


def test_ending_a_role_takes_effect_on_the_next_request(world):
    client = world.client("anonymous")
    _login(client, "secretariat")
    assert client.get(reverse("accounts:security_log")).status_code == 200
    Role.objects.filter(kind=RoleKind.SECRETARIAT).update(
        ends_on="2000-06-01",
        starts_on="2000-01-01",  # roles lie in 2000–2100
    )
    assert client.get(reverse("accounts:security_log")).status_code == 403


@pytest.mark.parametrize(
    "password,code",
    [
        ("kort-12345", "password_too_short"),
        ("password1234", "password_too_common"),
        ("123456789012", "password_entirely_numeric"),
    ],
)
def test_weak_passwords_are_refused(db, password, code):
    with pytest.raises(ValidationError) as refusal:
        validate_password(password)
    assert code in [error.code for error in refusal.value.error_list]


def test_a_64_character_passphrase_is_accepted(db):
    validate_password("correct horse battery staple " * 2 + "g40 netw")


def test_production_cookies_are_host_prefixed_and_secure():
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {
        "PATH": os.environ["PATH"],
        "G40_ENV_FILE": "/nonexistent",
        "DEBUG": "0",
        "SECRET_KEY": "x" * 60,
    }
    code = (
        "import g40.settings as s; print(repr((s.SESSION_COOKIE_NAME, s.SESSION_COOKIE_SECURE,"
        " s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE, s.CSRF_COOKIE_SECURE,"
        " s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.MFA_REQUIRED)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "('__Host-sessionid', True, True, 'Lax', True, 31536000, True, True)"
    )


def test_sessions_are_kept_in_the_database():
    """Switching a second factor on must find and end the user's other sessions."""
    import g40.settings

    assert g40.settings.SESSION_ENGINE in {
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.cached_db",
    }
