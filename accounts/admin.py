from django.contrib import admin
from django.http import Http404
from django_otp.plugins.otp_totp import admin as otp_totp_admin
from django_otp.plugins.otp_totp.models import TOTPDevice

from infra.admin import SecretariatAdmin

from .models import SecurityEvent


@admin.register(SecurityEvent)
class SecurityEventAdmin(SecretariatAdmin):
    list_display = ["at", "kind", "username", "ip_address"]
    list_filter = ["kind"]
    search_fields = ["username"]
    readonly_fields = ["at", "kind", "user", "username", "ip_address", "detail"]

    def has_add_permission(self, request, *args) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


# django-otp's own admin for authenticator devices answers 500 for an id that does not
# exist (its config and QR views use .get()): answer 404 instead. Its sensitive views
# stay hidden altogether (OTP_ADMIN_HIDE_SENSITIVE_DATA): nobody reads another user's
# secret through the admin.
_LARGEST_ID = 2**63 - 1


class TOTPDeviceAdmin(otp_totp_admin.TOTPDeviceAdmin):
    def _device_or_404(self, pk: int) -> None:
        if not 0 < pk <= _LARGEST_ID or not TOTPDevice.objects.filter(pk=pk).exists():
            raise Http404

    def config_view(self, request, pk):
        self._device_or_404(pk)
        return super().config_view(request, pk)

    def qrcode_view(self, request, pk):
        self._device_or_404(pk)
        return super().qrcode_view(request, pk)


if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)
admin.site.register(TOTPDevice, TOTPDeviceAdmin)
