"""Theme groups: proposals, the DB's reviews, support and members."""

from __future__ import annotations


class ThemeGroups:
    """Theme groups: the lead pillar's secretary, the secretariat and the DB."""

    # Reading a theme group (its list, its page, its meetings) is ``may_read_network``:
    # the one read policy, no rule of its own.
    @property
    def may_decide_reviews(self) -> bool:
        """Approve or refuse a proposal, extend or end a group: the DB only."""
        return self.is_db_member

    @property
    def may_see_review_queue(self) -> bool:
        """The review queue: the DB decides from it; the secretariat looks along."""
        return self.may_decide_reviews or self.is_secretariat

    def may_assign_support(self, lead_pillar_id: int | None) -> bool:
        """Support for a group: its lead pillar's secretary or the secretariat."""
        return self.is_secretariat or self.is_secretary_of_pillar(lead_pillar_id)

    @property
    def may_assign_support_everywhere(self) -> bool:
        """Support for every pillar's groups (not only one's own pillar's)."""
        return self.is_secretariat

    @property
    def may_propose_theme_groups(self) -> bool:
        """Propose a group at all: the secretariat and pillar secretaries."""
        return self.is_secretariat or self.is_pillar_secretary

    def may_propose_theme_group_for(self, lead_pillar_id: int | None) -> bool:
        """Propose a group led by this pillar: its secretary or the secretariat."""
        return self.is_secretariat or self.is_secretary_of_pillar(lead_pillar_id)

    def may_manage_theme_group(self, lead_pillar_id: int | None) -> bool:
        """Members of a group: the lead pillar's secretary or the secretariat."""
        return self.may_assign_support(lead_pillar_id)

    def may_edit_theme_group(self, lead_pillar_id: int | None) -> bool:
        """A group's mandate (goal, expected result) and pillars: the lead pillar's
        secretary or the secretariat. Moving the lead to another pillar asks this for
        the new pillar too."""
        return self.is_secretariat or self.is_secretary_of_pillar(lead_pillar_id)

    @property
    def may_view_support_overview(self) -> bool:
        """The support page: pillar secretaries, the secretariat and the DB."""
        return self.is_secretariat or self.is_pillar_secretary or self.is_db_member

    @property
    def may_view_support_of_all_pillars(self) -> bool:
        """The support page covers every pillar for the secretariat and the DB; a pillar
        secretary sees their own pillars' groups."""
        return self.is_secretariat or self.is_db_member

    @property
    def may_watch_pillar_support(self) -> bool:
        """The dashboard counts groups without support in the pillars one is secretary
        of (``pillars_as_secretary``)."""
        return self.is_pillar_secretary
