"""The rules the theme-group services share: review dates, the refusal every write
makes (``read_only``; ``forbidden`` comes from ``infra.services``) and the group's row
lock. Each refusal is a ``ValidationError`` with a code."""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .constants import MAX_REVIEW_MONTHS, ThemeGroupStatus
from .models import ThemeGroup


def latest_review_date(today: datetime.date) -> datetime.date:
    """The furthest review date allowed when a date is set on ``today``."""
    return today + relativedelta(months=MAX_REVIEW_MONTHS)


def review_date_check(
    value: datetime.date | None, *, today: datetime.date, field: str = "review_due_on"
) -> None:
    """A review date is required, after today, and at most MAX_REVIEW_MONTHS ahead."""
    if value is None:
        raise field_error(field, _("A theme group needs a review date."), "review_date_required")
    if value <= today:
        raise field_error(
            field, _("The review date must be after today."), "review_date_not_future"
        )
    latest = latest_review_date(today)
    if value > latest:
        raise field_error(
            field,
            _("The review date can be at most %(months)s months ahead: %(date)s at the latest.")
            % {"months": MAX_REVIEW_MONTHS, "date": date_format(latest, "j F Y")},
            "review_date_too_far",
        )


def field_error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def lock_group(group_id: int) -> ThemeGroup:
    """Lock one group's row for the rest of the (locked) transaction."""
    return (
        ThemeGroup.objects.select_for_update(of=("self",))
        .select_related("lead_pillar")
        .get(pk=group_id)
    )


def lock_groups_to_write(group_ids) -> None:
    """Lock these groups' rows (in ascending order) and refuse (``read_only``) if one has
    ended or was refused: for writers of other apps that attach something to a group
    (``networkdays``: digital meetings, programme sessions). ``None`` ids are skipped."""
    ids = sorted({pk for pk in group_ids if pk})
    if not ids:
        return
    groups = ThemeGroup.objects.select_for_update(of=("self",)).filter(pk__in=ids).order_by("pk")
    for group in groups:
        refuse_read_only(group)


def refuse_read_only(group: ThemeGroup) -> None:
    if group.status == ThemeGroupStatus.ENDED:
        raise ValidationError(
            _("This theme group has ended; it can no longer be changed."), code="read_only"
        )
    if group.status == ThemeGroupStatus.REFUSED:
        raise ValidationError(
            _("This proposal was refused; it can no longer be changed."), code="read_only"
        )
