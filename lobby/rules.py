"""What the lobby's services share: locking a dossier, coded refusals, names."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from infra.services import require_allowed
from members.actors import actor_name, is_system
from members.permissions import permissions_for

from .models import Dossier


def field_error(field: str, message, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def lock_dossier(dossier_id: int) -> Dossier:
    """Inside a locked transaction: the dossier's row, locked, so that two people acting
    on one dossier are served one after the other."""
    return (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("coordinator")
        .get(pk=dossier_id)
    )


def person_name(user) -> str:
    """Who acted, as text kept with a decision ("Name (City)", else the login)."""
    if is_system(user):
        return actor_name(user)
    person = permissions_for(user).person
    if person is not None:
        return f"{person.name} ({person.city})"
    return user.get_full_name() or user.get_username()


def refuse_closed(dossier: Dossier) -> None:
    if dossier.is_closed:
        raise ValidationError(_("This dossier is closed."), code="dossier_closed")


def require_text_owner(by, dossier: Dossier) -> None:
    """Only the owning pillar words a position or a moment; the coordinator (and
    anyone else) is refused with its own code, so a test can tell it from any 403.
    ``SYSTEM`` is asked nothing."""
    if is_system(by):
        return
    permissions = permissions_for(by)
    require_allowed(permissions.may_read_network)
    if not permissions.may_write_lobby_text_of(dossier.pillar_id):
        raise ValidationError(
            _("Only the pillar that owns this dossier can change its text."),
            code="text_owned_by_pillar",
        )
