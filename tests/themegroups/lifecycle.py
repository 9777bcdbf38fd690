"""What the theme-group state machine (``test_lifecycle_machine.py``) checks against:
a clock it moves, the support flags counted day by day, and a group's snapshot."""

import datetime

from django.conf import settings
from django.utils import timezone

from networkdays.models import DigitalMeeting, ProgrammeSession
from themegroups.constants import ThemeGroupStatus
from themegroups.models import Membership, ReviewDecision, SupportAssignment, ThemeGroup

DAY = datetime.timedelta(days=1)
REAL_LOCALDATE = timezone.localdate


class Clock:
    """``timezone.localdate()`` as the machine moves it (dates only: the rules here are
    by day)."""

    def __init__(self):
        self.today = REAL_LOCALDATE()

    def localdate(self, value=None, timezone=None):
        if value is None:
            return self.today
        return REAL_LOCALDATE(value, timezone)


def brute_force_flags(group: ThemeGroup, today: datetime.date) -> tuple[bool, bool]:
    """("no support", "support ends soon") by walking the days one by one."""
    if group.status in (ThemeGroupStatus.ENDED, ThemeGroupStatus.REFUSED):
        return False, False
    spans = list(
        SupportAssignment.objects.filter(theme_group=group).values_list("starts_on", "ends_on")
    )

    def covered(day):
        return any(start <= day <= end for start, end in spans)

    if not covered(today):
        return True, False
    day = today
    while covered(day):
        day += DAY
    horizon = today + datetime.timedelta(weeks=settings.THEME_GROUP_SUPPORT_ENDING_WEEKS)
    return False, day - DAY <= horizon


def snapshot(group_id: int) -> tuple:
    """Everything that belongs to one group, to compare before and after."""
    return (
        ThemeGroup.objects.filter(pk=group_id).values().get(),
        sorted(Membership.objects.filter(theme_group=group_id).values_list("pk", "person", "role")),
        sorted(SupportAssignment.objects.filter(theme_group=group_id).values_list()),
        sorted(ReviewDecision.objects.filter(theme_group=group_id).values_list("pk", "outcome")),
        sorted(DigitalMeeting.objects.filter(theme_group=group_id).values_list("pk", "sequence")),
        sorted(ProgrammeSession.objects.filter(theme_group=group_id).values_list("pk", "room")),
    )
