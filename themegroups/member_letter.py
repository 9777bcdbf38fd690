"""The theme groups for the member letter (letters app, hook ``sections(since, until)``):
groups started in ``[since, until)``, and the DB's review decisions of that period —
extended to a new review date or ended — each with the DB's reason
(``ReviewDecision.reason``). Plain text, in the active language; no names of people.
Two queries."""

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from infra.registry import LetterSection

from .constants import ReviewOutcome, ThemeGroupStatus
from .models import ReviewDecision, ThemeGroup


def sections(since: datetime.date, until: datetime.date) -> list[LetterSection]:
    started = [
        _("%(name)s (lead: %(pillar)s), since %(date)s: %(goal)s")
        % {
            "name": group.name,
            "pillar": group.lead_pillar.short_name,
            "date": date_format(group.started_on, "j F Y"),
            "goal": group.goal,
        }
        for group in ThemeGroup.objects.filter(
            status__in=[ThemeGroupStatus.ACTIVE, ThemeGroupStatus.ENDED],
            started_on__gte=since,
            started_on__lt=until,
        )
        .select_related("lead_pillar")
        .order_by("started_on", "name")
    ]
    extended, ended = [], []
    decisions = (
        ReviewDecision.objects.filter(decided_on__gte=since, decided_on__lt=until)
        .select_related("theme_group")
        .order_by("decided_on", "theme_group__name")
    )
    for decision in decisions:
        if decision.outcome == ReviewOutcome.EXTEND:
            extended.append(
                _("%(name)s: extended until the review of %(date)s. The DB's reason: %(reason)s")
                % {
                    "name": decision.theme_group.name,
                    "date": date_format(decision.new_review_due_on, "j F Y"),
                    "reason": decision.reason,
                }
            )
        else:
            ended.append(
                _("%(name)s: ends on %(date)s. The DB's reason: %(reason)s")
                % {
                    "name": decision.theme_group.name,
                    "date": date_format(decision.ends_on, "j F Y"),
                    "reason": decision.reason,
                }
            )
    result = []
    for heading, items in (
        (_("Theme groups started"), started),
        (_("Theme groups extended"), extended),
        (_("Theme groups ended"), ended),
    ):
        if items:
            result.append(LetterSection(heading, items))
    return result
