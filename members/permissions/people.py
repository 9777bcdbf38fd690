"""Cities and the people in them: who reads a city's contact details, who keeps its people."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..models import City, Person


class People:
    """Cities and people: the secretariat everywhere, a city contact in their own city."""

    def may_view_city_private(self, city: City) -> bool:
        """Contact details of a city's people: own city and the secretariat only."""
        return self.is_secretariat or self.is_in_city(city.pk)

    def may_manage_people_of(self, city: City) -> bool:
        return self.is_secretariat or self.is_contact_for_city(city.pk)

    def may_manage_person(self, person: Person) -> bool:
        return self.is_secretariat or self.is_contact_for_city(person.city_id)

    def may_act_for_person(self, person: Person) -> bool:
        """Register, cancel or substitute on someone's behalf: oneself, the contact of
        one's own city, or the secretariat."""
        if self.person is not None and self.person.pk == person.pk:
            return True
        return self.may_manage_person(person)

    def may_view_person(self, person: Person) -> bool:
        return self.may_act_for_person(person) or self.is_in_city(person.city_id)

    @property
    def may_add_colleagues(self) -> bool:
        """Add colleagues to one's own city (``may_manage_people_of`` it): its contact.
        The dashboard offers the link; the secretariat keeps people in the admin."""
        return self.is_contact_for_city(self.city_id)
