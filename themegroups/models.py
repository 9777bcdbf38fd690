import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from infra.bounds import NETWORK, bounded

from .constants import (
    MembershipRole,
    ReviewOutcome,
    ReviewState,
    ThemeGroupStatus,
)
from .querysets import SupportAssignmentQuerySet, ThemeGroupQuerySet, due_from


class ThemeGroup(models.Model):
    """A temporary, pillar-crossing working group on one subject.

    It never exists without a review date: at that date the DB extends or ends it.
    Whether it is due or overdue follows from the dates (see ``review_state``).
    """

    name = models.CharField(_("name"), max_length=150, unique=True)
    slug = models.SlugField(_("slug"), max_length=160, unique=True)
    goal = models.TextField(_("goal"), max_length=5_000)
    expected_result = models.TextField(_("expected result"), max_length=5_000)
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
    started_on = models.DateField(_("started on"), null=True, blank=True, validators=[NETWORK])
    review_due_on = models.DateField(_("review due on"), validators=[NETWORK])
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ThemeGroupStatus.choices,
        default=ThemeGroupStatus.PROPOSED,
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True, validators=[NETWORK])
    end_reason = models.TextField(_("reason for ending"), max_length=4_000, blank=True)
    proposed_by = models.ForeignKey(
        "members.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposed_theme_groups",
        verbose_name=_("proposed by"),
    )
    proposed_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    refusal_reason = models.TextField(_("reason for refusal"), max_length=4_000, blank=True)

    objects = ThemeGroupQuerySet.as_manager()

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
                violation_error_code="end_incomplete",
                violation_error_message=_("An ended theme group needs an end date and a reason."),
            ),
            models.CheckConstraint(
                condition=~Q(status=ThemeGroupStatus.ACTIVE) | Q(started_on__isnull=False),
                name="themegroup_active_has_start",
                violation_error_code="start_required",
                violation_error_message=_("An active theme group needs a start date."),
            ),
            models.CheckConstraint(
                condition=~Q(status=ThemeGroupStatus.REFUSED) | ~Q(refusal_reason=""),
                name="themegroup_refused_has_reason",
                violation_error_code="reason_required",
                violation_error_message=_("A refused proposal needs a reason."),
            ),
            models.CheckConstraint(
                condition=Q(started_on__isnull=True) | Q(review_due_on__gt=F("started_on")),
                name="themegroup_review_after_start",
                violation_error_code="review_before_start",
                violation_error_message=_("The review date must be after the start date."),
            ),
            models.CheckConstraint(
                condition=Q(started_on__isnull=True)
                | Q(ended_on__isnull=True)
                | Q(ended_on__gte=F("started_on")),
                name="themegroup_ends_after_start",
                violation_error_code="ends_before_start",
                violation_error_message=_("A theme group cannot end before it started."),
            ),
            bounded("themegroup", "started_on", null=True),
            bounded("themegroup", "review_due_on"),
            bounded("themegroup", "ended_on", null=True),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("themegroups:detail", kwargs={"slug": self.slug})

    # --- derived state ---------------------------------------------------------
    @property
    def is_read_only(self) -> bool:
        """Ended groups and refused proposals are history: nothing changes them."""
        return self.status in (ThemeGroupStatus.ENDED, ThemeGroupStatus.REFUSED)

    @property
    def due_from(self) -> datetime.date:
        return due_from(self.review_due_on)

    def review_state_on(self, today: datetime.date) -> str:
        if self.status != ThemeGroupStatus.ACTIVE:
            return ReviewState.NOT_APPLICABLE
        if self.review_due_on < today:
            return ReviewState.OVERDUE
        if self.due_from <= today:
            return ReviewState.DUE
        return ReviewState.NOT_DUE

    @property
    def review_state(self) -> str:
        return self.review_state_on(timezone.localdate())

    @property
    def is_overdue(self) -> bool:
        return self.review_state == ReviewState.OVERDUE

    @property
    def needs_support_flag(self) -> bool:
        """Flag 'no support' on open groups only; history needs no flag. Reads the
        ``has_current_support`` annotation when the queryset made it."""
        if self.is_read_only:
            return False
        has = getattr(self, "has_current_support", None)
        if has is None:
            today = timezone.localdate()
            has = self.supports.filter(starts_on__lte=today, ends_on__gte=today).exists()
        return not has

    @property
    def support_ending_soon(self) -> bool:
        until = getattr(self, "support_until", None)
        if self.is_read_only or until is None or not getattr(self, "has_current_support", False):
            return False
        horizon = timezone.localdate() + datetime.timedelta(
            weeks=settings.THEME_GROUP_SUPPORT_ENDING_WEEKS
        )
        return until <= horizon

    @property
    def cities(self) -> list:
        """The group's cities follow from its members (reads prefetched memberships)."""
        seen = {}
        for membership in self.memberships.all():
            seen[membership.person.city_id] = membership.person.city
        return sorted(seen.values(), key=lambda city: city.name)

    @property
    def pillars(self) -> list:
        return [self.lead_pillar, *self.other_pillars.all()]


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
    joined_on = models.DateField(_("joined on"), null=True, blank=True, validators=[NETWORK])

    class Meta:
        ordering = ["role", "person__name"]
        verbose_name = _("theme group member")
        verbose_name_plural = _("theme group members")
        constraints = [
            models.UniqueConstraint(
                fields=["theme_group", "person"],
                name="membership_once_per_group",
                violation_error_code="already_member",
                violation_error_message=_("This person is already a member of this group."),
            ),
            bounded("membership", "joined_on", null=True),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"

    def get_additional_data(self) -> dict:
        """Stored with each audit entry, so the group's history finds it (history.py)."""
        return {"theme_group": self.theme_group_id}


class ReviewDecision(models.Model):
    """The DB's decision on one review of a group: extend to a new date, or end it.

    A review is identified by the group and the review date it decides; the unique
    constraint on that pair means one review is decided once, whoever clicks first.
    """

    theme_group = models.ForeignKey(
        ThemeGroup,
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("theme group"),
    )
    review_due_on = models.DateField(_("review date decided"), validators=[NETWORK])
    outcome = models.CharField(_("decision"), max_length=10, choices=ReviewOutcome.choices)
    new_review_due_on = models.DateField(
        _("new review date"), null=True, blank=True, validators=[NETWORK]
    )
    ends_on = models.DateField(_("ends on"), null=True, blank=True, validators=[NETWORK])
    reason = models.TextField(_("reason"), max_length=4_000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_by_person = models.ForeignKey(
        "members.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by (person)"),
    )
    # Kept as text too, so the record still says who when the account is gone.
    decided_by_name = models.CharField(_("decided by (name)"), max_length=200)
    decided_on = models.DateField(_("decided on"), default=timezone.localdate, validators=[NETWORK])
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)

    class Meta:
        ordering = ["-decided_at"]
        verbose_name = _("review decision")
        verbose_name_plural = _("review decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["theme_group", "review_due_on"],
                name="reviewdecision_once_per_review",
                violation_error_code="already_decided",
                violation_error_message=_("This review has already been decided."),
            ),
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="reviewdecision_has_reason",
                violation_error_code="reason_required",
                violation_error_message=_("A decision needs a reason."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(outcome=ReviewOutcome.EXTEND)
                    & Q(new_review_due_on__isnull=False)
                    & Q(ends_on__isnull=True)
                    & Q(new_review_due_on__gt=F("decided_on"))
                    & Q(new_review_due_on__gt=F("review_due_on"))
                )
                | (
                    Q(outcome=ReviewOutcome.END)
                    & Q(ends_on__isnull=False)
                    & Q(new_review_due_on__isnull=True)
                    # No back-dated decision: a group ends today at the earliest.
                    & Q(ends_on__gte=F("decided_on"))
                ),
                name="reviewdecision_outcome_dates",
                violation_error_code="decision_dates_invalid",
                violation_error_message=_(
                    "Extending needs a new review date in the future; ending needs an end "
                    "date from today on."
                ),
            ),
            bounded("reviewdecision", "review_due_on"),
            bounded("reviewdecision", "new_review_due_on", null=True),
            bounded("reviewdecision", "ends_on", null=True),
            bounded("reviewdecision", "decided_on"),
        ]

    def __str__(self) -> str:
        return f"{self.theme_group}: {self.get_outcome_display()} ({self.decided_on})"

    def get_additional_data(self) -> dict:
        return {"theme_group": self.theme_group_id}


