"""Participation: figures per city, never per person."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..models import City


class Participation:
    """Participation figures, the invisibility rule and the notes on cities."""

    # Figures are per city, never per person: no league table of people.
    @property
    def may_view_participation(self) -> bool:
        """The network's participation page, every member city: the DB and the
        secretariat."""
        return self.is_secretariat or self.is_db_member

    def may_view_city_participation(self, city: City) -> bool:
        """One city's participation figures: the city's own people, the secretariat and
        the DB."""
        return self.may_view_participation or self.is_in_city(city.pk)

    @property
    def may_set_invisibility_rule(self) -> bool:
        """The rule that marks a city "onzichtbaar" (invisible): the DB sets it."""
        return self.is_db_member

    @property
    def may_view_invisible_cities(self) -> bool:
        """The cities the rule matches, and the notes on them: the DB and the
        secretariat."""
        return self.may_view_participation

    @property
    def may_write_participation_notes(self) -> bool:
        """A city's note (what the DB learned about its participation): the DB and the
        secretariat."""
        return self.is_secretariat or self.is_db_member
