"""Second factors set up before django-two-factor-auth keep working (issue 24): the
app's device and the recovery codes take the names its views look for, with their
secrets, codes and counters as they were."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django_otp.oath import totp

BEFORE = [("accounts", "0006_identityprovider_email_domains_limit")]
AFTER = [("accounts", "0007_second_factor_device_names")]


@pytest.mark.django_db(transaction=True)
def test_existing_secrets_and_recovery_codes_survive_and_pass(client):
    from django.contrib.auth.hashers import make_password

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(
        [*BEFORE, ("otp_totp", "0003_add_timestamps"), ("otp_static", "0003_add_timestamps")]
    ).apps
    user = old.get_model("auth", "User").objects.create(
        username="oud@example.org", password=make_password("een lang wachtwoord 1")
    )
    other = old.get_model("auth", "User").objects.create(username="ander@example.org")
    totp_model = old.get_model("otp_totp", "TOTPDevice")
    key = "3132333435363738393031323334353637383930"
    totp_model.objects.create(user=user, name="authenticator", key=key, confirmed=True)
    totp_model.objects.create(user=other, name="authenticator", key=key, confirmed=False)
    static = old.get_model("otp_static", "StaticDevice").objects.create(
        user=user, name="recovery", confirmed=True
    )
    old.get_model("otp_static", "StaticToken").objects.create(device=static, token="abcd2345")

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from two_factor.utils import default_device

    from accounts.models import SecurityEvent

    device = TOTPDevice.objects.get(user_id=user.pk)
    assert (device.name, device.key, device.confirmed) == ("default", key, True)
    assert default_device(device.user) == device
    # An unfinished set-up is left as it was: not a factor.
    assert TOTPDevice.objects.get(user_id=other.pk).name == "authenticator"
    recovery = StaticDevice.objects.get(user_id=user.pk)
    assert recovery.name == "backup"
    assert list(recovery.token_set.values_list("token", flat=True)) == ["abcd2345"]

    # And they pass the code page: the old secret's code, then the old recovery code.
    client.post("/login/", {"username": "oud@example.org", "password": "een lang wachtwoord 1"})
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    response = client.post("/account/two-factor/verify/", {"otp_token": code})
    assert response.status_code == 302
    assert SecurityEvent.objects.filter(kind="mfa_passed").count() == 1
    client.post("/logout/")
    client.post("/login/", {"username": "oud@example.org", "password": "een lang wachtwoord 1"})
    response = client.post("/account/two-factor/verify/", {"otp_token": "abcd2345"})
    assert response.status_code == 302
    assert not recovery.token_set.exists()


@pytest.mark.django_db(transaction=True)
def test_the_names_go_back_when_the_migration_is_undone():
    from django.contrib.auth.models import User
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = User.objects.create(username="nieuw@example.org")
    TOTPDevice.objects.create(user=user, name="default", confirmed=True)
    StaticDevice.objects.create(user=user, name="backup")
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    assert TOTPDevice.objects.get().name == "authenticator"
    assert StaticDevice.objects.get().name == "recovery"
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert TOTPDevice.objects.get().name == "default"
