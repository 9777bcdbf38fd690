"""Following a pillar or a theme group (one's own person only)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import gettext as _

from infra.locking import locked_transaction
from infra.services import require_allowed
from members.actors import is_system
from members.permissions import permissions_for

from .models import Follow


def follow(*, by, person, pillar=None, theme_group=None) -> Follow:
    if not is_system(by):
        permissions = permissions_for(by)
        require_allowed(
            permissions.may_follow_knowledge
            and permissions.person is not None
            and permissions.person.pk == person.pk
        )
    item = Follow(person=person, pillar=pillar, theme_group=theme_group)
    item.notified_until = timezone.now()
    item.full_clean(validate_unique=False, validate_constraints=True)
    try:
        with locked_transaction():
            item.save()
    except IntegrityError:
        raise ValidationError(_("You already follow this."), code="already_following") from None
    return item
