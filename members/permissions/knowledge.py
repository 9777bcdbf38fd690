"""Knowledge products: who adds and edits them, who follows them."""

from __future__ import annotations


class Knowledge:
    """Knowledge products: a pillar's secretary for their pillar, the secretariat for all."""

    # Reading the products and their files is ``may_read_network`` (members-only files
    # too); public products are also in the public archive, which asks nothing here.
    # A session has no speaker account in the model: a day's presentations are added by
    # the session's pillar secretary (a group's session: the lead pillar's) or the
    # secretariat, on the speaker's behalf.
    @property
    def may_add_knowledge(self) -> bool:
        """Add a product at all: the secretariat and pillar secretaries."""
        return self.is_secretariat or self.is_pillar_secretary

    def may_add_knowledge_for(self, owner_pillar_id: int | None) -> bool:
        """Add or change a product (and its files) of this pillar (its own, its theme
        groups', its sessions'): that pillar's secretary or the secretariat. Products
        of the knowledge partner or an outside bureau (no pillar): the secretariat."""
        return self.is_secretariat or self.is_secretary_of_pillar(owner_pillar_id)

    def may_edit_knowledge(self, owner_pillar_id: int | None) -> bool:
        return self.may_add_knowledge_for(owner_pillar_id)

    @property
    def may_follow_knowledge(self) -> bool:
        """Follow a pillar or group for the weekly mail of new products: whoever reads
        the network."""
        return self.may_read_network

    @property
    def may_add_knowledge_for_all_pillars(self) -> bool:
        """``may_add_knowledge_for`` every pillar (and for none): the secretariat; a
        pillar's secretary adds for the pillars in ``pillars_as_secretary``."""
        return self.is_secretariat
