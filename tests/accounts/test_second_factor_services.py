"""The second factor's services check who acts themselves (issue 24): recovery codes
for one's own login only; switching a second factor off for oneself or, for someone
who lost theirs, by the secretariat. Whom a second factor is required for is decided
in members.permissions (``must_use_second_factor``), not in accounts."""

import pytest
from django.core.exceptions import ValidationError
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.services import mfa_required_for, recovery_codes_create, second_factor_disable
from members.actors import SYSTEM
from tests.factories import UserFactory


def _device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def test_recovery_codes_are_made_by_their_owner_only(world):
    owner = world.person("official_a").user
    codes = recovery_codes_create(user=owner, by=owner)
    assert len(codes) > 0
    for other in (world.person("secretariat").user, world.person("contact_a").user):
        with pytest.raises(ValidationError) as refused:
            recovery_codes_create(user=owner, by=other)
        assert refused.value.code == "forbidden"
    with pytest.raises(ValidationError):
        recovery_codes_create(user=owner, by=SYSTEM)
    with pytest.raises(TypeError):
        recovery_codes_create(user=owner, by=None)


@pytest.mark.parametrize(
    ("actor", "allowed"),
    [
        ("official_a", True),  # oneself
        ("secretariat", True),  # someone who lost their phone
        ("contact_a", False),  # the city's contact: no
        ("db_member", False),
    ],
)
def test_a_second_factor_is_switched_off_by_its_owner_or_the_secretariat(world, actor, allowed):
    owner = world.person("official_a").user
    _device(owner)
    StaticDevice.objects.create(user=owner, name="recovery")
    by = world.person(actor).user
    if allowed:
        second_factor_disable(user=owner, by=by)
        assert not TOTPDevice.objects.filter(user=owner).exists()
        assert not StaticDevice.objects.filter(user=owner).exists()
    else:
        with pytest.raises(ValidationError) as refused:
            second_factor_disable(user=owner, by=by)
        assert refused.value.code == "forbidden"
        assert TOTPDevice.objects.filter(user=owner).exists()


def test_the_system_switches_no_second_factor_off(world):
    owner = world.person("official_a").user
    _device(owner)
    with pytest.raises(ValidationError):
        second_factor_disable(user=owner, by=SYSTEM)
    assert TOTPDevice.objects.filter(user=owner).exists()


@pytest.mark.parametrize(
    ("persona", "required"),
    [("secretariat", True), ("db_member", True), ("official_a", False), ("contact_a", False)],
)
def test_whom_a_second_factor_is_required_for_is_asked_of_the_permissions(
    world, settings, persona, required
):
    settings.MFA_REQUIRED = True
    assert mfa_required_for(world.person(persona).user) is required


def test_a_staff_login_without_a_role_must_use_a_second_factor(db, settings):
    settings.MFA_REQUIRED = True
    assert mfa_required_for(UserFactory(username="staff", is_staff=True))
    assert not mfa_required_for(UserFactory(username="plain"))
    settings.MFA_REQUIRED = False
    assert not mfa_required_for(UserFactory(username="staff"))
