from django.db import models
from django.utils.translation import gettext_lazy as _


class MailStatus(models.TextChoices):
    # Recorded in the caller's transaction; rendered once that transaction commits, so
    # that templates and calendars are never rendered while the caller holds row locks.
    RENDERING = "rendering", _("waiting for its transaction")
    UNSENT = "unsent", _("not sent yet")
    SENT = "sent", _("sent")
    # Tried OUTBOX_MAX_ATTEMPTS times (or could not be rendered): the secretariat looks.
    FAILED = "failed", _("failed")


class OutgoingMail(models.Model):
    """One e-mail the app means to send, recorded before it is sent.

    The ``key`` says what the mail is about (e.g. ``registration-confirmed:42``); it is
    unique, so queuing the same mail twice — a retried task, a scheduler that ran
    twice — records it once, and the sending task sends a row once.
    """

    key = models.CharField(_("key"), max_length=200, unique=True)
    to = models.JSONField(_("recipients"))
    template = models.CharField(_("template"), max_length=200, blank=True)
    # A mail the worker renders: the name of its builder (outbox.builders) and the
    # builder's arguments, primary keys as JSON. Empty: rendered by the request.
    builder = models.CharField(_("builder"), max_length=100, blank=True)
    builder_args = models.JSONField(_("builder arguments"), default=dict, blank=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    body = models.TextField(_("body"), blank=True)
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    # Extra headers of the message (e.g. List-Unsubscribe), as given when queued.
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MailStatus.choices, default=MailStatus.UNSENT
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_attempt_at = models.DateTimeField(_("last attempt at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("outgoing mail")
        verbose_name_plural = _("outgoing mail")
        indexes = [
            models.Index(fields=["sent_at"], name="outgoingmail_sent_at"),
            models.Index(fields=["status", "created_at"], name="outgoingmail_status"),
        ]

    def __str__(self) -> str:
        return f"{self.subject or self.key} → {', '.join(self.to)}"
