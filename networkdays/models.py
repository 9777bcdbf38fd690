from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


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
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    online_link = models.URLField(_("online link"))
    agenda = models.TextField(_("agenda"), blank=True)

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
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="digitalmeeting_ends_after_start",
                violation_error_message=_("A meeting must end after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.title
