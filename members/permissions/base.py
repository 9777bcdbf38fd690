"""Who this is: the roles a user holds today, read once per request, and the read policy
that every feature's rules start from. The feature modules beside this one add the
questions of their feature (``may_*``) as mixins; ``members.permissions.Permissions``
joins them into the one object callers ask."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone

from ..constants import BoardPosition, RoleKind

if TYPE_CHECKING:
    from ..models import Person


# Roles bound to the holder's own city. Every other role acts across the network (the
# secretariat, the DB, a pillar's chair or secretary, the lobby coordinator, the event
# bureau, and any kind added later): a login with one reads what no city reads, so its
# e-mail address and invitation are the secretariat's act, never a city contact's
# (issue 22, item 2).
CITY_BOUND_ROLES = frozenset(
    {
        RoleKind.CITY_CONTACT,
        RoleKind.CITY_OFFICIAL,
        RoleKind.GRIFFIER,
        RoleKind.COLLEGE_CONTACT,
    }
)
NETWORK_WIDE_ROLES = frozenset(RoleKind.values) - CITY_BOUND_ROLES


def holds_network_wide_role(person: Person) -> bool:
    """Whether ``person`` holds, now or from a later day, a role that is not bound to
    their city, or has a login that enters the admin (staff, superuser). A role that
    has ended counts no more; one that starts tomorrow counts already."""
    from django.db.models import Q

    from ..models import Role

    user = getattr(person, "user", None) if person.user_id else None
    if user is not None and (user.is_staff or user.is_superuser):
        return True
    return (
        Role.objects.filter(person_id=person.pk, kind__in=NETWORK_WIDE_ROLES)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=timezone.localdate()))
        .exists()
    )


class Identity:
    """Who this is: the roles behind every rule. Callers outside this package ask the
    ``may_*`` questions, never these (tests/test_rules_in_place.py)."""

    # --- who this is -------------------------------------------------------
    @property
    def city_id(self) -> int | None:
        return self.person.city_id if self.person else None

    @property
    def is_secretariat(self) -> bool:
        return RoleKind.SECRETARIAT in self.kinds

    @property
    def is_db_member(self) -> bool:
        return RoleKind.DB_MEMBER in self.kinds

    @property
    def is_pillar_secretary(self) -> bool:
        return bool(self.pillars_as_secretary)

    @property
    def is_city_contact(self) -> bool:
        return RoleKind.CITY_CONTACT in self.kinds

    @property
    def is_lobby_coordinator(self) -> bool:
        return RoleKind.LOBBY_COORDINATOR in self.kinds

    @property
    def is_event_bureau(self) -> bool:
        return RoleKind.EVENT_BUREAU in self.kinds

    @property
    def is_db_chair(self) -> bool:
        """The DB's chair: a current DB role with the board position "chair"."""
        return any(
            role.kind == RoleKind.DB_MEMBER and role.board_position == BoardPosition.CHAIR
            for role in self.roles
        )

    def is_secretary_of_pillar(self, pillar_id: int | None) -> bool:
        return pillar_id is not None and pillar_id in self.pillars_as_secretary

    def is_in_city(self, city_id: int | None) -> bool:
        return city_id is not None and self.city_id == city_id

    def is_contact_for_city(self, city_id: int | None) -> bool:
        """A city contact acts for their own city only."""
        return self.is_city_contact and self.is_in_city(city_id)

    def is_chair_of_pillar(self, pillar_id: int | None) -> bool:
        return pillar_id is not None and pillar_id in self.pillars_as_chair

    # --- reading the network ------------------------------------------------
    @property
    def may_read_network(self) -> bool:
        """The one read policy: the network's pages (cities, pillars, days, meetings,
        theme groups, …) are for users who hold a current role. A signed-in account
        without one (a role ended, not yet given) sees only its own account pages and
        the dashboard, which says so."""
        return bool(self.kinds)

    @property
    def may_read_audit(self) -> bool:
        """The audit trail: who changed what, when (the secretariat)."""
        return self.is_secretariat

    @property
    def may_see_failed_mails(self) -> bool:
        """Mails the outbox gave up on (the dashboard's count, the admin's list)."""
        return self.is_secretariat

    @property
    def may_retry_failed_mails(self) -> bool:
        """Send mails the outbox gave up on again (the admin's action): the secretariat,
        who sees them (``may_see_failed_mails``)."""
        return self.may_see_failed_mails

    @property
    def may_use_admin(self) -> bool:
        """The admin is the secretariat's tool."""
        return self.is_secretariat

    @property
    def may_see_waiting_for_db(self) -> bool:
        """What waits for the DB (``members.waiting``: the dashboard's list, the daily
        digest): the DB's members."""
        return self.is_db_member
