"""Digital meetings: the meeting itself, who is invited to it, what they answered,
whether they attended; and the RSVP links that have been used (each works once)."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from infra.bounds import NETWORK, bounded

from .constants import CALENDAR_UID_DOMAIN, RsvpAnswer


class DigitalMeeting(models.Model):
    """An online pillar or theme-group meeting between network days (report, E).

    It does not count toward the yearly cap of network days.
    """

    title = models.CharField(_("title"), max_length=200)
    pillar = models.ForeignKey(
        "pillars.Pillar",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="digital_meetings",
        verbose_name=_("pillar"),
    )
    theme_group = models.ForeignKey(
        "themegroups.ThemeGroup",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="digital_meetings",
        verbose_name=_("theme group"),
    )
    starts_at = models.DateTimeField(_("starts at"), validators=[NETWORK])
    ends_at = models.DateTimeField(_("ends at"), validators=[NETWORK])
    online_link = models.URLField(_("online link"))
    agenda = models.TextField(_("agenda"), max_length=10_000, blank=True)
    # A pillar's meeting invites its chair and secretary and, as the organiser chooses,
    # the members of the theme groups the pillar leads (issue 23).
    invite_theme_group_members = models.BooleanField(
        _("also invite the members of the pillar's theme groups"), default=True
    )
    created_by = models.ForeignKey(
        "members.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0, editable=False)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("digital meeting")
        verbose_name_plural = _("digital meetings")
        constraints = [
            models.CheckConstraint(
                condition=(Q(pillar__isnull=False) & Q(theme_group__isnull=True))
                | (Q(pillar__isnull=True) & Q(theme_group__isnull=False)),
                name="digitalmeeting_for_pillar_or_theme_group",
                violation_error_message=_(
                    "A digital meeting belongs to either a pillar or a theme group."
                ),
                violation_error_code="pillar_or_theme_group",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="digitalmeeting_ends_after_start",
                violation_error_message=_("A meeting must end after it starts."),
                violation_error_code="ends_before_start",
            ),
            bounded("digitalmeeting", "starts_at", moment=True),
            bounded("digitalmeeting", "ends_at", moment=True),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("networkdays:meeting_detail", kwargs={"pk": self.pk})

    @property
    def calendar_uid(self) -> str:
        return f"digitalmeeting-{self.pk}@{CALENDAR_UID_DOMAIN}"

    @property
    def owner_pillar_id(self) -> int | None:
        """The pillar whose secretary runs this meeting (a group's lead pillar)."""
        if self.pillar_id:
            return self.pillar_id
        return self.theme_group.lead_pillar_id if self.theme_group_id else None


class MeetingInvitation(models.Model):
    """One invitee of a digital meeting. Made when the invitation is mailed (or when a
    current invitee first answers on the meeting's page); kept when the person leaves the
    pillar or group, so that what was counted stays counted. ``attended`` is empty until
    the organiser records attendance, after the meeting has started."""

    meeting = models.ForeignKey(
        "networkdays.DigitalMeeting",
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("digital meeting"),
    )
    person = models.ForeignKey(
        "members.Person",
        on_delete=models.CASCADE,
        related_name="digital_meeting_invitations",
        verbose_name=_("person"),
    )
    invited_at = models.DateTimeField(_("invited at"), default=timezone.now)
    answer = models.CharField(_("answer"), max_length=10, choices=RsvpAnswer.choices, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    attendance_recorded_at = models.DateTimeField(
        _("attendance recorded at"), null=True, blank=True
    )
    attendance_recorded_by = models.ForeignKey(
        "members.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("attendance recorded by"),
    )

    class Meta:
        ordering = ["meeting", "person__name"]
        verbose_name = _("meeting invitation")
        verbose_name_plural = _("meeting invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                name="meetinginvitation_once_per_person",
                violation_error_message=_("This person is already invited to this meeting."),
                violation_error_code="already_invited",
            ),
            models.CheckConstraint(
                condition=Q(answer__in=["", *RsvpAnswer.values]),
                name="meetinginvitation_answer_known",
                violation_error_message=_("An answer is yes, no or maybe."),
                violation_error_code="answer_unknown",
            ),
            models.CheckConstraint(
                condition=(Q(answer="") & Q(answered_at__isnull=True))
                | (~Q(answer="") & Q(answered_at__isnull=False)),
                name="meetinginvitation_answer_has_moment",
                violation_error_message=_("An answer is recorded with its moment."),
                violation_error_code="answer_without_moment",
            ),
            models.CheckConstraint(
                condition=Q(attended__isnull=True, attendance_recorded_at__isnull=True)
                | Q(attended__isnull=False, attendance_recorded_at__isnull=False),
                name="meetinginvitation_attendance_has_moment",
                violation_error_message=_("Attendance is recorded with its moment."),
                violation_error_code="attendance_without_moment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.meeting}"


class RsvpTokenUse(models.Model):
    """An RSVP link that has been used. The link's random part (``nonce``) is stored
    once: the unique constraint makes each link single-use, also when two answers with
    the same link arrive at the same moment (the second insert fails)."""

    nonce = models.CharField(_("link code"), max_length=64)
    invitation = models.ForeignKey(
        MeetingInvitation,
        on_delete=models.CASCADE,
        related_name="used_links",
        verbose_name=_("meeting invitation"),
    )
    used_at = models.DateTimeField(_("used at"), default=timezone.now)

    class Meta:
        verbose_name = _("used RSVP link")
        verbose_name_plural = _("used RSVP links")
        constraints = [
            models.UniqueConstraint(
                fields=["nonce"],
                name="rsvptokenuse_once",
                violation_error_message=_("This link has been used already."),
                violation_error_code="token_used",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.invitation} ({self.used_at:%Y-%m-%d %H:%M})"
