"""TOTP with recovery codes: required for the secretariat, DB members and the admin
when MFA_REQUIRED (on whenever DEBUG is off); anyone may opt in."""

import base64

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.constants import SecurityEventKind
from accounts.models import SecurityEvent
from tests.factories import PASSWORD

# django-two-factor-auth's "Yes, I am sure" on the switch-off page.
OFF = {"understand": "on"}


@pytest.fixture
def mfa_required(settings):
    settings.MFA_REQUIRED = True


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def _login(client, username):
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return response


def _setup_post(client, token):
    """A code for django-two-factor-auth's set-up wizard (its one step: the app)."""
    return client.post(
        reverse("accounts:totp_setup"),
        {"totp_setup_view-current_step": "generator", "generator-token": token},
    )


def _set_up(client) -> tuple[TOTPDevice, list[str]]:
    client.get(reverse("accounts:totp_setup"))
    assert not TOTPDevice.objects.exists()  # nothing saved until the first code is right
    secret = client.session["django_two_factor-qr_secret_key"]
    pending = TOTPDevice(key=base64.b32decode(secret).hex())
    response = _setup_post(client, "123")
    assert not TOTPDevice.objects.exists()
    assert "Deze code klopt niet. Controleer de tijd" in response.content.decode()
    response = _setup_post(client, _code(pending))
    assert response.status_code == 200
    device = TOTPDevice.objects.get()
    assert device.confirmed
    return device, response.context["codes"]


@pytest.mark.parametrize("persona", ["secretariat", "db_member"])
def test_board_and_secretariat_must_set_up_a_second_factor(world, mfa_required, persona):
    client = world.client("anonymous")
    _login(client, world.person(persona).user.username)
    response = client.get(reverse("members:city_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:totp_setup"))
    admin = client.get("/admin/")
    assert admin.status_code == 302 and "two-factor" in admin["Location"]


def test_officials_need_no_second_factor(world, mfa_required):
    client = world.client("anonymous")
    _login(client, "official-a")
    assert client.get(reverse("members:city_list")).status_code == 200


def test_no_requirement_when_switched_off(world, settings):
    settings.MFA_REQUIRED = False
    client = world.client("anonymous")
    _login(client, "secretariat")
    assert client.get(reverse("members:city_list")).status_code == 200


def test_setting_up_then_logging_in_asks_for_the_code(world, mfa_required):
    client = world.client("anonymous")
    _login(client, "secretariat")
    device, codes = _set_up(client)
    assert len(codes) == 10
    assert client.get("/admin/").status_code == 200  # verified in this session
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.MFA_ENABLED).count() == 1

    client.post(reverse("logout"))
    _login(client, "secretariat")
    response = client.get("/admin/")
    assert response["Location"].startswith(reverse("accounts:otp_verify"))
    wrong = client.post(reverse("accounts:otp_verify"), {"otp_token": "000000"})
    assert wrong.status_code == 200
    assert "Deze code klopt niet" in wrong.content.decode()
    assert client.get("/admin/").status_code == 302
    device.refresh_from_db()
    device.throttle_reset()
    device.last_t = -1
    device.save()
    response = client.post(
        reverse("accounts:otp_verify"), {"otp_token": _code(device), "next": "/admin/"}
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_recovery_code_works_once(world, mfa_required):
    client = world.client("anonymous")
    _login(client, "db-member")
    _device, codes = _set_up(client)
    client.post(reverse("logout"))
    _login(client, "db-member")
    assert client.post(reverse("accounts:otp_verify"), {"otp_token": codes[0]}).status_code == 302
    assert client.get(reverse("members:city_list")).status_code == 200
    client.post(reverse("logout"))
    _login(client, "db-member")
    assert client.post(reverse("accounts:otp_verify"), {"otp_token": codes[0]}).status_code == 200
    assert StaticToken.objects.count() == 9


def test_an_official_may_opt_in_and_then_always_gets_asked(world, mfa_required):
    client = world.client("anonymous")
    _login(client, "official-a")
    _set_up(client)
    client.post(reverse("logout"))
    _login(client, "official-a")
    response = client.get(reverse("members:city_list"))
    assert response["Location"].startswith(reverse("accounts:otp_verify"))


def test_a_required_second_factor_cannot_be_switched_off(world, mfa_required):
    client = world.client("anonymous")
    _login(client, "secretariat")
    _set_up(client)
    client.post(reverse("accounts:second_factor_off"), OFF)
    assert TOTPDevice.objects.filter(confirmed=True).count() == 1


def test_an_optional_second_factor_can_be_switched_off(world, mfa_required):
    client = world.client("anonymous")
    _login(client, "official-a")
    _set_up(client)
    client.post(reverse("accounts:second_factor_off"), OFF)
    assert TOTPDevice.objects.count() == 0
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.MFA_DISABLED).exists()


def test_the_qr_code_is_an_svg_for_the_device_being_set_up(world):
    client = world.client("official_a")
    client.get(reverse("accounts:totp_setup"))
    response = client.get(reverse("accounts:totp_qr"))
    assert response["Content-Type"].startswith("image/svg+xml")
    assert b"<svg" in response.content


