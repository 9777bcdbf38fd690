"""The network days for the member letter (letters app, hook ``sections(since, until)``):
days held in ``[since, until)`` and the published days still to come. Plain text, in the
active language; drafts and cancelled days are left out, and nothing about who came.
One query."""

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from infra.registry import LetterSection

from .constants import NetworkDayStatus
from .models import NetworkDay


def _line(day: NetworkDay) -> str:
    return _("%(date)s: %(title)s, in %(city)s (%(kind)s)") % {
        "date": date_format(day.date, "j F Y"),
        "title": day.title,
        "city": day.host_city.name,
        "kind": day.get_kind_display(),
    }


def sections(since: datetime.date, until: datetime.date) -> list[LetterSection]:
    days = list(
        NetworkDay.objects.filter(status=NetworkDayStatus.PUBLISHED, date__gte=since)
        .select_related("host_city")
        .order_by("date", "starts_at")
    )
    held = [_line(day) for day in days if day.date < until]
    coming = [_line(day) for day in days if day.date >= until]
    result = []
    if held:
        result.append(LetterSection(_("Network days held"), held))
    if coming:
        result.append(LetterSection(_("Coming network days"), coming))
    return result
