"""The queries that groups and their support answer by themselves (due, overdue, open,
without support, …), as the models' managers."""

import datetime

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Exists, Min, OuterRef
from django.utils import timezone

from .constants import ThemeGroupStatus


def _supports():
    """SupportAssignment's manager (the model is defined after its queryset)."""
    return apps.get_model("themegroups", "SupportAssignment").objects


class DayAfter(models.Func):
    """The day after a date, as a date (PostgreSQL: date + integer; SQLite: date())."""

    arity = 1
    output_field = models.DateField()
    template = "(%(expressions)s + 1)"

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler, connection, template="date(%(expressions)s, '+1 day')", **extra_context
        )


def due_from(review_due_on: datetime.date) -> datetime.date:
    """The first day on which a group counts as due for review."""
    return review_due_on - datetime.timedelta(weeks=settings.THEME_GROUP_DUE_WEEKS)


class ThemeGroupQuerySet(models.QuerySet):
    def open(self):
        """Groups that still run or wait for approval (not ended, not refused)."""
        return self.filter(status__in=[ThemeGroupStatus.PROPOSED, ThemeGroupStatus.ACTIVE])

    def due(self, today: datetime.date | None = None):
        """Active groups whose review date is within the due window (today included)."""
        today = today or timezone.localdate()
        weeks = datetime.timedelta(weeks=settings.THEME_GROUP_DUE_WEEKS)
        return self.filter(
            status=ThemeGroupStatus.ACTIVE,
            review_due_on__gte=today,
            review_due_on__lte=today + weeks,
        )

    def overdue(self, today: datetime.date | None = None):
        """Active groups past their review date: the DB has not decided yet."""
        today = today or timezone.localdate()
        return self.filter(status=ThemeGroupStatus.ACTIVE, review_due_on__lt=today)

    def due_or_overdue(self, today: datetime.date | None = None):
        today = today or timezone.localdate()
        weeks = datetime.timedelta(weeks=settings.THEME_GROUP_DUE_WEEKS)
        return self.filter(status=ThemeGroupStatus.ACTIVE, review_due_on__lte=today + weeks)

    def with_support_state(self, today: datetime.date | None = None):
        """Annotate ``has_current_support`` and ``support_until``: with support today,
        the last day before the first day without support (a gap counts, however much
        support follows it), for the flags on every list.

        That last day ends some support ``s`` (from today on) that no other support
        ``t`` continues: none starts by the day after ``s`` ends and ends later. The
        earliest such end is the one before the first gap."""
        today = today or timezone.localdate()
        current = _supports().filter(
            theme_group=OuterRef("pk"), starts_on__lte=today, ends_on__gte=today
        )
        continued = _supports().filter(
            theme_group=OuterRef("theme_group"),
            starts_on__lte=DayAfter(OuterRef("ends_on")),
            ends_on__gt=OuterRef("ends_on"),
        )
        until = (
            _supports()
            .filter(theme_group=OuterRef("pk"), ends_on__gte=today)
            .filter(~Exists(continued))
            .order_by()
            .values("theme_group")
            .annotate(until=Min("ends_on"))
            .values("until")
        )
        return self.annotate(
            has_current_support=Exists(current),
            support_until=models.Subquery(until, output_field=models.DateField()),
        )

    def without_support(self, today: datetime.date | None = None):
        today = today or timezone.localdate()
        # One support row must cover today: Exists, not an exclude() across the relation
        # (which could match the two dates on different rows).
        return self.filter(
            ~Exists(
                _supports().filter(
                    theme_group=OuterRef("pk"), starts_on__lte=today, ends_on__gte=today
                )
            )
        )

    def support_ending_soon(self, today: datetime.date | None = None):
        """Groups with support today whose first day without support falls within the
        warning window (support after a gap does not count)."""
        today = today or timezone.localdate()
        horizon = today + datetime.timedelta(weeks=settings.THEME_GROUP_SUPPORT_ENDING_WEEKS)
        return self.with_support_state(today).filter(
            has_current_support=True, support_until__lte=horizon
        )


class SupportAssignmentQuerySet(models.QuerySet):
    def current(self, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return self.filter(starts_on__lte=today, ends_on__gte=today)
