"""A section on a network day's page (networkdays asks through infra.registry): the
presentations of its sessions, once the day has been held."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from infra.registry import PageSection

from .selectors import products_for_list


def sections(day) -> list[PageSection]:
    # One query for every day, held or not, so that a day's page costs the same number
    # of queries either way (the bench compares a coming and a past day).
    past = day.date < timezone.localdate()
    products = list(
        products_for_list().filter(
            session__network_day=day, session__network_day__date__lt=(timezone.localdate())
        )[:100]
    )
    if not past:
        return []
    return [
        PageSection(
            template="knowledge/_products_section.html",
            context={
                "key": f"day-{day.pk}",
                "heading": _("Presentations of this day"),
                "products": products,
                "empty": _("No presentations have been added yet."),
            },
        )
    ]
