"""The rows of the network-day list, each built in one pass in Python: the row's words
(date, kind, seats, the viewer's status) are formatted here once per row, so the
template only places them (no include, filter, ``{% blocktranslate %}`` or URL lookup
per row; bench, ten-year set: a year's 28 days)."""

from django.utils import dateformat
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .constants import NetworkDayKind, NetworkDayStatus, RegistrationStatus

# The badge of the viewer's status, as ``_status_badge.html`` shows it.
_BADGES = {
    RegistrationStatus.CONFIRMED: "text-bg-success",
    RegistrationStatus.WAITING: "text-bg-warning",
}


def day_rows(days) -> list[dict]:
    """``days`` (with ``with_counts`` and ``my_registration``) as the table's rows."""
    kinds = {value: capfirst(str(label)) for value, label in NetworkDayKind.choices}
    statuses = {value: capfirst(str(label)) for value, label in RegistrationStatus.choices}
    marks = {
        NetworkDayStatus.DRAFT: ("text-bg-light border", _("Draft")),
        NetworkDayStatus.CANCELLED: ("text-bg-danger", _("Cancelled")),
    }
    rows = []
    for day in days:
        mine = day.my_registration
        waiting = day.waiting_count
        rows.append(
            {
                "url": day.get_absolute_url(),
                "title": day.title,
                "mark": marks.get(day.status),
                "date": dateformat.format(day.date, "D j N Y"),
                "times": f"{day.starts_at:%H:%M}–{day.ends_at:%H:%M}",
                "kind": kinds.get(day.kind, day.kind),
                "host": day.host_city.name,
                "seats": _("%(confirmed)s of %(capacity)s")
                % {"confirmed": day.confirmed_count, "capacity": day.capacity},
                "waiting": ngettext("%(waiting)s waiting", "%(waiting)s waiting", waiting)
                % {"waiting": waiting}
                if waiting
                else "",
                "badge": (
                    _BADGES.get(mine.status, "text-bg-secondary"),
                    statuses.get(mine.status, mine.status),
                )
                if mine is not None
                else None,
            }
        )
    return rows
