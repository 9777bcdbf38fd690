"""What the lobby's services share: locking a dossier, coded refusals, names."""

from __future__ import annotations

from django.core.exceptions import ValidationError

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
    if user is None:
        return ""
    person = permissions_for(user).person
    if person is not None:
        return f"{person.name} ({person.city})"
    return user.get_full_name() or user.get_username()
