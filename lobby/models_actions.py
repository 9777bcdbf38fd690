"""What is done on a lobby dossier: the network's moments (proposed by the owning pillar,
scheduled and routed by the coordinator) and the cities' own actions, each either under a
deviation notice or "onverwacht" to the DB. Rules within a row are named constraints."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from infra.bounds import NETWORK, bounded

from .constants import MomentKind, MomentStatus, UnexpectedReason


class Moment(models.Model):
    """A moment of the network's lobby on a dossier (a debate, a meeting, a letter),
    proposed by the owning pillar, scheduled and routed by the coordinator."""

    dossier = models.ForeignKey(
        "lobby.Dossier",
        on_delete=models.PROTECT,
        related_name="moments",
        verbose_name=_("dossier"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MomentKind.choices)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("what the network will do or say"), max_length=10_000)
    status = models.CharField(
        _("status"), max_length=20, choices=MomentStatus.choices, default=MomentStatus.PROPOSED
    )
    takes_place_on = models.DateField(_("date"), null=True, blank=True, validators=[NETWORK])
    outcome = models.TextField(_("outcome"), max_length=5_000, blank=True)
    db_note = models.TextField(_("the DB's decision"), max_length=5_000, blank=True)
    proposed_by = models.ForeignKey(
        "members.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    proposed_at = models.DateTimeField(_("proposed at"), default=timezone.now)

    class Meta:
        ordering = ["takes_place_on", "pk"]
        verbose_name = _("lobby moment")
        verbose_name_plural = _("lobby moments")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=[MomentStatus.SCHEDULED, MomentStatus.HELD])
                | Q(takes_place_on__isnull=False),
                name="lobby_scheduled_moment_has_date",
                violation_error_code="date_required",
                violation_error_message=_("A scheduled moment needs a date."),
            ),
            models.CheckConstraint(
                condition=~Q(status=MomentStatus.HELD) | ~Q(outcome=""),
                name="lobby_held_moment_has_outcome",
                violation_error_code="outcome_required",
                violation_error_message=_("A moment that was held needs its outcome."),
            ),
            models.CheckConstraint(
                condition=~Q(title="") & ~Q(text=""),
                name="lobby_moment_has_text",
                violation_error_code="text_required",
                violation_error_message=_("A moment needs a title and a text."),
            ),
            bounded("lobby_moment", "takes_place_on", null=True),
        ]

    def __str__(self) -> str:
        return self.title

    def get_additional_data(self) -> dict:
        return {"dossier": self.dossier_id}


class CityAction(models.Model):
    """A city's own lobby action on a dossier, as recorded by the city, the coordinator
    or the secretariat. Without a deviation notice it is "onverwacht" to the DB."""

    dossier = models.ForeignKey(
        "lobby.Dossier",
        on_delete=models.PROTECT,
        related_name="city_actions",
        verbose_name=_("dossier"),
    )
    city = models.ForeignKey(
        "members.City",
        on_delete=models.PROTECT,
        related_name="lobby_actions",
        verbose_name=_("city"),
    )
    description = models.TextField(_("what the city did"), max_length=5_000)
    took_place_on = models.DateField(_("date"), validators=[NETWORK])
    notice = models.ForeignKey(
        "lobby.DeviationNotice",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("deviation notice"),
    )
    unexpected = models.CharField(
        _("unexpected"), max_length=20, choices=UnexpectedReason.choices, blank=True
    )
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
        ordering = ["-took_place_on"]
        verbose_name = _("city action")
        verbose_name_plural = _("city actions")
        constraints = [
            # The flag follows the notice: under a notice an action is expected; without
            # one it is unexpected, or awaits a notice while its date is ahead.
            models.CheckConstraint(
                condition=Q(notice__isnull=False, unexpected=UnexpectedReason.NONE)
                | Q(
                    notice__isnull=True,
                    unexpected__in=[UnexpectedReason.NO_NOTICE, UnexpectedReason.AWAITING_NOTICE],
                ),
                name="lobby_action_without_notice_is_unexpected",
                violation_error_code="unexpected_required",
                violation_error_message=_("An action without a notice is unexpected."),
            ),
            models.CheckConstraint(
                condition=~Q(description=""),
                name="lobby_action_has_description",
                violation_error_code="description_required",
                violation_error_message=_("Say what the city did."),
            ),
            bounded("lobby_city_action", "took_place_on"),
        ]

    def __str__(self) -> str:
        return f"{self.city}: {self.dossier} ({self.took_place_on})"

    def get_additional_data(self) -> dict:
        return {"dossier": self.dossier_id, "city": self.city_id}
