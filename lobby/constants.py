from django.db import models
from django.utils.translation import gettext_lazy as _


class DossierStatus(models.TextChoices):
    PREPARING = "preparing", _("preparing")
    ACTIVE = "active", _("active")
    CLOSED = "closed", _("closed")


class VngAlignment(models.TextChoices):
    """How the dossier relates to the VNG's lobby (report, B: complementary to the VNG;
    where the VNG carries a point well enough, no own lobby is needed)."""

    COVERED = "covered", _("the VNG covers it (no own lobby)")
    COMPLEMENTARY = "complementary", _("complementary to the VNG")
    OWN_ACCENT = "own_accent", _("own accent")


class TargetKind(models.TextChoices):
    COMMITTEE = "committee", _("parliament committee")
    MINISTRY = "ministry", _("ministry")
    CABINET = "cabinet", _("cabinet")
    SOCIETY = "society", _("societal organisation")
    VNG = "vng", _("VNG")


class VersionStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    AT_DB = "at_db", _("with the DB for a decision")
    AGREED = "agreed", _("agreed")
    SUPERSEDED = "superseded", _("superseded")


class StanceKind(models.TextChoices):
    SUPPORT = "support", _("support")
    ABSTAIN = "abstain", _("abstain")
    DEVIATE = "deviate", _("deviate")


class MomentKind(models.TextChoices):
    DEBATE = "debate", _("debate")
    MEETING = "meeting", _("meeting")
    LETTER = "letter", _("letter")
    OTHER = "other", _("other")


class MomentStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    AT_DB = "at_db", _("with the DB for a decision")
    APPROVED = "approved", _("approved by the DB")
    REFUSED = "refused", _("refused by the DB")
    SCHEDULED = "scheduled", _("scheduled")
    HELD = "held", _("held")


class UnexpectedReason(models.TextChoices):
    """Why something is "onverwacht" to the DB (report, B: never an unexpected action)."""

    NONE = "", _("not unexpected")
    LATE_NOTICE = "late_notice", _("notice filed on or after its own action date")
    NO_NOTICE = "no_notice", _("action without a deviation notice")
    # A city's action recorded ahead of its date, without a notice yet: not unexpected
    # until its date comes without one (docs/lobby.md, "An action recorded ahead").
    AWAITING_NOTICE = "awaiting_notice", _("planned; no deviation notice yet")
