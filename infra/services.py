"""What every app's services share: the refusal of a user who may not do this.

Services check permissions too (defense in depth, docs/architecture.md): a service that
a user triggers takes ``by`` (the acting user, or ``members.actors.SYSTEM`` for Celery
tasks, management commands and the demo loader; never ``None``) and, inside its transaction, asks
``members.permissions`` the same question the view's access helper asked. A "no" is
``Forbidden``: a ``ValidationError`` with code ``forbidden``.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class Forbidden(ValidationError):
    """The acting user may not do this (the view should have refused already)."""

    def __init__(self, message=None):
        super().__init__(message or _("You may not do this."), code="forbidden")


def require_allowed(allowed: bool) -> None:
    """Raise ``Forbidden`` unless ``allowed``."""
    if not allowed:
        raise Forbidden()
