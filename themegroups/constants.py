from django.db import models
from django.utils.translation import gettext_lazy as _

# "Themagroepen mogen zich niet institutionaliseren" (report, E): a review date is
# never further ahead than this.
MAX_REVIEW_MONTHS = 24


class ThemeGroupStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    REFUSED = "refused", _("refused")
    ACTIVE = "active", _("active")
    ENDED = "ended", _("ended")


class MembershipRole(models.TextChoices):
    CHAIR = "chair", _("chair")
    MEMBER = "member", _("member")
