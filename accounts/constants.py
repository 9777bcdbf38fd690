from django.db import models
from django.utils.translation import gettext_lazy as _


class SecurityEventKind(models.TextChoices):
    LOGIN = "login", _("logged in")
    LOGIN_FAILED = "login_failed", _("login failed")
    LOCKED_OUT = "locked_out", _("locked out")
    LOGOUT = "logout", _("logged out")
    SESSION_EXPIRED = "session_expired", _("session expired")
    SECOND_FACTOR_PASSED = "mfa_passed", _("second factor passed")
    SECOND_FACTOR_FAILED = "mfa_failed", _("second factor failed")
    MFA_ENABLED = "mfa_enabled", _("second factor switched on")
    MFA_DISABLED = "mfa_disabled", _("second factor switched off")
    RECOVERY_CODES = "recovery_codes", _("new recovery codes")
    ROLE_CHANGED = "role_changed", _("role given or changed")
    ROLE_REMOVED = "role_removed", _("role removed")
    PASSWORD_CHANGED = "password_changed", _("password changed")
    EXPORT = "export", _("personal data exported")
    DATA_DOWNLOADED = "data_downloaded", _("own data downloaded")
    PERSON_ERASED = "person_erased", _("person erased")
    PASSWORD_RESET_REQUESTED = "password_reset", _("password reset requested")
    PERSON_INVITED = "person_invited", _("invited to log in")
    PROVIDER_LINKED = "provider_linked", _("linked to the city's login")
    PROVIDER_LOGIN_FAILED = "provider_failed", _("login through the city's provider failed")
    LOGIN_REQUESTED = "login_requested", _("asked the city to be added")
    EMAIL_CHANGE_REQUESTED = "email_change", _("new login address to be confirmed")
    EMAIL_CHANGED = "email_changed", _("new login address confirmed")
