"""Network days and digital meetings: who plans them, who registers whom, who sees the
attendees; and whom each kind of day is for (by a person's function)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..constants import Function

if TYPE_CHECKING:
    from ..models import Person


class NetworkDays:
    """Network days, their registrations and the digital meetings."""

    @property
    def may_manage_network_days(self) -> bool:
        return self.is_secretariat

    @property
    def may_see_attendees(self) -> bool:
        return self.is_secretariat or self.is_event_bureau

    def may_manage_digital_meetings_of(self, pillar_id: int | None) -> bool:
        """Digital meetings of a pillar (or of a theme group it leads): the secretariat
        and that pillar's secretary."""
        return self.is_secretariat or self.is_secretary_of_pillar(pillar_id)

    @property
    def may_create_digital_meetings(self) -> bool:
        return self.is_secretariat or self.is_pillar_secretary

    @property
    def may_answer_digital_meetings(self) -> bool:
        """Answer an invitation (yes / no / maybe) on the meeting's page: for oneself only,
        so a login with a person. Without login, the signed RSVP link is the key."""
        return self.person is not None

    def may_record_meeting_attendance(self, pillar_id: int | None) -> bool:
        """Who attended a digital meeting: its organisers (the pillar's secretary, the
        secretariat), the same people who plan it."""
        return self.may_manage_digital_meetings_of(pillar_id)

    @property
    def may_plan_meetings_for_pillars(self) -> frozenset[int] | None:
        """The pillars (and so the theme groups they lead) whose digital meetings the user
        may plan: all (None) for the secretariat, else the pillars they are secretary of."""
        return None if self.is_secretariat else self.pillars_as_secretary

    @property
    def may_register_for_network_days(self) -> bool:
        """Register someone for a network day: a person registers themselves, a city
        contact their colleagues, the secretariat anyone."""
        return self.person is not None or self.is_secretariat

    @property
    def may_register_others(self) -> bool:
        """Register, cancel or pass on a colleague's place (not only one's own)."""
        return self.is_secretariat or self.is_city_contact

    def may_act_for_people(self):
        """``may_act_for_person`` for lists, as a filter on Person: everyone for the
        secretariat, one's own city for a city contact, oneself, or nobody."""
        from django.db.models import Q

        if self.is_secretariat:
            return Q()
        own = Q(pk=self.person.pk) if self.person is not None else Q(pk__in=[])
        if self.is_city_contact:
            return own | Q(city_id=self.city_id)
        return own

    def may_see_registrations_where(self, person: str = "person"):
        """Whose registrations the user's own pages list (the day page, the dashboard),
        as a filter on registrations through the field ``person``: one's own, and for a
        city contact the colleagues' of the same city (never another city's). Everyone's
        is the attendee list (``may_see_attendees``), not these lists."""
        from django.db.models import Q

        if self.is_city_contact:
            return Q(**{f"{person}__city_id": self.city_id})
        if self.person is not None:
            return Q(**{f"{person}_id": self.person.pk})
        return Q(pk__in=[])

    def may_read_registrations_where(self, person: str = "person"):
        """The registrations a user reads through the API (``api``), as a filter through
        the field ``person``: everyone's for those who see the attendee lists
        (``may_see_attendees``), else those the user's own pages list
        (``may_see_registrations_where``). No rule of its own: the two above, joined."""
        from django.db.models import Q

        if self.may_see_attendees:
            return Q()
        return self.may_see_registrations_where(person)

    def may_substitute_registrant(self, person: Person) -> bool:
        """Pass a registration on to a colleague: the contact of the registrant's city
        or the secretariat; not the registrant themselves."""
        return self.is_secretariat or self.is_contact_for_city(person.city_id)

    @property
    def may_manage_registrations(self) -> bool:
        """Cancel or pass on anyone's registration from the attendee list; the event
        bureau only reads it."""
        return self.is_secretariat

    def may_manage_calendar_feed_of(self, person: Person | None) -> bool:
        """A calendar subscription: one's own only (a bare login has none)."""
        return person is not None and self.person is not None and self.person.pk == person.pk


# Whom each kind of network day is for, by a person's function (the kinds are the values
# of ``networkdays.constants.NetworkDayKind``; the core names them as text). A bestuurlijke
# day is for mayors and aldermen (domain.md); a kind not listed is open to every function.
NETWORK_DAY_AUDIENCES: dict[str, frozenset[str]] = {
    "bestuurlijk": frozenset({Function.MAYOR, Function.ALDERMAN}),
}


def may_attend_network_day(person: Person, day_kind: str) -> bool:
    """May ``person`` hold a place at a network day of ``day_kind`` (whoever registers
    them): only the functions the day is for."""
    audience = NETWORK_DAY_AUDIENCES.get(day_kind)
    return audience is None or person.function in audience


def network_day_audience_filter(day_kind: str, person: str = ""):
    """``may_attend_network_day`` for lists, as a filter on Person (or through the
    field ``person``)."""
    from django.db.models import Q

    audience = NETWORK_DAY_AUDIENCES.get(day_kind)
    if audience is None:
        return Q()
    prefix = f"{person}__" if person else ""
    return Q(**{f"{prefix}function__in": sorted(audience)})
