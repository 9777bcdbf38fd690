import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.constants import SecurityEventKind
from accounts.models import SecurityEvent
from accounts.services import security_log_purge
from members.constants import RoleKind
from tests.factories import PASSWORD, RoleFactory


def _kinds():
    return list(SecurityEvent.objects.order_by("pk").values_list("kind", flat=True))


def test_logins_failures_and_logouts_are_logged_with_the_address(world):
    SecurityEvent.objects.all().delete()
    client = world.client("anonymous")
    client.post(reverse("login"), {"username": "official-a", "password": "wrong"})
    client.post(reverse("login"), {"username": "official-a", "password": PASSWORD})
    client.post(reverse("logout"))
    assert _kinds() == ["login_failed", "login", "logout"]
    failed = SecurityEvent.objects.get(kind="login_failed")
    assert failed.username == "official-a"
    assert failed.ip_address == "127.0.0.1"


def test_a_lockout_is_logged(world, settings):
    settings.AXES_FAILURE_LIMIT = 2
    client = world.client("anonymous")
    for _ in range(3):
        client.post(reverse("login"), {"username": "official-a", "password": "wrong"})
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.LOCKED_OUT).exists()


def test_role_changes_are_logged(world):
    SecurityEvent.objects.all().delete()
    role = RoleFactory(person=world.person("official_b"), kind=RoleKind.CITY_CONTACT)
    role.ends_on = timezone.localdate()
    role.save()
    role.delete()
    assert _kinds() == ["role_changed", "role_changed", "role_removed"]
    assert SecurityEvent.objects.first().detail["role"] == "city_contact"


def test_the_secretariat_reads_the_log_and_others_may_not(world):
    world.client("anonymous").post(reverse("login"), {"username": "x", "password": "y"})
    response = world.client("secretariat").get(
        reverse("accounts:security_log"), {"kind": "login_failed"}
    )
    assert response.status_code == 200
    assert all(e.kind == "login_failed" for e in response.context["page"])
    assert len(response.context["page"]) >= 1
    assert world.client("db_member").get(reverse("accounts:security_log")).status_code == 403


@pytest.mark.parametrize("rows", [1, 60])
def test_security_log_runs_a_fixed_number_of_queries(world, django_assert_max_num_queries, rows):
    client = world.client("secretariat")
    user = world.person("official_a").user
    for _ in range(rows):
        SecurityEvent.objects.create(kind=SecurityEventKind.LOGIN, username="x", user=user)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("accounts:security_log"))
    assert len(response.context["page"]) == min(SecurityEvent.objects.count(), 50)


def test_old_events_are_purged_after_the_retention_period(world, settings):
    settings.RETENTION_DAYS = {**settings.RETENTION_DAYS, "security_log": 365}
    old = SecurityEvent.objects.create(kind=SecurityEventKind.LOGIN, username="old")
    SecurityEvent.objects.filter(pk=old.pk).update(at=timezone.now() - datetime.timedelta(days=366))
    recent = SecurityEvent.objects.create(kind=SecurityEventKind.LOGIN, username="recent")
    assert security_log_purge() >= 1
    assert not SecurityEvent.objects.filter(pk=old.pk).exists()
    assert SecurityEvent.objects.filter(pk=recent.pk).exists()


def test_an_attendee_export_is_logged(world):
    from tests.networkdays.factories import NetworkDayFactory

    day = NetworkDayFactory()
    for name in ("networkdays:attendees_csv", "networkdays:attendees_xlsx"):
        response = world.client("secretariat").get(reverse(name, kwargs={"pk": day.pk}))
        assert response.status_code == 200
    exports = SecurityEvent.objects.filter(kind=SecurityEventKind.EXPORT)
    assert [e.detail["format"] for e in exports.order_by("pk")] == ["csv", "xlsx"]
    assert exports.first().username == "secretariat"
