"""Member letters: drafts, approval, addressees and elections."""

from __future__ import annotations


class Letters:
    """Member letters: the secretariat drafts, the DB's chair approves."""

    # The public archive, its feed, its PDFs and the subscription pages need no login
    # and ask nothing here.
    @property
    def may_read_letter_drafts(self) -> bool:
        """Drafts, approvals and the election lists: the secretariat and the DB."""
        return self.is_secretariat or self.is_db_member

    @property
    def may_draft_letters(self) -> bool:
        """Draft and edit a member letter (and errata, introduction letters): the
        secretariat."""
        return self.is_secretariat

    @property
    def may_approve_letters(self) -> bool:
        """Approve a letter for sending: the DB's chair only, also for a letter one
        drafted oneself (drafting as the secretariat gives no approval)."""
        return self.is_db_chair

    @property
    def may_ask_cities_for_addressees(self) -> bool:
        """Ask the city contacts of member cities without a council clerk or college
        contact to name them (a mail each): the secretariat."""
        return self.is_secretariat

    @property
    def may_manage_elections(self) -> bool:
        """Mark an election date and record who has been confirmed since: the
        secretariat."""
        return self.is_secretariat

    @property
    def may_name_addressees_of_own_city(self) -> bool:
        """The dashboard's task to name the council clerk and college contact that one's
        city lacks: the city's contact (``may_ask_cities_for_addressees`` asks them)."""
        return self.is_contact_for_city(self.city_id)
