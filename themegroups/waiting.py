"""Theme groups due (or overdue) for the DB's review, on the DB's list (members.waiting)."""

from django.utils.translation import gettext as _

from members.waiting import WaitingItem, day_start

from .models import ThemeGroup
from .querysets import due_from


def reviews(permissions):
    if not permissions.may_decide_reviews:
        return []
    return [
        WaitingItem(
            kind=_("Theme group due for review"),
            title=group.name,
            url=group.get_absolute_url(),
            since=day_start(due_from(group.review_due_on)),
            due=group.review_due_on,
        )
        for group in ThemeGroup.objects.due_or_overdue()
    ]
