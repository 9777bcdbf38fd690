"""The budget: its split between knowledge exchange and advocacy, per year."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from infra.bounds import NETWORK, bounded

from .rates import YEAR_VALIDATORS


class BudgetYear(models.Model):
    """The network's budget for one year: its total and the two shares."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True, validators=YEAR_VALIDATORS)
    knowledge_exchange = models.DecimalField(
        _("knowledge exchange (EUR)"), max_digits=12, decimal_places=2
    )
    advocacy = models.DecimalField(_("advocacy (EUR)"), max_digits=12, decimal_places=2)
    total = models.DecimalField(_("total (EUR)"), max_digits=12, decimal_places=2)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        db_table = "membership_budgetyear"
        ordering = ["year"]
        verbose_name = _("budget year")
        verbose_name_plural = _("budget years")
        constraints = [
            models.CheckConstraint(
                condition=Q(total=F("knowledge_exchange") + F("advocacy")),
                name="budget_year_total_is_sum",
                violation_error_code="total_not_sum",
                violation_error_message=_("The total is knowledge exchange plus advocacy."),
            ),
            models.CheckConstraint(
                condition=Q(knowledge_exchange__gte=0, advocacy__gte=0, total__gt=0),
                name="budget_year_amounts_positive",
                violation_error_code="amount_negative",
                violation_error_message=_("Budget amounts cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="budget_year_year_in_range",
                violation_error_code="year_out_of_range",
                violation_error_message=_("The year must lie between 2000 and 2100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}: € {self.total}"

    @property
    def advocacy_share(self) -> Decimal:
        return (self.advocacy * 100 / self.total).quantize(Decimal("0.1"))

    @property
    def knowledge_exchange_share(self) -> Decimal:
        return (self.knowledge_exchange * 100 / self.total).quantize(Decimal("0.1"))


class BudgetChange(models.Model):
    """A budget as set or changed: before and after, and the DB decision that allowed a
    new total (empty when the total stayed)."""

    budget_year = models.ForeignKey(
        BudgetYear, on_delete=models.PROTECT, related_name="changes", verbose_name=_("budget")
    )
    knowledge_exchange_before = models.DecimalField(max_digits=12, decimal_places=2, null=True)
    advocacy_before = models.DecimalField(max_digits=12, decimal_places=2, null=True)
    knowledge_exchange_after = models.DecimalField(max_digits=12, decimal_places=2)
    advocacy_after = models.DecimalField(max_digits=12, decimal_places=2)
    decision_reference = models.CharField(_("decision reference"), max_length=200, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True, validators=[NETWORK])
    reason = models.TextField(_("reason"), max_length=4_000)
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )

    class Meta:
        db_table = "membership_budgetchange"
        ordering = ["changed_at", "pk"]
        verbose_name = _("budget change")
        verbose_name_plural = _("budget changes")
        constraints = [
            models.CheckConstraint(
                condition=Q(decision_reference="", decided_on__isnull=True)
                | (~Q(decision_reference="") & Q(decided_on__isnull=False)),
                name="budget_change_decision_complete",
                violation_error_code="decision_incomplete",
                violation_error_message=_("A DB decision needs both its date and reference."),
            ),
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="budget_change_has_reason",
                violation_error_code="reason_required",
                violation_error_message=_("A budget change needs a reason."),
            ),
            bounded("budget_change", "decided_on", null=True),
        ]

    def __str__(self) -> str:
        return f"{self.budget_year.year}: {self.reason[:40]}"
