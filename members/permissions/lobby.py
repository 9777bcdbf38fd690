"""The lobby: dossiers, positions, moments, city stances and deviation notices."""

from __future__ import annotations


class Lobby:
    """The lobby: the pillar words, the coordinator schedules, the DB decides."""

    # Reading dossiers and positions is ``may_read_network``: the network's members.
    def may_write_lobby_text_of(self, pillar_id: int | None) -> bool:
        """A dossier's content (positions, moments and their text) belongs to its pillar:
        that pillar's secretary or chair proposes and words it; the coordinator does
        not ("without taking over the content")."""
        return self.is_secretary_of_pillar(pillar_id) or self.is_chair_of_pillar(pillar_id)

    @property
    def may_open_dossiers(self) -> bool:
        """Open a dossier at all: the coordinator, the secretariat, a pillar's secretary
        or chair (for their own pillar, see ``may_open_dossier_for``)."""
        return (
            self.is_lobby_coordinator
            or self.is_secretariat
            or bool(self.pillars_as_secretary | self.pillars_as_chair)
        )

    def may_open_dossier_for(self, pillar_id: int | None) -> bool:
        return (
            self.is_lobby_coordinator
            or self.is_secretariat
            or self.may_write_lobby_text_of(pillar_id)
        )

    def may_word_dossier_of(self, pillar_id: int | None) -> bool:
        """A dossier's own words once it is open — its subject and the note on the VNG
        alignment: the owning pillar (and the secretariat, which keeps the record); not
        the coordinator, who never touches the content (issue 22, item 6)."""
        return self.is_secretariat or self.may_write_lobby_text_of(pillar_id)

    def may_edit_dossier(self, pillar_id: int | None) -> bool:
        """Status, targets, carriers and the VNG alignment: the coordinator, the
        secretariat and the owning pillar."""
        return self.may_open_dossier_for(pillar_id)

    @property
    def may_coordinate_lobby(self) -> bool:
        """Schedule moments and route positions and moments to the DB."""
        return self.is_lobby_coordinator

    @property
    def may_decide_lobby(self) -> bool:
        """Agree a position, decide on a moment, acknowledge a deviation notice: the DB."""
        return self.is_db_member

    def may_record_stance_for(self, city_id: int | None) -> bool:
        """A city's stance and its deviation notice: its contact or the secretariat."""
        return self.is_secretariat or self.is_contact_for_city(city_id)

    @property
    def may_see_all_notices(self) -> bool:
        """Every city's deviation notices: the DB, the coordinator, the secretariat."""
        return self.is_db_member or self.is_lobby_coordinator or self.is_secretariat

    def may_see_notices_of(self, city_id: int | None) -> bool:
        """A city's deviation notices and their explanation: those above and the city's
        own people; nothing public."""
        return self.may_see_all_notices or self.is_in_city(city_id)

    def may_see_notices_where(self, city: str = "city"):
        """``may_see_notices_of`` for lists, as a filter through the field ``city``."""
        from django.db.models import Q

        if self.may_see_all_notices:
            return Q()
        if self.city_id is not None:
            return Q(**{f"{city}_id": self.city_id})
        return Q(pk__in=[])

    def may_record_city_action_for(self, city_id: int | None) -> bool:
        """A city's own lobby action: the city's contact, the coordinator, the
        secretariat."""
        return self.is_lobby_coordinator or self.may_record_stance_for(city_id)

    @property
    def may_record_city_actions(self) -> bool:
        return self.is_lobby_coordinator or self.is_secretariat or self.is_city_contact

    @property
    def may_record_city_actions_for_all_cities(self) -> bool:
        """Record an action for any member city (``may_record_city_action_for`` each):
        the coordinator and the secretariat; a city contact for their own city."""
        return self.is_lobby_coordinator or self.is_secretariat
