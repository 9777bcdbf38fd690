"""Membership models: what members pay (rates, price indices, statements) and the
budget's balance between knowledge exchange and advocacy.

The rules and where each holds:

- A rate is per inhabitant per year, set by a DB decision (date and reference), more
  than zero (constraint ``contribution_rate_positive``). An indexed rate keeps the index
  it used (source, year, percentage) and the previous rate: correcting a price-index
  figure later never changes a decided rate. The index lies within −5 … +25 %
  (``contribution_rate_index_bounded``), is negative only when the decision says so
  (``contribution_rate_negative_index_allowed``). The arithmetic (previous × (1 + index),
  rounded to whole cents, ROUND_HALF_UP) is ``services_contributions.indexed_amount``.
- A statement keeps what it was issued with (city name, CBS code, population and its
  date, rate, the days of membership, the amount): it never changes. The model refuses
  to save an existing row or delete one, and the database refuses an UPDATE (a trigger,
  migration 0002 of this app's contributions part). A correction is a credit statement
  that refers to the original (``contribution_statement_credit_refers``, one credit per
  original: ``contribution_statement_one_credit``).
- Numbers are gapless per year: ``StatementCounter`` holds the last number of a year and
  is locked (``select_for_update``) while a number is taken; (year, number) is unique.
- One budget per year with total = knowledge exchange + advocacy
  (``budget_year_total_is_sum``); a change is a ``BudgetChange`` with the decision that
  allowed a new total, if any (``services_contributions.budget_set``).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from infra.bounds import CITY, HISTORIC, NETWORK, bounded

INDEX_MINIMUM = Decimal("-5.00")
INDEX_MAXIMUM = Decimal("25.00")
YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


class PriceIndexSource(models.TextChoices):
    CBS_CPI = "cbs_cpi", _("CBS consumer price index, year-on-year change")
    CPB_GOVERNMENT = "cpb_government", _("CPB price index of government consumption")


class StatementKind(models.TextChoices):
    STATEMENT = "statement", _("statement")
    CREDIT = "credit", _("credit statement")


class PriceIndexFigure(models.Model):
    """One published yearly price-index figure (a percentage), with its source. The
    secretariat may correct a figure; a rate decided with it keeps its own copy."""

    source = models.CharField(_("index"), max_length=20, choices=PriceIndexSource.choices)
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    percentage = models.DecimalField(
        _("change (%)"), max_digits=5, decimal_places=2, help_text=_("E.g. 3.30 for 3.3 %.")
    )
    reference = models.CharField(
        _("source"), max_length=200, help_text=_("Where the figure comes from (table, date).")
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["source", "year"]
        verbose_name = _("price index figure")
        verbose_name_plural = _("price index figures")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "year"],
                name="price_index_figure_one_per_year",
                violation_error_code="figure_exists",
                violation_error_message=_("This index already has a figure for this year."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="price_index_figure_year_in_range",
                violation_error_code="year_out_of_range",
                violation_error_message=_("The year must lie between 2000 and 2100."),
            ),
            models.CheckConstraint(
                condition=~Q(reference=""),
                name="price_index_figure_has_source",
                violation_error_code="source_required",
                violation_error_message=_("A price index figure needs its source."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.year}: {self.percentage} %"


class ContributionRate(models.Model):
    """The contribution per inhabitant for one year, as the DB decided it: a base
    rate, or the previous year's rate indexed."""

    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    amount_per_inhabitant = models.DecimalField(
        _("rate per inhabitant (EUR)"), max_digits=8, decimal_places=2
    )
    # A decided rate is never edited: a later DB decision that corrects it is a new
    # row that refers to it; the old row stays (``is_current`` False) with the
    # statements issued at it (services_contributions.rate_correct).
    is_current = models.BooleanField(_("in force"), default=True)
    corrects = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrected_by",
        verbose_name=_("corrects the decision"),
    )
    correction_reason = models.TextField(
        _("reason for the correction"), max_length=4_000, blank=True
    )
    decided_on = models.DateField(_("decided on"), validators=[NETWORK])
    decision_reference = models.CharField(
        _("decision reference"),
        max_length=200,
        help_text=_("Where the DB decided this, e.g. 'DB 12 March 2024, item 5'."),
    )
    previous_amount = models.DecimalField(
        _("previous rate (EUR)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    index_source = models.CharField(
        _("index"), max_length=20, choices=PriceIndexSource.choices, blank=True
    )
    index_year = models.PositiveSmallIntegerField(
        _("index year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    index_percentage = models.DecimalField(
        _("index (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(INDEX_MINIMUM), MaxValueValidator(INDEX_MAXIMUM)],
    )
    negative_index_allowed = models.BooleanField(
        _("the decision allows a negative index"), default=False
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    decided_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["year", "decided_at"]
        verbose_name = _("contribution rate")
        verbose_name_plural = _("contribution rates")
        constraints = [
            models.UniqueConstraint(
                fields=["year"],
                condition=Q(is_current=True),
                name="contribution_rate_one_in_force_per_year",
                violation_error_code="rate_exists",
                violation_error_message=_("This year already has a rate in force."),
            ),
            models.CheckConstraint(
                condition=Q(corrects__isnull=True) | ~Q(correction_reason=""),
                name="contribution_rate_correction_has_reason",
                violation_error_code="reason_required",
                violation_error_message=_("A corrected rate needs the reason."),
            ),
            models.CheckConstraint(
                condition=Q(amount_per_inhabitant__gt=0),
                name="contribution_rate_positive",
                violation_error_code="rate_not_positive",
                violation_error_message=_("A rate per inhabitant must be more than zero."),
            ),
            models.CheckConstraint(
                condition=Q(index_percentage__isnull=True)
                | Q(index_percentage__gte=INDEX_MINIMUM, index_percentage__lte=INDEX_MAXIMUM),
                name="contribution_rate_index_bounded",
                violation_error_code="index_out_of_range",
                violation_error_message=_("An index must lie between −5 % and +25 %."),
            ),
            models.CheckConstraint(
                condition=Q(index_percentage__isnull=True)
                | Q(index_percentage__gte=0)
                | Q(negative_index_allowed=True),
                name="contribution_rate_negative_index_allowed",
                violation_error_code="negative_index_not_allowed",
                violation_error_message=_(
                    "A negative index is only allowed when the decision says so."
                ),
            ),
            models.CheckConstraint(
                # A base rate has no index; an indexed rate has all of it.
                condition=Q(
                    index_percentage__isnull=True,
                    index_source="",
                    index_year__isnull=True,
                    previous_amount__isnull=True,
                )
                | (
                    Q(index_percentage__isnull=False, index_year__isnull=False)
                    & Q(previous_amount__isnull=False)
                    & ~Q(index_source="")
                ),
                name="contribution_rate_index_complete",
                violation_error_code="index_incomplete",
                violation_error_message=_(
                    "An indexed rate needs the previous rate, the index, its source and year."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(decision_reference=""),
                name="contribution_rate_has_decision",
                violation_error_code="decision_required",
                violation_error_message=_("A rate needs the DB decision that set it."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="contribution_rate_year_in_range",
                violation_error_code="year_out_of_range",
                violation_error_message=_("The year must lie between 2000 and 2100."),
            ),
            bounded("contribution_rate", "decided_on"),
        ]

    def __str__(self) -> str:
        return f"{self.year}: € {self.amount_per_inhabitant}"

    @property
    def is_indexed(self) -> bool:
        return self.index_percentage is not None


class StatementCounter(models.Model):
    """The last statement number given out in a year; locked while a number is taken,
    so that numbers are gapless and never given twice."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
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


def first_of_previous_year(year: int) -> datetime.date:
    """The default population reference date of a year's statements."""
    return datetime.date(year - 1, 1, 1)


AUDITED: list = [
    PriceIndexFigure,
    ContributionRate,
    ContributionStatement,
    MunicipalMerger,
    BudgetYear,
    BudgetChange,
]
