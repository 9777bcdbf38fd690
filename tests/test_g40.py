"""The foundation: settings, health, login, password reset, admin, dashboard, language."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from members.models import City, Person
from outbox.models import OutgoingMail
from tests.factories import PASSWORD, PersonFactory

ROOT = Path(__file__).resolve().parent.parent


def _settings_in_subprocess(env: dict, expression: str) -> subprocess.CompletedProcess:
    """Import the settings in a fresh interpreter with only the given environment
    (and no .env file), and print an expression over them."""
    clean = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    clean.update({"G40_ENV_FILE": "/nonexistent/.env", **env})
    code = f"import g40.settings as s; print(repr(({expression})))"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def test_secret_key_is_required_when_debug_is_off():
    result = _settings_in_subprocess({"DEBUG": "0"}, "s.DEBUG")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_embedded_default_is_sqlite_and_in_process_celery():
    result = _settings_in_subprocess(
        {"DEBUG": "0", "SECRET_KEY": "x" * 50},
        "s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.DEBUG,"
        " s.TIME_ZONE, s.LANGUAGE_CODE",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "('django.db.backends.sqlite3', True, False, 'Europe/Amsterdam', 'nl')"
    )


def test_database_and_broker_come_from_the_environment():
    result = _settings_in_subprocess(
        {
            "DEBUG": "1",
            "DATABASE_URL": "postgres://u:p@db.example:5432/g40",
            "CELERY_BROKER_URL": "redis://cache.example:6379/0",
        },
        "s.DATABASES['default']['ENGINE'], s.DATABASES['default']['HOST'],"
        " s.CELERY_TASK_ALWAYS_EAGER",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "('django.db.backends.postgresql', 'db.example', False)"


@pytest.mark.django_db
def test_health_answers_json_without_secrets(client, settings):
    response = client.get("/health/")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert set(body) == {"database", "broker"}
    text = json.dumps(body)
    assert settings.SECRET_KEY not in text
    assert "postgres" not in text and "redis://" not in text


@pytest.mark.django_db
def test_health_says_503_when_the_database_does_not_answer(client, monkeypatch):
    import infra.views

    monkeypatch.setattr(infra.views, "_database_ok", lambda: False)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["database"] == "error"


def test_login_with_a_wrong_password_says_so_in_dutch(world):
    response = world.client("anonymous").post(
        reverse("login"), {"username": "official-a", "password": "wrong"}
    )
    assert response.status_code == 200
    assert "Uw gebruikersnaam en wachtwoord komen niet overeen" in response.content.decode()


def test_login_works_and_leads_to_the_dashboard(world):
    client = world.client("anonymous")
    response = client.post(reverse("login"), {"username": "official-a", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")


def test_repeated_failures_lock_the_username_and_address_pair(world, settings):
    settings.AXES_FAILURE_LIMIT = 3
    client = world.client("anonymous")
    for _ in range(3):
        client.post(reverse("login"), {"username": "official-a", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "official-a", "password": PASSWORD})
    assert response.status_code == 429
    assert "Te veel pogingen" in response.content.decode()
    # another user from the same address is not locked out
    response = client.post(reverse("login"), {"username": "official-b", "password": PASSWORD})
    assert response.status_code == 302


def test_password_reset_mail_goes_through_the_outbox_after_commit(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = world.client("anonymous").post(
            reverse("password_reset"), {"email": world.person("official_a").email}
        )
    assert response.status_code == 302
    # The lookup runs in a task after the request's commit; it records the mail, which
    # is sent after that commit in turn.
    assert len(callbacks) == 2
    assert OutgoingMail.objects.filter(key__startswith="password-reset:").count() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [world.person("official_a").email]
    assert "/password-reset/" in message.body
    assert "wachtwoord" in message.subject.lower()


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(world):
    response = world.client("anonymous").post(reverse("password_reset"), {"email": "x@nowhere.nl"})
    assert response.status_code == 302
    assert OutgoingMail.objects.count() == 0


def test_admin_is_for_the_secretariat_only(world):
    assert world.client("secretariat").get("/admin/").status_code == 200
    assert world.client("secretariat").get("/admin/members/city/").status_code == 200
    for persona in ("db_member", "pillar_secretary", "contact_a", "official_a", "no_role"):
        response = world.client(persona).get("/admin/members/city/")
        assert response.status_code == 302, persona
        assert "/admin/login/" in response["Location"]


def test_dashboard_shows_what_the_roles_allow(world):
    body = world.client("contact_a").get("/").content.decode()
    assert "contactpersoon" in body
    assert reverse("members:person_create", kwargs={"cbs_code": "GM0193"}) in body
    assert "/admin/" not in body
    body = world.client("secretariat").get("/").content.decode()
    assert "/admin/" in body


# Measured: 10 for the secretariat (session, user, roles, the panels, the outbox's
# count of failed mails, the letters' drafts awaiting approval and the lobby's count
# of positions waiting for a stance) and 9 for a city contact, at 1 and at 20 rows;
# one more for both since issue 26: the requests of people to be added (accounts); one
# fewer for both since issue 24 (the person and the roles in one query): 10 and 9.
DASHBOARD_QUERIES = 10


@pytest.mark.parametrize("rows", [1, 20])
def test_dashboard_query_count_is_fixed(world, django_assert_max_num_queries, rows):
    """The same bound with one colleague's registration or twenty, on as many days."""
    from tests.networkdays.factories import NetworkDayFactory, RegistrationFactory

    for _ in range(rows):
        RegistrationFactory(
            network_day=NetworkDayFactory(), person=PersonFactory(city=world.city_a)
        )
    for persona in ("secretariat", "contact_a"):
        client = world.client(persona)
        with django_assert_max_num_queries(DASHBOARD_QUERIES):
            response = client.get("/")
        assert response.status_code == 200
    assert response.content.decode().count("Netwerkdag") >= rows


def test_interface_is_dutch_by_default_and_english_selectable(world):
    client = world.client("official_a")
    assert "Steden" in client.get(reverse("members:city_list")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/cities/"})
    body = client.get(reverse("members:city_list")).content.decode()
    assert "Cities" in body and '<html lang="en">' in body


@pytest.mark.django_db
def test_load_demo_creates_the_accounts_and_is_idempotent(settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("load_demo", stdout=out)
    for username in (
        "secretariaat",
        "db-voorzitter",
        "secretaris-sociaal",
        "contact-zwolle",
        "ambtenaar-zwolle",
        "ambtenaar-almere",
    ):
        assert username in out.getvalue()
    counts = (City.objects.count(), Person.objects.count())
    call_command("load_demo", stdout=StringIO())
    assert (City.objects.count(), Person.objects.count()) == counts
    from django.contrib.auth import get_user_model

    assert get_user_model().objects.get(username="contact-zwolle").check_password("g40-demo")


@pytest.mark.django_db
def test_load_demo_refuses_with_debug_off_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("load_demo", stdout=StringIO())
    assert Person.objects.count() == 0
    call_command("load_demo", "--force", stdout=StringIO())
    assert Person.objects.count() > 0


def test_a_browser_in_english_still_gets_dutch_until_the_user_chooses(world):
    client = world.client("official_a")
    body = client.get(reverse("members:city_list"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="nl">' in body.content.decode()
