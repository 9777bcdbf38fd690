"""A recorded correction of an application's step (issue 22, item 12).

A mistaken step — the DB's advice or the AB's decision as the secretariat recorded it —
is not silently edited: the secretariat records a correction with its reason, who made
it and when, and the step is taken away so that it can be recorded anew. The
correction keeps a copy of the step as it was, so the application's history shows both.
A correction is refused once something depends on the step: an admission whose
membership has begun or has been billed (``services.application_step_correct``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from infra.bounds import NETWORK, bounded

from ..constants import Outcome


class CorrectedStep(models.TextChoices):
    ADVICE = "advice", _("DB advice")
    DECISION = "decision", _("AB decision")


class StepCorrection(models.Model):
    """The secretariat took a recorded step back, with its reason; a copy of the step."""

    application = models.ForeignKey(
        "admissions.Application",
        on_delete=models.PROTECT,
        related_name="corrections",
        verbose_name=_("application"),
    )
    step = models.CharField(_("step"), max_length=10, choices=CorrectedStep.choices)
    # The step as it was recorded.
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    reasons = models.TextField(_("reasons"), max_length=10_000)
    step_date = models.DateField(_("date of the step"), validators=[NETWORK])
    admitted_from = models.DateField(_("member from"), null=True, blank=True, validators=[NETWORK])
    step_recorded_by_name = models.CharField(_("step recorded by"), max_length=200, blank=True)
    # The correction.
    reason = models.TextField(_("reason for the correction"), max_length=4000)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    corrected_by_name = models.CharField(_("corrected by"), max_length=200, blank=True)
    corrected_at = models.DateTimeField(_("corrected at"), default=timezone.now)

    class Meta:
        db_table = "membership_stepcorrection"
        ordering = ["corrected_at", "pk"]
        verbose_name = _("correction of a step")
        verbose_name_plural = _("corrections of steps")
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="step_correction_has_reason",
                violation_error_code="reason_required",
                violation_error_message=_("Give the reason for the correction."),
            ),
            bounded("step_correction", "step_date"),
            bounded("step_correction", "admitted_from", null=True),
        ]

    def __str__(self) -> str:
        return f"{self.application} — {self.get_step_display()}"


AUDITED: list = [StepCorrection]
