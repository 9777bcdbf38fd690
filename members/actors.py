"""Who acts in a service: the signed-in user, or ``SYSTEM``.

Every service that changes something takes ``by``: the acting user (a ``User``, whose
permissions ``members.permissions`` answers for inside the service's transaction), or
``SYSTEM`` — the network itself acting through a Celery task, a management command or
the demo loader, for which no one's permission is asked. There is no third value:
``None`` is refused (``TypeError``), so "skip the check" cannot happen by leaving an
argument out (issue 24, item 3). ``tests/test_architecture.py`` refuses ``by=None``
anywhere in the apps.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Final

from infra.services import require_allowed

if TYPE_CHECKING:
    from .models import Person
    from .permissions import Permissions


class SystemActor:
    """The network itself, acting without a person: one instance, ``SYSTEM``."""

    _instance: SystemActor | None = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    # What code that logs an actor reads of a user.
    pk = None
    is_authenticated = False

    def get_username(self) -> str:
        return "system"

    def __repr__(self) -> str:
        return "SYSTEM"

    def __reduce__(self):
        return (SystemActor, ())


SYSTEM: Final = SystemActor()


def is_system(by) -> bool:
    """Whether ``by`` is the system (after ``require_actor`` has refused ``None``)."""
    return require_actor(by) is SYSTEM


def require_actor(by):
    """``by`` itself, once it is known to be a user or ``SYSTEM``; ``None`` (or anything
    else) is a programming error, never a permission."""
    if by is SYSTEM:
        return by
    if not hasattr(by, "is_authenticated"):  # None above all
        raise TypeError(f"by must be the acting user or members.actors.SYSTEM, not {by!r}")
    return by


def acting_person(by, question: Callable[[Permissions], bool]) -> Person | None:
    """The service side of an access helper: for a user, ask ``members.permissions`` the
    read policy and ``question`` again, inside the service's transaction (refused:
    ``Forbidden``, code ``forbidden``), and return their person. For ``SYSTEM``: ``None``
    (no person acted)."""
    from .permissions import permissions_for

    if is_system(by):
        return None
    permissions = permissions_for(by)
    require_allowed(permissions.may_read_network and question(permissions))
    return permissions.person


def actor_name(by) -> str:
    """How the actor is named in what the network sends or keeps: the person's name, the
    login's user name, or the network for ``SYSTEM``."""
    from .permissions import permissions_for

    if is_system(by):
        return "G40 Netwerk"
    person = permissions_for(by).person
    return person.name if person is not None else by.get_username()


def actor_permissions(by, question: Callable[[Permissions], bool] | None = None):
    """For a user: their permissions (``members.permissions``), refused (``Forbidden``,
    code ``forbidden``) unless ``question`` (if given) allows; for ``SYSTEM``: ``None``,
    no one is asked. A service that asks more than one question keeps the result and
    asks ``permissions is None or permissions.may_…`` for the next."""
    from .permissions import permissions_for

    if is_system(by):
        return None
    permissions = permissions_for(by)
    if question is not None:
        require_allowed(question(permissions))
    return permissions


def acting_user(by):
    """The user to keep in a foreign key to who acted: ``by`` itself, ``None`` for
    ``SYSTEM``."""
    return None if is_system(by) else by


def person_of(by) -> Person | None:
    """The acting user's person (none for a login without one), ``None`` for
    ``SYSTEM``: what a service keeps as who proposed or recorded something."""
    from .permissions import permissions_for

    return None if is_system(by) else permissions_for(by).person
