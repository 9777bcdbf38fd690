from django.db import models
from django.utils.translation import gettext_lazy as _


class OutgoingMail(models.Model):
    """One e-mail the app means to send, recorded before it is sent.

    The ``key`` says what the mail is about (e.g. ``registration-confirmed:42``); it is
    unique, so queuing the same mail twice — a retried task, a scheduler that ran
    twice — records it once, and the sending task sends a row once.
    """

    key = models.CharField(_("key"), max_length=200, unique=True)
    to = models.JSONField(_("recipients"))
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"))
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("outgoing mail")
        verbose_name_plural = _("outgoing mail")
        indexes = [models.Index(fields=["sent_at"], name="outgoingmail_sent_at")]

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)}"
