"""Statements: what a member is billed for a year, as issued (see the package's
docstring); their numbers and municipal mergers."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from infra.bounds import CITY, HISTORIC, NETWORK, bounded

from .rates import YEAR_VALIDATORS, ContributionRate  # noqa: F401


class StatementKind(models.TextChoices):
    STATEMENT = "statement", _("statement")
    CREDIT = "credit", _("credit statement")


class StatementCounter(models.Model):
    """The last statement number given out in a year; locked while a number is taken,
    so that numbers are gapless and never given twice."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "membership_statementcounter"
        verbose_name = _("statement counter")
        verbose_name_plural = _("statement counters")

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class ContributionStatement(models.Model):
    """A city's contribution for one year, as issued: never changed afterwards."""

    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    number = models.PositiveIntegerField(_("number"))
    kind = models.CharField(
        _("kind"), max_length=20, choices=StatementKind.choices, default=StatementKind.STATEMENT
    )
    # Which of a city's statements for the year this is: 1, and 2 after the first was
    # credited, … (one regular statement per city, year and revision).
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    corrects = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credit",
        verbose_name=_("credits statement"),
    )
    city = models.ForeignKey(
        "members.City",
        on_delete=models.PROTECT,
        related_name="contribution_statements",
        verbose_name=_("city"),
    )
    # As they were at issue: a merger or a new name never rewrites a statement.
    city_name = models.CharField(_("city name"), max_length=100)
    cbs_code = models.CharField(_("CBS code"), max_length=6)
    population = models.PositiveIntegerField(_("population"))
    population_reference_date = models.DateField(_("population reference date"), validators=[CITY])
    population_counted_on = models.DateField(
        _("population counted on"),
        help_text=_("The date of the city's population figure that was used."),
        validators=[CITY],
    )
    rate = models.ForeignKey(
        ContributionRate,
        on_delete=models.PROTECT,
        related_name="statements",
        verbose_name=_("rate"),
    )
    amount_per_inhabitant = models.DecimalField(
        _("rate per inhabitant (EUR)"), max_digits=8, decimal_places=2
    )
    period_start = models.DateField(_("member from"), validators=[NETWORK])
    period_end = models.DateField(_("member until"), validators=[NETWORK])
    days_member = models.PositiveSmallIntegerField(_("days of membership"))
    days_in_year = models.PositiveSmallIntegerField(_("days in the year"))
    amount = models.DecimalField(_("amount (EUR)"), max_digits=12, decimal_places=2)
    reason = models.TextField(_("reason"), max_length=4_000, blank=True)
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )

    class Meta:
        db_table = "membership_contributionstatement"
        ordering = ["year", "number"]
        verbose_name = _("contribution statement")
        verbose_name_plural = _("contribution statements")
        indexes = [
            models.Index(fields=["cbs_code", "year"], name="statement_code_year"),
            models.Index(fields=["city", "year"], name="statement_city_year"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "number"],
                name="contribution_statement_number_unique",
                violation_error_code="number_taken",
                violation_error_message=_("This statement number is already taken."),
            ),
            models.UniqueConstraint(
                fields=["city", "year", "revision"],
                condition=Q(kind=StatementKind.STATEMENT),
                name="contribution_statement_once_per_city_year",
                violation_error_code="already_issued",
                violation_error_message=_("This city already has a statement for this year."),
            ),
            models.CheckConstraint(
                condition=(Q(kind=StatementKind.CREDIT) & Q(corrects__isnull=False))
                | (Q(kind=StatementKind.STATEMENT) & Q(corrects__isnull=True)),
                name="contribution_statement_credit_refers",
                violation_error_code="credit_needs_original",
                violation_error_message=_(
                    "A credit statement refers to the statement it corrects; "
                    "a statement refers to none."
                ),
            ),
            models.CheckConstraint(
                condition=(Q(kind=StatementKind.CREDIT) & Q(amount__lte=0) & ~Q(reason=""))
                | (Q(kind=StatementKind.STATEMENT) & Q(amount__gte=0)),
                name="contribution_statement_amount_sign",
                violation_error_code="amount_sign",
                violation_error_message=_(
                    "A credit statement has a negative amount and a reason; "
                    "a statement has none below zero."
                ),
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start"))
                & Q(days_member__gte=1, days_member__lte=F("days_in_year")),
                name="contribution_statement_period_ordered",
                violation_error_code="period_invalid",
                violation_error_message=_("The membership period of a statement is invalid."),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="contribution_statement_number_positive",
                violation_error_code="number_invalid",
                violation_error_message=_("A statement number starts at 1."),
            ),
            bounded("contribution_statement", "population_reference_date", earliest=HISTORIC),
            bounded("contribution_statement", "population_counted_on", earliest=HISTORIC),
            bounded("contribution_statement", "period_start"),
            bounded("contribution_statement", "period_end"),
        ]

    def __str__(self) -> str:
        return f"{self.display_number} {self.city_name}"

    def save(self, *args, **kwargs):
        # Issued is issued: the service creates, nobody updates (the database refuses
        # an UPDATE too).
        if self.pk is not None and not self._state.adding:
            raise ValidationError(
                _("An issued statement cannot be changed; issue a credit statement."),
                code="statement_immutable",
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(
            _("An issued statement cannot be deleted; issue a credit statement."),
            code="statement_immutable",
        )

    @property
    def display_number(self) -> str:
        return f"{self.year}-{self.number:03d}"

    @property
    def is_credit(self) -> bool:
        return self.kind == StatementKind.CREDIT

    @property
    def is_pro_rata(self) -> bool:
        return self.days_member != self.days_in_year


class MunicipalMerger(models.Model):
    """A municipality merged into (or was renamed as) another with a new CBS code: the
    successor's page and queries find the predecessor's statements under its old code."""

    successor = models.ForeignKey(
        "members.City",
        on_delete=models.PROTECT,
        related_name="predecessors",
        verbose_name=_("successor"),
    )
    predecessor_cbs_code = models.CharField(_("predecessor's CBS code"), max_length=6)
    predecessor_name = models.CharField(_("predecessor's name"), max_length=100)
    effective_on = models.DateField(_("effective on"), validators=[NETWORK])

    class Meta:
        db_table = "membership_municipalmerger"
        ordering = ["effective_on"]
        verbose_name = _("municipal merger")
        verbose_name_plural = _("municipal mergers")
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor_cbs_code"],
                name="municipal_merger_predecessor_once",
                violation_error_code="merger_exists",
                violation_error_message=_("This CBS code has already merged."),
            ),
            models.CheckConstraint(
                condition=Q(predecessor_cbs_code__regex=r"^GM[0-9]{4}$"),
                name="municipal_merger_code_format",
                violation_error_code="cbs_code_invalid",
                violation_error_message=_("A CBS code is GM followed by four digits."),
            ),
            bounded("municipal_merger", "effective_on"),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor_name} ({self.predecessor_cbs_code}) → {self.successor}"


def first_of_previous_year(year: int) -> datetime.date:
    """The default population reference date of a year's statements."""
    return datetime.date(year - 1, 1, 1)
