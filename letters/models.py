"""Member letters (ledenbrieven), their numbering, subscribers, and elections.

A letter is numbered per year when it is drafted ("Lbr. 26/001"), gapless: the year's
counter row is locked while the number is taken (``services.letter_draft``). Once sent,
a letter is final: the sent copy (``sent_subject``, ``sent_html``) is what the public
archive shows, and the database refuses to change or delete a sent letter (a trigger,
see migration 0002). A correction is an erratum: a letter of its own that points to the
one it corrects.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from infra.bounds import NETWORK, bounded
from infra.text import normalise_email

from .constants import LetterKind, LetterStatus


class LetterCounter(models.Model):
    """The last number given in a year. Locked (``select_for_update``) while a draft
    takes the next one, so two drafts at once get two numbers and no gap."""

    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("letter counter")
        verbose_name_plural = _("letter counters")
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="lettercounter_year_in_range",
                violation_error_code="date_out_of_range",
                violation_error_message=_("The year must be between 2000 and 2100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class Election(models.Model):
    """Municipal elections on a date: afterwards the clerks and college contacts of the
    member cities are confirmed again, and those not yet confirmed get an introduction
    letter (once)."""

    held_on = models.DateField(_("election date"), unique=True, validators=[NETWORK])
    name = models.CharField(_("name"), max_length=150)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        constraints = [bounded("election", "held_on")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("letters:election_detail", kwargs={"pk": self.pk})


class RoleConfirmation(models.Model):
    """The secretariat has checked, after an election, that this person still holds this
    role (council clerk or college contact). A role that started on or after the
    election date counts as confirmed without one (``selectors.unconfirmed_addressees``)."""

    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="confirmations", verbose_name=_("election")
    )
    role = models.ForeignKey(
        "members.Role",
        on_delete=models.CASCADE,
        related_name="letter_confirmations",
        verbose_name=_("role"),
    )
    confirmed_on = models.DateField(
        _("confirmed on"), default=timezone.localdate, validators=[NETWORK]
    )

    class Meta:
        verbose_name = _("role confirmation")
        verbose_name_plural = _("role confirmations")
        constraints = [
            models.UniqueConstraint(
                fields=["election", "role"],
                name="roleconfirmation_once",
                violation_error_code="already_confirmed",
                violation_error_message=_("This role has already been confirmed."),
            ),
            bounded("roleconfirmation", "confirmed_on"),
        ]

    def __str__(self) -> str:
        return f"{self.election}: {self.role}"


class Letter(models.Model):
    """One numbered letter: a draft the secretariat edits, approved by the DB's chair,
    then sent once and kept unchanged in the public archive."""

    kind = models.CharField(
        _("kind"), max_length=20, choices=LetterKind.choices, default=LetterKind.LETTER
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    status = models.CharField(
        _("status"), max_length=20, choices=LetterStatus.choices, default=LetterStatus.DRAFT
    )
    subject = models.CharField(_("subject"), max_length=200)
    body_html = models.TextField(_("text"), max_length=100_000)
    covers_from = models.DateField(_("covers from"), null=True, blank=True, validators=[NETWORK])
    covers_until = models.DateField(_("covers until"), null=True, blank=True, validators=[NETWORK])
    election = models.ForeignKey(
        Election,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="introductions",
        verbose_name=_("election"),
    )
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="errata",
        verbose_name=_("corrects"),
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("drafted by"),
    )
    drafted_at = models.DateTimeField(_("drafted at"), default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # The copy as sent: what the archive, the feed and the PDF show, for ever.
    sent_subject = models.CharField(_("subject as sent"), max_length=200, blank=True)
    sent_html = models.TextField(_("text as sent"), max_length=200_000, blank=True)
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        ordering = ["-year", "-number"]
        verbose_name = _("member letter")
        verbose_name_plural = _("member letters")
        indexes = [models.Index(fields=["status", "sent_at"], name="letter_status_sent_at")]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "number"],
                name="letter_number_unique",
                violation_error_code="number_taken",
                violation_error_message=_("This letter number is already taken."),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1) & Q(year__gte=2000, year__lte=2100),
                name="letter_number_valid",
                violation_error_code="number_invalid",
                violation_error_message=_("A letter number is 1 or more in a year 2000-2100."),
            ),
            models.CheckConstraint(
                condition=Q(status=LetterStatus.DRAFT)
                | (Q(approved_at__isnull=False) & ~Q(body_html="")),
                name="letter_approved_has_approval",
                violation_error_code="not_approved",
                violation_error_message=_("A letter is approved before it is sent."),
            ),
            models.CheckConstraint(
                condition=~Q(status=LetterStatus.SENT)
                | (Q(sent_at__isnull=False) & ~Q(sent_html="") & ~Q(sent_subject="")),
                name="letter_sent_has_copy",
                violation_error_code="sent_copy_missing",
                violation_error_message=_("A sent letter keeps the copy as sent."),
            ),
            models.CheckConstraint(
                condition=(Q(kind=LetterKind.ERRATUM) & Q(corrects__isnull=False))
                | (~Q(kind=LetterKind.ERRATUM) & Q(corrects__isnull=True)),
                name="letter_erratum_corrects_a_letter",
                violation_error_code="erratum_needs_letter",
                violation_error_message=_("An erratum corrects a letter; other letters don't."),
            ),
            models.CheckConstraint(
                condition=(Q(kind=LetterKind.INTRODUCTION) & Q(election__isnull=False))
                | (~Q(kind=LetterKind.INTRODUCTION) & Q(election__isnull=True)),
                name="letter_introduction_has_election",
                violation_error_code="introduction_needs_election",
                violation_error_message=_("An introduction letter belongs to an election."),
            ),
            models.UniqueConstraint(
                fields=["election"],
                condition=Q(kind=LetterKind.INTRODUCTION),
                name="letter_one_introduction_per_election",
                violation_error_code="introduction_exists",
                violation_error_message=_("This election already has an introduction letter."),
            ),
            models.CheckConstraint(
                condition=Q(covers_from__isnull=True)
                | Q(covers_until__isnull=True)
                | Q(covers_until__gte=models.F("covers_from")),
                name="letter_period_ordered",
                violation_error_code="period_invalid",
                violation_error_message=_(
                    "The period a letter covers cannot end before it starts."
                ),
            ),
            bounded("letter", "covers_from", null=True),
            bounded("letter", "covers_until", null=True),
        ]

    def __str__(self) -> str:
        return f"{self.number_label} {self.subject}"

    def get_absolute_url(self) -> str:
        if self.is_sent:
            return reverse("ledenbrieven:detail", kwargs={"number": self.slug})
        return reverse("letters:detail", kwargs={"pk": self.pk})

    @property
    def number_label(self) -> str:
        """As the VNG writes it: "Lbr. 26/001"."""
        return f"Lbr. {self.year % 100:02d}/{self.number:03d}"

    @property
    def slug(self) -> str:
        """The number in an address: "26-001"."""
        return f"{self.year % 100:02d}-{self.number:03d}"

    @property
    def is_sent(self) -> bool:
        return self.status == LetterStatus.SENT

    @property
    def is_draft(self) -> bool:
        return self.status == LetterStatus.DRAFT


class LetterPdf(models.Model):
    """A sent letter's PDF in one language, rendered once when it is sent and served
    from here (issue 22, item 3): no request starts a render of a letter, least of all
    an anonymous one. Kept in the database, beside the letter (in every backup)."""

    letter = models.ForeignKey(
        Letter, on_delete=models.CASCADE, related_name="pdfs", verbose_name=_("letter")
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    content = models.BinaryField(_("PDF"))
    rendered_at = models.DateTimeField(_("rendered at"), auto_now_add=True)
    render_seconds = models.FloatField(_("render time (seconds)"), default=0)

    class Meta:
        verbose_name = _("letter PDF")
        verbose_name_plural = _("letter PDFs")
        constraints = [
            models.UniqueConstraint(fields=["letter", "language"], name="letter_pdf_once"),
        ]

    def __str__(self) -> str:
        return f"{self.letter_id} ({self.language})"


class Subscriber(models.Model):
    """Someone who asked for the member letters by e-mail (anyone may). Unconfirmed
    requests are purged after RETENTION_DAYS["letter_subscription_request"]; an address
    that unsubscribes is deleted at once. Only the address is kept."""

    email = models.EmailField(_("e-mail address"), unique=True)
    # A random value in every link: a link of a deleted subscription never works for a
    # later one of the same address.
    secret = models.CharField(_("secret"), max_length=43)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        ordering = ["email"]
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        indexes = [
            models.Index(fields=["confirmed_at", "requested_at"], name="subscriber_confirmed")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(email=models.functions.Lower(models.F("email"))),
                name="subscriber_email_lowercase",
                violation_error_code="email_not_normalised",
                violation_error_message=_("An address is stored in lower case."),
            ),
        ]

    def __str__(self) -> str:
        return self.email

    def save(self, *args, **kwargs):
        self.email = normalise_email(self.email)
        super().save(*args, **kwargs)
