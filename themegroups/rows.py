"""What every row of a theme-group list shows the same way, made in Python once per
row instead of by an included template per row (issue 24: the includes, ``{% url %}``
and ``get_absolute_url`` of fifty rows cost more than the page's queries).

- ``badges(group, today)``: the status, review and support badges (``group.badges``).
- ``list_cells(groups)``: the list's pillars, review date, cities and support as text.
- ``SlugUrl(name)``: a URL name with a ``slug`` argument, reversed once; ``url(slug)``
  is then a concatenation (slugs are URL-safe by their field's validation).
"""

from __future__ import annotations

import datetime

from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from infra.urls import UrlFor

from .constants import ReviewState, ThemeGroupStatus


def SlugUrl(name: str, **fixed) -> UrlFor:  # noqa: N802 - reads as the class it returns
    """``reverse(name, kwargs={"slug": slug, **fixed})`` for many slugs, reversed once."""
    return UrlFor(name, "slug", "slug-placeholder", **fixed)


def _badge(kind: str, text: str) -> str:
    return f'<span class="badge text-bg-{kind}">{escape(text)}</span>'


def badges(group, today: datetime.date) -> SafeString:
    """The group's badges: proposed / refused / ended, overdue / due, no support /
    support ends soon (the last two read the ``with_support_state`` annotations)."""
    parts = []
    if group.status == ThemeGroupStatus.PROPOSED:
        parts.append(_badge("info", gettext("Proposed")) + " ")
    elif group.status == ThemeGroupStatus.REFUSED:
        parts.append(_badge("secondary", gettext("Refused")) + " ")
    elif group.status == ThemeGroupStatus.ENDED:
        parts.append(_badge("secondary", gettext("Ended")) + " ")
    state = group.review_state_on(today)
    if state == ReviewState.OVERDUE:
        parts.append(_badge("danger", gettext("Overdue")) + " ")
    elif state == ReviewState.DUE:
        parts.append(_badge("warning", gettext("Due for review")) + " ")
    if group.needs_support_flag:
        parts.append(_badge("danger", gettext("No support")))
    elif group.support_ending_soon:
        parts.append(_badge("warning", gettext("Support ends soon")))
    return mark_safe("".join(parts))


def with_badges(groups, today: datetime.date):
    """Set ``badges`` and ``url`` (its page) on each group; returns the groups."""
    detail = SlugUrl("themegroups:detail")
    for group in groups:
        group.badges = badges(group, today)
        group.url = detail(group.slug)
    return groups


def list_cells(groups):
    """The theme-group list's cells as text, once per row (the template escapes them):
    the pillars (lead first), the review date (or when it ended), the members' cities
    (``attach_city_names``) and who supports the group today (``current_supports``)."""
    for group in groups:
        group.pillars_text = ", ".join(
            [group.lead_pillar.short_name, *(p.short_name for p in group.other_pillars.all())]
        )
        if group.status == ThemeGroupStatus.ENDED:
            ended = date_format(group.ended_on, "j N Y")
            group.review_text = gettext("ended %(date)s") % {"date": ended}
        else:
            group.review_text = date_format(group.review_due_on, "j N Y")
        group.cities_text = ", ".join(group.city_names) or "—"
        supports = group.current_supports if group.status != ThemeGroupStatus.ENDED else []
        group.support_text = (
            "".join(f"{s.person.name} ({s.person.city.name})" for s in supports) or "—"
        )
    return groups
