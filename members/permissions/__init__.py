"""The one place that answers "may this user do this to this object".

Roles are data (members.Role, with start and end dates); this package reads the
current ones once per request and answers questions object by object. Views never
look at roles themselves: they call an access helper (``get_<thing>_for_user``)
that uses these answers and raises 404 (another city's object) or 403. Templates get
a flag (``permissions.may_…``), services ask again inside their transaction.

The rules live by feature, one module each (``networkdays``, ``themegroups``,
``admissions``, ``contributions``, ``lobby``, ``letters``, ``knowledge``,
``participation``, ``people``, ``accounts``), as mixins of the one ``Permissions``
that callers ask; ``base`` holds who this is (the roles) and the read policy.
``tests/test_rules_in_place.py`` fails when code outside this package decides on a
role itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils import timezone

from ..constants import RoleKind
from .accounts import Accounts, may_log_in_through_secretariat_provider
from .admissions import Admissions
from .base import CITY_BOUND_ROLES, NETWORK_WIDE_ROLES, Identity, holds_network_wide_role
from .contributions import Contributions
from .knowledge import Knowledge
from .letters import Letters
from .lobby import Lobby
from .networkdays import (
    NETWORK_DAY_AUDIENCES,
    NetworkDays,
    may_attend_network_day,
    network_day_audience_filter,
)
from .participation import Participation
from .people import People
from .themegroups import ThemeGroups

if TYPE_CHECKING:
    from ..models import Person, Role

__all__ = [
    "ANONYMOUS",
    "CITY_BOUND_ROLES",
    "NETWORK_DAY_AUDIENCES",
    "NETWORK_WIDE_ROLES",
    "Permissions",
    "holds_network_wide_role",
    "may_attend_network_day",
    "may_log_in_through_secretariat_provider",
    "network_day_audience_filter",
    "permissions_for",
]

_CACHE_ATTRIBUTE = "_g40_permissions"


@dataclass(frozen=True)
class Permissions(
    People,
    Accounts,
    NetworkDays,
    ThemeGroups,
    Letters,
    Contributions,
    Participation,
    Admissions,
    Lobby,
    Knowledge,
    Identity,
):
    """What one user may do, derived from the roles they hold today."""

    person: Person | None = None
    roles: tuple[Role, ...] = ()
    kinds: frozenset[str] = field(default_factory=frozenset)
    pillars_as_secretary: frozenset[int] = field(default_factory=frozenset)
    pillars_as_chair: frozenset[int] = field(default_factory=frozenset)
    # The login itself: whose second factor this is, and whether it enters the admin.
    user_id: int | None = None
    is_staff: bool = False


ANONYMOUS = Permissions()


def permissions_for(user) -> Permissions:
    """The user's permissions: computed once per request (kept on the user object,
    which is loaded for each request), from one query (two for a login without a
    current role: its person is then read on its own). Ending a role
    takes effect on the next request; roles start and end by date."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    computed = getattr(user, _CACHE_ATTRIBUTE, None)
    if computed is None:
        computed = _compute(user)
        setattr(user, _CACHE_ATTRIBUTE, computed)
    return computed


def _compute(user) -> Permissions:
    person, roles = _person_and_roles(user)
    kinds = {role.kind for role in roles}
    if user.is_superuser:
        # A superuser made with createsuperuser acts as the secretariat.
        kinds.add(RoleKind.SECRETARIAT)
    return Permissions(
        person=person,
        roles=roles,
        kinds=frozenset(kinds),
        pillars_as_secretary=frozenset(
            role.pillar_id for role in roles if role.kind == RoleKind.PILLAR_SECRETARY
        ),
        pillars_as_chair=frozenset(
            role.pillar_id for role in roles if role.kind == RoleKind.PILLAR_CHAIR
        ),
        user_id=user.pk,
        is_staff=user.is_staff,
    )


def _person_and_roles(user) -> tuple[Person | None, tuple[Role, ...]]:
    """The user's person (with the city) and the roles they hold today (with the pillar),
    in one query: the roles, each joined to the person and the city. Only a login with
    no current role asks a second time, for the person alone. Every role points to the
    one person object, which the user object keeps too (``user.person``)."""
    from ..models import Person, Role

    roles = tuple(
        Role.objects.current(timezone.localdate())
        .filter(person__user_id=user.pk)
        .select_related("person__city", "pillar")
    )
    if roles:
        person = roles[0].person
        for role in roles[1:]:
            role.person = person
    else:
        person = Person.objects.select_related("city").filter(user_id=user.pk).first()
    if person is not None:
        # ``user.person``, asked again within the request, answers from here.
        Person.user.field.remote_field.set_cached_value(user, person)
    return person, roles
