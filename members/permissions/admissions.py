"""Admissions: the membership criteria, applications and the steps of their decision."""

from __future__ import annotations


class Admissions:
    """Applications: the secretariat records, the DB advises, the AB decides."""

    # The criteria (the membership page) follow the one read policy: the network's shared
    # basis, no rule of its own.
    @property
    def may_view_applications(self) -> bool:
        """Applications with their evidence, letter and contact: the DB, which advises,
        and the secretariat, which prepares them."""
        return self.is_secretariat or self.is_db_member

    @property
    def may_record_applications(self) -> bool:
        """Record an application as received and write its notes per criterion."""
        return self.is_secretariat

    @property
    def may_advise_on_applications(self) -> bool:
        """Step 2: the DB's advice."""
        return self.is_db_member

    @property
    def may_record_decisions(self) -> bool:
        """Step 3: the AB's decision, recorded by the secretariat (the AB meets; the
        secretariat keeps its record)."""
        return self.is_secretariat

    @property
    def may_correct_application_steps(self) -> bool:
        """A recorded correction of a mistaken advice or decision: the secretariat,
        which records the steps."""
        return self.is_secretariat

    @property
    def may_enter_indicator_values(self) -> bool:
        """Indicator values per municipality (a form, or a CSV import)."""
        return self.is_secretariat

    @property
    def may_see_membership_dates(self) -> bool:
        """A city's membership dates on its page: everyone who reads the network."""
        return self.may_read_network