def test_next_never_leads_off_site(world, mfa_required):
    client = world.client("anonymous")
    _login(client, "official-a")
    device, _codes = _set_up(client)
    client.post(reverse("logout"))
    _login(client, "official-a")
    device.refresh_from_db()
    device.last_t = -1
    device.save()
    response = client.post(
        reverse("accounts:otp_verify"),
        {"otp_token": _code(device), "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("dashboard")


# --- sessions that began before the second factor was switched on --------------------------


def _two_sessions(world, username):
    """The same user logged in twice (two browsers)."""
    earlier, later = world.client("anonymous"), world.client("anonymous")
    _login(earlier, username)
    _login(later, username)
    return earlier, later


def test_a_session_from_before_the_second_factor_cannot_switch_it_off(world, mfa_required):
    earlier, later = _two_sessions(world, "official-a")
    _set_up(later)
    response = earlier.post(reverse("accounts:second_factor_off"), OFF)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert TOTPDevice.objects.filter(confirmed=True).count() == 1
    assert not SecurityEvent.objects.filter(kind=SecurityEventKind.MFA_DISABLED).exists()


def test_a_session_from_before_the_second_factor_must_pass_it(world, mfa_required):
    earlier, later = _two_sessions(world, "official-a")
    someone_else = world.client("official_b")
    _set_up(later)
    response = earlier.get(reverse("members:city_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    # Logging in again asks for the code.
    _login(earlier, "official-a")
    response = earlier.get(reverse("members:city_list"))
    assert response["Location"].startswith(reverse("accounts:otp_verify"))
    # The session that switched it on goes on, verified; other users' sessions too.
    assert later.get(reverse("members:city_list")).status_code == 200
    assert someone_else.get(reverse("members:city_list")).status_code == 200


def test_a_factor_added_in_the_admin_ends_all_the_users_sessions(world):
    official = world.client("official_a")
    assert official.get(reverse("members:city_list")).status_code == 200
    TOTPDevice.objects.create(user=world.person("official_a").user, name="x", confirmed=True)
    assert official.get(reverse("members:city_list")).status_code == 302


def test_only_a_verified_session_switches_the_factor_off(world, mfa_required, rf):
    from django.contrib.sessions.middleware import SessionMiddleware
    from django.core.exceptions import PermissionDenied

    from accounts.views_two_factor import second_factor_off

    user = world.person("official_a").user
    TOTPDevice.objects.create(user=user, name="x", confirmed=True)
    request = rf.post(reverse("accounts:second_factor_off"), OFF)
    SessionMiddleware(lambda r: None).process_request(request)
    request.user = user
    user.is_verified = lambda: False
    with pytest.raises(PermissionDenied):
        second_factor_off(request)
    assert TOTPDevice.objects.count() == 1


def test_a_factor_switched_off_elsewhere_does_not_trap_a_session(world, mfa_required):
    earlier = world.client("anonymous")
    _login(earlier, "official-a")
    _set_up(earlier)
    later = world.client("anonymous")
    _login(later, "official-a")  # asked for the code; switched off meanwhile:
    earlier.post(reverse("accounts:second_factor_off"), OFF)
    assert later.get(reverse("members:city_list"))["Location"].startswith(
        reverse("accounts:otp_verify")
    )
    later.get(reverse("accounts:otp_verify"))
    assert later.get(reverse("members:city_list")).status_code == 200


def test_wrong_codes_hold_the_device_back_for_a_while(world, mfa_required, settings):
    """django-otp's throttle per device (issue 24: no counter of our own): after a
    wrong code even the right one is refused for a while, said in Dutch."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 60  # seconds: no race with a slow machine
    client = world.client("anonymous")
    _login(client, "official-a")
    device, _codes = _set_up(client)
    client.post(reverse("logout"))
    _login(client, "official-a")
    device.refresh_from_db()
    device.last_t = -1
    device.save()
    wrong = client.post(reverse("accounts:otp_verify"), {"otp_token": "000000"})
    assert "Deze code klopt niet" in wrong.content.decode()
    right = client.post(reverse("accounts:otp_verify"), {"otp_token": _code(device)})
    assert right.status_code == 200
    assert "Na 1 verkeerde code kunt u het even niet opnieuw proberen" in right.content.decode()
    assert client.get(reverse("members:city_list")).status_code == 302
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.SECOND_FACTOR_FAILED).count() == 2


def test_new_recovery_codes_replace_the_old_and_are_shown_once(world, mfa_required):
    client = world.client("anonymous")
    _login(client, "official-a")
    _device, codes = _set_up(client)
    assert client.get(reverse("accounts:recovery_codes_new")).status_code == 405
    response = client.post(reverse("accounts:recovery_codes_new"))
    new = response.context["codes"]
    assert len(new) == 10 and not set(new) & set(codes)
    assert sorted(StaticToken.objects.values_list("token", flat=True)) == sorted(new)
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.RECOVERY_CODES).count() == 2


def test_switching_off_asks_to_be_sure(world, mfa_required):
    client = world.client("anonymous")
    _login(client, "official-a")
    _set_up(client)
    page = client.get(reverse("accounts:second_factor_off"))
    assert "Ja, ik weet het zeker" in page.content.decode()
    assert client.post(reverse("accounts:second_factor_off")).status_code == 200
    assert TOTPDevice.objects.count() == 1
