"""Who is invited to a digital meeting, what they answered, whether they attended;
and the RSVP links that have been used (each works once)."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .constants import RsvpAnswer


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
