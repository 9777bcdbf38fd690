"""Membership models, part one: who may join.

- ``CriteriaSet``: a version of the admission criteria (2018 = version 1), in force
  from a date, with its text and a note per criterion (``CriterionNote``), one of which
  is the defining criterion (urbanisation).
- ``Indicator``: a named measure with unit, source, direction and the criterion it
  evidences; a set lists its indicators.
- ``IndicatorValue``: an indicator's value for a municipality (members.City) in a year,
  with its source and reference date.
- ``Application`` with its two steps, ``Advice`` (the DB) and ``Decision`` (the AB),
  each at most once per application (one-to-one), and ``ApplicationNote`` (the
  interpretation per criterion).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from infra.bounds import NETWORK, bounded

from .constants_applications import (
    OPEN_STATUSES,
    ApplicationStatus,
    Criterion,
    Direction,
    Outcome,
)

__all__ = [
    "Advice",
    "Application",
    "ApplicationLetter",
    "PendingLetter",
    "ApplicationNote",
    "CriteriaSet",
    "CriterionNote",
    "Decision",
    "Indicator",
    "IndicatorValue",
]


class CriteriaSet(models.Model):
    """A version of the admission criteria. An application keeps the version in force on
    the day it was received (``Application.criteria_set``), so a new version never
    changes how an earlier application was judged."""

    version = models.PositiveSmallIntegerField(_("version"), unique=True)
    name = models.CharField(_("name"), max_length=150)
    in_force_from = models.DateField(_("in force from"), unique=True, validators=[NETWORK])
    text = models.TextField(_("text"), max_length=10_000)
    source = models.CharField(_("source"), max_length=300)
    indicators = models.ManyToManyField(
        "Indicator", related_name="criteria_sets", verbose_name=_("indicators")
    )

    class Meta:
        ordering = ["version"]
        verbose_name = _("criteria set")
        verbose_name_plural = _("criteria sets")
        constraints = [
            models.CheckConstraint(
                condition=Q(version__gte=1),
                name="criteriaset_version_positive",
                violation_error_code="invalid_version",
                violation_error_message=_("A version is a number from 1."),
            ),
            bounded("criteriaset", "in_force_from"),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"


class CriterionNote(models.Model):
    """What a criterion means in one version of the criteria, and which one defines
    the network (at most one per set: urbanisation in the 2018 set)."""

    criteria_set = models.ForeignKey(
        CriteriaSet, on_delete=models.CASCADE, related_name="criterion_notes"
    )
    criterion = models.CharField(_("criterion"), max_length=30, choices=Criterion.choices)
    defining = models.BooleanField(_("defining criterion"), default=False)
    note = models.TextField(_("how to read it"), max_length=5_000)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["criteria_set", "order"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(
                fields=["criteria_set", "criterion"],
                name="criterionnote_once_per_set",
                violation_error_code="criterion_twice",
                violation_error_message=_("This criterion is already in this set."),
            ),
            models.UniqueConstraint(
                fields=["criteria_set"],
                condition=Q(defining=True),
                name="criterionnote_one_defining_per_set",
                violation_error_code="two_defining",
                violation_error_message=_("A criteria set has one defining criterion."),
            ),
        ]

    def __str__(self) -> str:
        return self.get_criterion_display()


class Indicator(models.Model):
    """A measure that evidences a criterion, e.g. the CBS urbanity class."""

    key = models.SlugField(_("key"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=150)
    unit = models.CharField(_("unit"), max_length=60)
    source = models.CharField(
        _("source"), max_length=300, help_text=_("E.g. the CBS StatLine table and year.")
    )
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    criterion = models.CharField(_("criterion"), max_length=30, choices=Criterion.choices)
    minimum = models.DecimalField(_("lowest possible value"), max_digits=14, decimal_places=4)
    maximum = models.DecimalField(_("highest possible value"), max_digits=14, decimal_places=4)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=Q(minimum__lt=F("maximum")),
                name="indicator_range_ordered",
                violation_error_code="range_not_ordered",
                violation_error_message=_("The lowest value must lie below the highest."),
            ),
            models.CheckConstraint(
                condition=~Q(source=""),
                name="indicator_has_source",
                violation_error_code="source_required",
                violation_error_message=_("An indicator needs a source."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def higher_is_more_urban(self) -> bool:
        return self.direction == Direction.HIGHER_MORE_URBAN


class IndicatorValue(models.Model):
    """An indicator's value for a municipality in a year, with its source and the date
    the figure refers to. Demo figures are marked as such."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="values", verbose_name=_("indicator")
    )
    city = models.ForeignKey(
        "members.City",
        on_delete=models.PROTECT,
        related_name="indicator_values",
        verbose_name=_("municipality"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4)
    source = models.CharField(_("source"), max_length=300)
    reference_date = models.DateField(_("reference date"), validators=[NETWORK])
    is_demo = models.BooleanField(_("demo data"), default=False)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["indicator", "city", "-year"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "city", "year"],
                name="indicatorvalue_once_per_year",
                violation_error_code="value_exists",
                violation_error_message=_(
                    "This municipality already has a value for this indicator and year."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(source=""),
                name="indicatorvalue_has_source",
                violation_error_code="source_required",
                violation_error_message=_("A value needs its source."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="indicatorvalue_year_in_range",
                violation_error_code="year_out_of_range",
                violation_error_message=_("The year lies outside 2000–2100."),
            ),
            bounded("indicatorvalue", "reference_date"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.city} {self.year}: {self.value}"


class Application(models.Model):
    """A municipality's request to join, as the secretariat received it."""

    city = models.ForeignKey(
        "members.City",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("municipality"),
    )
    cbs_code = models.CharField(_("CBS code at application"), max_length=6)
    received_on = models.DateField(_("received on"), validators=[NETWORK])
    criteria_set = models.ForeignKey(
        CriteriaSet,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("criteria version"),
    )
    contact_name = models.CharField(_("contact"), max_length=150)
    contact_email = models.EmailField(_("contact's e-mail address"))
    motivation = models.TextField(_("motivation"), max_length=20_000)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.RECEIVED,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["-received_on", "pk"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(
                fields=["city"],
                condition=Q(status__in=OPEN_STATUSES),
                name="application_one_open_per_city",
                violation_error_code="application_open",
                violation_error_message=_("This municipality already has an open application."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=ApplicationStatus.values),
                name="application_status_known",
                violation_error_code="invalid_status",
                violation_error_message=_("Unknown status."),
            ),
            models.CheckConstraint(
                condition=~Q(motivation=""),
                name="application_has_motivation",
                violation_error_code="motivation_required",
                violation_error_message=_("An application needs its motivation."),
            ),
            bounded("application", "received_on"),
        ]

    def __str__(self) -> str:
        return _("Application of %(city)s") % {"city": self.city}

    def save(self, *args, **kwargs):
        # The criteria version is the one in force when it was received: never changed.
        if self.pk is not None:
            stored = (
                Application.objects.filter(pk=self.pk)
                .values_list("criteria_set_id", "received_on")
                .first()
            )
            if stored is not None and stored != (self.criteria_set_id, self.received_on):
                raise ValidationError(
                    _("An application keeps its criteria version and date of receipt."),
                    code="criteria_fixed",
                )
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("membership:application_detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ApplicationLetter(models.Model):
    """The application's letter (a PDF), kept apart so that lists never load it and the
    audit trail does not copy it (the application's own entry says who recorded it)."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="letter")
    file_name = models.CharField(_("file name"), max_length=200)
    content = models.BinaryField(_("content"))

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("letters")

    def __str__(self) -> str:
        return self.file_name


class PendingLetter(models.Model):
    """A letter chosen on the application form that was sent back with errors: kept
    here, named by a signed token in the form's hidden field, so that the secretary
    need not choose it again. Taken over by the application when it is recorded;
    deleted by the daily purge after ``PENDING_LETTER_HOURS`` (issue 23, item 12)."""

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    file_name = models.CharField(_("file name"), max_length=200)
    content = models.BinaryField(_("content"))
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("letter awaiting its application")
        verbose_name_plural = _("letters awaiting their application")

    def __str__(self) -> str:
        return self.file_name


class ApplicationNote(models.Model):
    """The interpretation of one criterion for one application ("it is not in the
    criteria but in their application"), written by the secretariat for the DB."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notes")
    criterion = models.CharField(_("criterion"), max_length=30, choices=Criterion.choices)
    text = models.TextField(_("note"), max_length=10_000)

    class Meta:
        verbose_name = _("note per criterion")
        verbose_name_plural = _("notes per criterion")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "criterion"],
                name="applicationnote_once_per_criterion",
                violation_error_code="note_exists",
                violation_error_message=_("This criterion already has a note."),
            ),
        ]

    def __str__(self) -> str:
        return self.get_criterion_display()


class _Step(models.Model):
    """A step of an application: at most one per application (one-to-one), with the
    reasons (never empty) and who recorded it."""

    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    reasons = models.TextField(_("reasons"), max_length=10_000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_by_person = models.ForeignKey(
        "members.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_by_name = models.CharField(_("recorded by"), max_length=200, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.application} — {self.get_outcome_display()}"


class Advice(_Step):
    """The DB's advice on an application (step 2)."""

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="advice", verbose_name=_("application")
    )
    advised_on = models.DateField(_("advised on"), validators=[NETWORK])

    class Meta:
        verbose_name = _("DB advice")
        verbose_name_plural = _("DB advice")
        constraints = [
            models.CheckConstraint(
                condition=~Q(reasons=""),
                name="advice_has_reasons",
                violation_error_code="reasons_required",
                violation_error_message=_("Give the reasons for the advice."),
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=Outcome.values),
                name="advice_outcome_known",
                violation_error_code="invalid_outcome",
                violation_error_message=_("Unknown outcome."),
            ),
            bounded("advice", "advised_on"),
        ]


class Decision(_Step):
    """The AB's decision on an application (step 3): admit from a date, decline or
    defer. An admission has its date; the others have none."""

    application = models.OneToOneField(
        Application,
        on_delete=models.PROTECT,
        related_name="decision",
        verbose_name=_("application"),
    )
    decided_on = models.DateField(_("decided on"), validators=[NETWORK])
    admitted_from = models.DateField(_("member from"), null=True, blank=True, validators=[NETWORK])

    class Meta:
        verbose_name = _("AB decision")
        verbose_name_plural = _("AB decisions")
        constraints = [
            models.CheckConstraint(
                condition=~Q(reasons=""),
                name="decision_has_reasons",
                violation_error_code="reasons_required",
                violation_error_message=_("Give the reasons for the decision."),
            ),
            models.CheckConstraint(
                condition=(Q(outcome=Outcome.ADMIT) & Q(admitted_from__isnull=False))
                | (Q(outcome__in=[Outcome.DECLINE, Outcome.DEFER]) & Q(admitted_from__isnull=True)),
                name="decision_admission_has_date",
                violation_error_code="admission_date_required",
                violation_error_message=_(
                    "An admission has the date from which the municipality is a member; "
                    "a decline or deferral has none."
                ),
            ),
            bounded("decision", "decided_on"),
            bounded("decision", "admitted_from", null=True),
        ]


AUDITED: list = [
    CriteriaSet,
    CriterionNote,
    Indicator,
    IndicatorValue,
    Application,
    ApplicationNote,
    Advice,
    Decision,
]
