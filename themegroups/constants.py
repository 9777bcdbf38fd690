from django.db import models
from django.utils.translation import gettext_lazy as _

# "Themagroepen mogen zich niet institutionaliseren" (report, E): a review date is
# never further ahead than this.
MAX_REVIEW_MONTHS = 24

# Paths under /theme-groups/ that are pages, not groups: a group never gets these slugs.
RESERVED_SLUGS = frozenset({"review", "support", "propose"})


class ThemeGroupStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    REFUSED = "refused", _("refused")
    ACTIVE = "active", _("active")
    ENDED = "ended", _("ended")


class MembershipRole(models.TextChoices):
    CHAIR = "chair", _("chair")
    MEMBER = "member", _("member")


class ReviewOutcome(models.TextChoices):
    EXTEND = "extend", _("extend to a new review date")
    END = "end", _("end the group")


class ReviewState(models.TextChoices):
    """Derived from the dates, never stored."""

    NOT_DUE = "not_due", _("not due")
    DUE = "due", _("due for review")
    OVERDUE = "overdue", _("overdue")
    NOT_APPLICABLE = "", _("—")


class EventKind(models.TextChoices):
    """What a line of a group's history says happened (read from the audit trail,
    ``history.py``; never stored, except in entries carried over from the old history
    table)."""

    PROPOSED = "proposed", _("proposed")
    APPROVED = "approved", _("approved")
    REFUSED = "refused", _("proposal refused")
    EXTENDED = "extended", _("extended")
    ENDED = "ended", _("ended")
    SUPPORT_ASSIGNED = "support_assigned", _("support assigned")
    SUPPORT_CHANGED = "support_changed", _("support changed")
    SUPPORT_REMOVED = "support_removed", _("support removed")
    MEMBER_ADDED = "member_added", _("member added")
    MEMBER_REMOVED = "member_removed", _("member removed")
    MEMBER_ROLE_CHANGED = "member_role_changed", _("member's role changed")
    CHANGED = "changed", _("changed")
