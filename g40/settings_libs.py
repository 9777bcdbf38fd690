"""The settings' data for the kept libraries (issue 24): django-axes, django-otp and
django-two-factor-auth, django-dbbackup. Plain values, taken in by ``g40/settings.py``
(its upper-case names); nothing here reads the environment (BACKUP_DIR, BACKUP_KEEP,
BACKUP_GPG_RECIPIENT and AXES_FAILURE_LIMIT are read there)."""

# django-axes: a username + address pair is locked for an hour after AXES_FAILURE_LIMIT
# failures; the client address behind TRUSTED_PROXY_COUNT proxies (infra.client).
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "infra.client.client_address"

# The second factor (django-otp's devices, django-two-factor-auth's flows).
OTP_TOTP_ISSUER = "G40 Netwerk"
# Nobody reads another user's authenticator secret (or its QR code) through the admin.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
MFA_RECOVERY_CODE_COUNT = 10
# The admin is gated by accounts.middleware (the project's policy), not by the library's
# admin site, which would send to its own login wizard.
TWO_FACTOR_PATCH_ADMIN = False

# A backup holds personal data: its files readable by their owner only.
BACKUP_MODES = {"file_permissions_mode": 0o600, "directory_permissions_mode": 0o700}
DBBACKUP_GPG_ALWAYS_TRUST = True  # the operator chose the key: no web of trust needed
# "default" (the database's alias) in the name: dbbackup --clean counts files with it.
DBBACKUP_FILENAME_TEMPLATE = "g40-default-{datetime}.{extension}"
DBBACKUP_MEDIA_FILENAME_TEMPLATE = "g40-media-{datetime}.{extension}"
DBBACKUP_DATE_FORMAT = "%Y%m%d-%H%M%S"
DBBACKUP_SEND_EMAIL = False  # a failed backup fails the command (cron mails its output)
