"""The DB's rule for "onzichtbaar" (invisible) cities, and a note per city on what the
DB learned. The figures themselves are not stored: they are counted from the apps that
own them (``measures.py``)."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The longest period a rule looks back over, in calendar years.
MAX_PERIOD_YEARS = 10


class RuleMatch(models.TextChoices):
    """How a rule's conditions combine (issue 23)."""

    ALL = "all", _("every condition holds")
    ANY = "any", _("at least one condition holds")


class InvisibilityRule(models.Model):
    """A city is "onzichtbaar" when, summed over the rule's period (this calendar year
    and the ``period_years - 1`` before it), every condition's measure is at most its
    limit. A new rule is a new row (who set it, when): the newest is the rule."""

    period_years = models.PositiveSmallIntegerField(
        _("period (calendar years)"),
        help_text=_("This year and the years before it: 2 means this year and last year."),
    )
    set_by = models.ForeignKey(
        "members.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("set by"),
    )
    # Kept as text too, so the record still says who when the account is gone.
    set_by_name = models.CharField(_("set by (name)"), max_length=200)
    set_at = models.DateTimeField(_("set at"), default=timezone.now)
    # The DB sets the rule per year (issue 23): the year it judges (its period ends with
    # it). Rules set before years were named have none and serve until one is set.
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    match = models.CharField(
        _("a city matches when"), max_length=3, choices=RuleMatch.choices, default=RuleMatch.ALL
    )

    class Meta:
        ordering = ["-set_at", "-pk"]
        get_latest_by = ["set_at", "pk"]
        verbose_name = _("invisibility rule")
        verbose_name_plural = _("invisibility rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_years__gte=1, period_years__lte=MAX_PERIOD_YEARS),
                name="invisibilityrule_period_1_to_10_years",
                violation_error_message=_("The period is 1 to 10 calendar years."),
                violation_error_code="period_out_of_range",
            ),
            models.CheckConstraint(
                condition=Q(match__in=["all", "any"]),
                name="invisibilityrule_match_all_or_any",
                violation_error_message=_("A rule matches on all conditions or on any."),
                violation_error_code="match_unknown",
            ),
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=2000, year__lte=2100),
                name="invisibilityrule_year_in_range",
                violation_error_message=_("The year must lie between 2000 and 2100."),
                violation_error_code="year_out_of_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.set_at:%Y-%m-%d %H:%M} ({self.set_by_name})"

    def years(self, today=None, year: int | None = None) -> list[int]:
        """The period's calendar years, ending with ``year`` (default: the rule's own
        year, else this year)."""
        year = year or self.year or (today or timezone.localdate()).year
        return list(range(year - self.period_years + 1, year + 1))


class InvisibilityCondition(models.Model):
    """One condition of a rule: the measure (its key, as the app that counts it names
    it) summed over the period is at most ``at_most``."""

    rule = models.ForeignKey(
        InvisibilityRule,
        on_delete=models.CASCADE,
        related_name="conditions",
        verbose_name=_("rule"),
    )
    measure_key = models.CharField(_("measure"), max_length=60)
    at_most = models.DecimalField(_("at most"), max_digits=9, decimal_places=1)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("invisibility condition")
        verbose_name_plural = _("invisibility conditions")
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "measure_key"],
                name="invisibilitycondition_once_per_measure",
                violation_error_message=_("A rule names each measure once."),
                violation_error_code="measure_twice",
            ),
            models.CheckConstraint(
                condition=Q(at_most__gte=0),
                name="invisibilitycondition_at_most_not_negative",
                violation_error_message=_("A limit cannot be negative."),
                violation_error_code="negative_limit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure_key} ≤ {self.at_most}"


class CityNote(models.Model):
    """What the DB learned about a city's participation (one note per city, kept up to
    date; every version is in the audit trail). Figures are per city: a note is about
    the city, not a ranking of people."""

    city = models.ForeignKey(
        "members.City",
        on_delete=models.CASCADE,
        related_name="participation_notes",
        verbose_name=_("city"),
    )
    text = models.TextField(_("note"), max_length=10_000)
    updated_by = models.ForeignKey(
        "members.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    updated_by_name = models.CharField(_("written by (name)"), max_length=200)
    updated_at = models.DateTimeField(_("written at"), default=timezone.now)

    class Meta:
        ordering = ["city__name"]
        verbose_name = _("participation note")
        verbose_name_plural = _("participation notes")
        constraints = [
            models.UniqueConstraint(
                fields=["city"],
                name="citynote_one_per_city",
                violation_error_message=_("This city has a note already."),
                violation_error_code="note_exists",
            ),
            models.CheckConstraint(
                condition=~Q(text=""),
                name="citynote_not_empty",
                violation_error_message=_("A note cannot be empty."),
                violation_error_code="note_empty",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.city}: {self.text[:40]}"
