from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .constants import MembershipRole, ThemeGroupStatus


class ThemeGroup(models.Model):
    """A temporary, pillar-crossing working group on one subject.

    It never exists without a review date: at that date the DB extends or ends it.
    """

    name = models.CharField(_("name"), max_length=150, unique=True)
    slug = models.SlugField(_("slug"), max_length=160, unique=True)
    goal = models.TextField(_("goal"))
    expected_result = models.TextField(_("expected result"))
    lead_pillar = models.ForeignKey(
        "pillars.Pillar",
        on_delete=models.PROTECT,
        related_name="led_theme_groups",
        verbose_name=_("lead pillar"),
    )
    other_pillars = models.ManyToManyField(
        "pillars.Pillar",
        blank=True,
        related_name="theme_groups",
        verbose_name=_("other pillars"),
    )
    started_on = models.DateField(_("started on"), null=True, blank=True)
    review_due_on = models.DateField(_("review due on"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ThemeGroupStatus.choices,
        default=ThemeGroupStatus.PROPOSED,
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.TextField(_("reason for ending"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("theme group")
        verbose_name_plural = _("theme groups")
        indexes = [models.Index(fields=["status", "review_due_on"], name="themegroup_status_due")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=ThemeGroupStatus.ENDED)
                | (Q(ended_on__isnull=False) & ~Q(end_reason="")),
                name="themegroup_ended_has_date_and_reason",
                violation_error_message=_("An ended theme group needs an end date and a reason."),
            ),
            models.CheckConstraint(
                condition=~Q(status=ThemeGroupStatus.ACTIVE) | Q(started_on__isnull=False),
                name="themegroup_active_has_start",
                violation_error_message=_("An active theme group needs a start date."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("themegroups:detail", kwargs={"slug": self.slug})


class Membership(models.Model):
    """A person's seat in a theme group; the group's cities follow from these."""

    theme_group = models.ForeignKey(
        ThemeGroup, on_delete=models.CASCADE, related_name="memberships"
    )
    person = models.ForeignKey(
        "members.Person", on_delete=models.CASCADE, related_name="theme_group_memberships"
    )
    role = models.CharField(
        _("role"), max_length=20, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    joined_on = models.DateField(_("joined on"), null=True, blank=True)

    class Meta:
        ordering = ["role", "person__name"]
        verbose_name = _("theme group member")
        verbose_name_plural = _("theme group members")
        constraints = [
            models.UniqueConstraint(
                fields=["theme_group", "person"],
                name="membership_once_per_group",
                violation_error_message=_("This person is already a member of this group."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"
