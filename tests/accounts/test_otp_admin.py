"""django-otp's admin views for authenticator devices: a missing id is a 404 (it was a
500), and nobody reads a device's secret or QR code through the admin."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice


@pytest.mark.parametrize("view", ["config", "qrcode"])
@pytest.mark.parametrize("pk", [987654, 2**63 + 5])
def test_a_missing_device_is_a_404(admin_client, view, pk):
    response = admin_client.get(f"/admin/otp_totp/totpdevice/{pk}/{view}/")
    assert response.status_code == 404


@pytest.mark.parametrize("view", ["config", "qrcode"])
def test_a_device_secret_is_never_shown_in_the_admin(admin_client, django_user_model, view):
    # Another user's device (switching one's own on would end the admin's session).
    other = django_user_model.objects.create_user("someone", password="x" * 16)
    device = TOTPDevice.objects.create(user=other, name="phone", confirmed=True)
    response = admin_client.get(f"/admin/otp_totp/totpdevice/{device.pk}/{view}/")
    assert response.status_code == 403
    assert device.key.encode() not in response.content
