"""The lobby: dossiers, the network's positions (versioned), cities' stances per
version, deviation notices to the DB, the network's moments and cities' own actions.

Rules within a row are named constraints here; rules across rows (one agreed version
per dossier, a stance only on a current version, acknowledging once) are also held by
a constraint where a database can hold them, and by the services under a row lock."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from infra.bounds import NETWORK, bounded

from .constants import (
    DossierStatus,
    StanceKind,
    TargetKind,
    UnexpectedReason,
    VersionStatus,
    VngAlignment,
)


def _filled(field: str) -> Q:
    return ~Q(**{field: ""})


class LobbyTarget(models.Model):
    """Whom the lobby addresses: a short list the secretariat keeps (admin)."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=TargetKind.choices)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("lobby target")
        verbose_name_plural = _("lobby targets")

    def __str__(self) -> str:
        return self.name


class Dossier(models.Model):
    """One lobby subject; its content belongs to one pillar, the coordinator runs it."""

    subject = models.CharField(_("subject"), max_length=200, unique=True)
    pillar = models.ForeignKey(
        "pillars.Pillar",
        on_delete=models.PROTECT,
        related_name="lobby_dossiers",
        verbose_name=_("pillar (owns the content)"),
    )
    coordinator = models.ForeignKey(
        "members.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coordinated_dossiers",
        verbose_name=_("lobby coordinator"),
    )
    carriers = models.ManyToManyField(
        "members.Person",
        blank=True,
        related_name="carried_dossiers",
        verbose_name=_("administrators who carry it"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=DossierStatus.choices, default=DossierStatus.PREPARING
    )
    targets = models.ManyToManyField(
        LobbyTarget, blank=True, related_name="dossiers", verbose_name=_("targets")
    )
    vng_alignment = models.CharField(
        _("VNG alignment"),
        max_length=20,
        choices=VngAlignment.choices,
        default=VngAlignment.COMPLEMENTARY,
    )
    vng_note = models.TextField(_("note on the VNG alignment"), max_length=5_000, blank=True)
    # Who left an active dossier to the VNG, and when (the why is the note; issue 23).
    vng_covered_by = models.CharField(_("left to the VNG by"), max_length=200, blank=True)
    vng_covered_at = models.DateTimeField(_("left to the VNG at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["subject"]
        verbose_name = _("lobby dossier")
        verbose_name_plural = _("lobby dossiers")

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("lobby:detail", kwargs={"pk": self.pk})

    @property
    def is_closed(self) -> bool:
        return self.status == DossierStatus.CLOSED

    @property
    def vng_covers(self) -> bool:
        return self.vng_alignment == VngAlignment.COVERED


class PositionVersion(models.Model):
    """One version of the network's position on a dossier. A new version never rewrites
    an earlier one: the text of a version is written by the owning pillar and only
    while it is a proposal nobody has answered yet; what cities support is tied to it."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.PROTECT, related_name="versions", verbose_name=_("dossier")
    )
    number = models.PositiveSmallIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("the message in short"), max_length=2_000)
    text = models.TextField(_("the message"), max_length=20_000)
    status = models.CharField(
        _("status"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.PROPOSED
    )
    stances_due_on = models.DateField(
        _("cities answer by"), validators=[NETWORK], help_text=_("The early signal's deadline.")
    )
    proposed_by = models.ForeignKey(
        "members.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    proposed_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    routed_at = models.DateTimeField(_("sent to the DB at"), null=True, blank=True)
    agreed_at = models.DateTimeField(_("agreed at"), null=True, blank=True)
    agreed_by = models.CharField(_("agreed by"), max_length=200, blank=True)
    agreed_unanswered = models.PositiveSmallIntegerField(
        _("member cities unanswered when agreed"), null=True, blank=True
    )
    agreed_reason = models.TextField(
        _("reason for agreeing early"),
        max_length=10_000,
        blank=True,
        help_text=_(
            "Required when the DB agrees before the cities' deadline or with cities unanswered."
        ),
    )

    class Meta:
        ordering = ["dossier", "-number"]
        verbose_name = _("position version")
        verbose_name_plural = _("position versions")
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "number"],
                name="lobby_version_number_unique",
                violation_error_code="version_exists",
                violation_error_message=_("This dossier already has a version with this number."),
            ),
            models.UniqueConstraint(
                fields=["dossier"],
                condition=Q(status=VersionStatus.AGREED),
                name="lobby_one_agreed_version",
                violation_error_code="already_agreed",
                violation_error_message=_("A dossier has one agreed position at a time."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=[VersionStatus.PROPOSED, VersionStatus.AT_DB])
                | (Q(agreed_at__isnull=False) & _filled("agreed_by")),
                name="lobby_agreed_version_says_who_and_when",
                violation_error_code="agreement_incomplete",
                violation_error_message=_("An agreed position says who agreed and when."),
            ),
            models.CheckConstraint(
                condition=_filled("title") & _filled("summary") & _filled("text"),
                name="lobby_version_has_text",
                violation_error_code="text_required",
                violation_error_message=_("A position needs a title, a summary and a text."),
            ),
            bounded("lobby_version", "stances_due_on"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier} v{self.number}"

    def get_additional_data(self) -> dict:
        return {"dossier": self.dossier_id}

    @property
    def is_open_for_stances(self) -> bool:
        return self.status != VersionStatus.SUPERSEDED


class Stance(models.Model):
    """A member city's stance on one version: support, abstain or deviate."""

    version = models.ForeignKey(
        PositionVersion, on_delete=models.PROTECT, related_name="stances", verbose_name=_("version")
    )
    dossier = models.ForeignKey(
        Dossier, on_delete=models.PROTECT, related_name="stances", verbose_name=_("dossier")
    )
    city = models.ForeignKey(
        "members.City",
        on_delete=models.PROTECT,
        related_name="lobby_stances",
        verbose_name=_("city"),
    )
    kind = models.CharField(_("stance"), max_length=20, choices=StanceKind.choices)
    note = models.TextField(_("note"), max_length=5_000, blank=True)
    recorded_by = models.ForeignKey(
        "members.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["city__name"]
        verbose_name = _("stance")
        verbose_name_plural = _("stances")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "city"],
                name="lobby_one_stance_per_city_and_version",
                violation_error_code="stance_exists",
                violation_error_message=_("This city already has a stance on this version."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.city}: {self.get_kind_display()} ({self.version})"

    def get_additional_data(self) -> dict:
        return {"dossier": self.dossier_id, "city": self.city_id}


class DeviationNotice(models.Model):
    """A city's notice to the DB that it will go its own way ("agree to disagree"):
    what, why, from which date, and a short explanation for the outside world."""

    stance = models.OneToOneField(
        Stance, on_delete=models.PROTECT, related_name="notice", verbose_name=_("stance")
    )
    dossier = models.ForeignKey(
        Dossier, on_delete=models.PROTECT, related_name="notices", verbose_name=_("dossier")
    )
    city = models.ForeignKey(
        "members.City",
        on_delete=models.PROTECT,
        related_name="lobby_notices",
        verbose_name=_("city"),
    )
    what = models.TextField(_("what the city will do differently"), max_length=5_000)
    why = models.TextField(_("why"), max_length=5_000)
    acts_from = models.DateField(_("from"), validators=[NETWORK])
    explanation = models.TextField(
        _("explanation for the outside world"),
        max_length=5_000,
        help_text=_("Short and explainable (uitlegbaar): how the network explains it outside."),
    )
    filed_by = models.ForeignKey(
        "members.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("filed by"),
    )
    filed_at = models.DateTimeField(_("filed at"), default=timezone.now)
    unexpected = models.CharField(
        _("unexpected"), max_length=20, choices=UnexpectedReason.choices, blank=True
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.CharField(_("acknowledged by"), max_length=200, blank=True)
    response = models.TextField(_("the DB's response"), max_length=5_000, blank=True)

    class Meta:
        ordering = ["-filed_at"]
        verbose_name = _("deviation notice")
        verbose_name_plural = _("deviation notices")
        indexes = [models.Index(fields=["acknowledged_at", "filed_at"], name="lobby_notice_open")]
        constraints = [
            models.CheckConstraint(
                condition=_filled("what") & _filled("why") & _filled("explanation"),
                name="lobby_notice_complete",
                violation_error_code="notice_incomplete",
                violation_error_message=_(
                    "A deviation notice says what, why and how it is explained outside."
                ),
            ),
            models.CheckConstraint(
                condition=(Q(acknowledged_at__isnull=True) & Q(response=""))
                | (Q(acknowledged_at__isnull=False) & _filled("response")),
                name="lobby_notice_acknowledged_with_response",
                violation_error_code="response_required",
                violation_error_message=_("The DB acknowledges a notice with a response."),
            ),
            bounded("lobby_notice", "acts_from"),
        ]

    def __str__(self) -> str:
        return f"{self.city}: {self.dossier}"

    def get_absolute_url(self) -> str:
        return reverse("lobby:notice_detail", kwargs={"pk": self.pk})

    def get_additional_data(self) -> dict:
        return {"dossier": self.dossier_id, "city": self.city_id}

    @property
    def is_open(self) -> bool:
        return self.acknowledged_at is None


# What is done on a dossier, a topic of its own (models_actions.py); imported here so
# that Django finds them and `from lobby.models import Moment` keeps working.
from .models_actions import CityAction, Moment  # noqa: E402

AUDITED_CHILDREN = [PositionVersion, Stance, DeviationNotice, Moment, CityAction]