class SupportAssignment(models.Model):
    """Secretarial support for a group: a person, hours per month, from and until
    (report, E: "secretariële ondersteuning beter borgen")."""

    theme_group = models.ForeignKey(
        ThemeGroup,
        on_delete=models.PROTECT,
        related_name="supports",
        verbose_name=_("theme group"),
    )
    person = models.ForeignKey(
        "members.Person",
        on_delete=models.PROTECT,
        related_name="theme_group_supports",
        verbose_name=_("supported by"),
    )
    hours_per_month = models.DecimalField(_("hours per month"), max_digits=5, decimal_places=1)
    starts_on = models.DateField(_("from"), validators=[NETWORK])
    ends_on = models.DateField(_("until"), validators=[NETWORK])
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    assigned_at = models.DateTimeField(_("assigned at"), default=timezone.now)

    objects = SupportAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("support assignment")
        verbose_name_plural = _("support assignments")
        indexes = [
            models.Index(fields=["theme_group", "ends_on"], name="support_group_ends_on"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours_per_month__gte=0),
                name="support_hours_not_negative",
                violation_error_code="negative_hours",
                violation_error_message=_("Hours per month cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="support_period_ordered",
                violation_error_code="support_period_reversed",
                violation_error_message=_("Support cannot end before it starts."),
            ),
            bounded("support", "starts_on"),
            bounded("support", "ends_on"),
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.theme_group} ({self.starts_on}–{self.ends_on})"

    def get_additional_data(self) -> dict:
        return {"theme_group": self.theme_group_id}

    def clean(self) -> None:
        # For every writer that validates (the services and the admin): history stays.
        if self.theme_group_id and self.theme_group.is_read_only:
            raise ValidationError(_("This theme group can no longer be changed."), code="read_only")

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return self.starts_on <= today <= self.ends_on
