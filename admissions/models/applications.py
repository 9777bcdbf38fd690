"""Applications, their letters and notes, and their two steps (see the package's
docstring)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from infra.bounds import NETWORK, bounded

from ..constants import (
    OPEN_STATUSES,
    ApplicationStatus,
    Criterion,
    Outcome,
)
from .criteria import CriteriaSet  # noqa: F401


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
        db_table = "membership_application"
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
        return reverse("admissions:application_detail", kwargs={"pk": self.pk})

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
        db_table = "membership_applicationletter"
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
        db_table = "membership_pendingletter"
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
        db_table = "membership_applicationnote"
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
        db_table = "membership_advice"
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
        db_table = "membership_decision"
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
