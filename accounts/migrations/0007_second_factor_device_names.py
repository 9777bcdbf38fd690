"""The second factors made before django-two-factor-auth keep working: its views find
a user's app by the TOTP device named ``default`` and the recovery codes by the static
device named ``backup``. The secrets, codes and throttle states are kept as they are."""

from django.db import migrations

OLD_TOTP, NEW_TOTP = "authenticator", "default"
OLD_STATIC, NEW_STATIC = "recovery", "backup"


def _rename(apps, totp_from, totp_to, static_from, static_to):
    TOTPDevice = apps.get_model("otp_totp", "TOTPDevice")
    StaticDevice = apps.get_model("otp_static", "StaticDevice")
    # One app per user (the set-up page made one): its confirmed device is the default.
    users_with_default = set(
        TOTPDevice.objects.filter(name=totp_to).values_list("user_id", flat=True)
    )
    for device in TOTPDevice.objects.filter(name=totp_from, confirmed=True).order_by("-pk"):
        if device.user_id not in users_with_default:
            device.name = totp_to
            device.save(update_fields=["name"])
            users_with_default.add(device.user_id)
    StaticDevice.objects.filter(name=static_from).update(name=static_to)


def forwards(apps, schema_editor):
    _rename(apps, OLD_TOTP, NEW_TOTP, OLD_STATIC, NEW_STATIC)


def backwards(apps, schema_editor):
    _rename(apps, NEW_TOTP, OLD_TOTP, NEW_STATIC, OLD_STATIC)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_identityprovider_email_domains_limit"),
        ("otp_totp", "0003_add_timestamps"),
        ("otp_static", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
