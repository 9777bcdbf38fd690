"""Contributions and budget: statements, rates, the price index, the budget."""

from __future__ import annotations


class Contributions:
    """Contributions: the secretariat records, the DB reads; a city reads its own."""

    @property
    def may_view_contributions(self) -> bool:
        """Every member's statements of a year, the year's total, the treasurer's
        spreadsheet, the rates and the budget: the secretariat and the DB (which
        decides the rates and the budget)."""
        return self.is_secretariat or self.is_db_member

    @property
    def may_manage_contributions(self) -> bool:
        """Record the DB's rate decisions, issue and credit statements, correct a price
        index figure, set the budget: the secretariat (it records what the DB decided)."""
        return self.is_secretariat

    def may_view_statements_of(self, city_id: int | None) -> bool:
        """A city's statements (its page's section, a statement's PDF): the city's own
        people, the secretariat and the DB; never another city's people."""
        return self.may_view_contributions or self.is_in_city(city_id)

    def may_see_statements_where(self, city: str = "city"):
        """``may_view_statements_of`` for lists, as a filter through the field ``city``:
        all statements for the secretariat and the DB, else one's own city's."""
        from django.db.models import Q

        if self.may_view_contributions:
            return Q()
        if self.city_id is not None:
            return Q(**{f"{city}_id": self.city_id})
        return Q(pk__in=[])
