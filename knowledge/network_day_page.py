"""A section on a network day's page (networkdays asks through infra.registry): the
presentations of its sessions, once the day has been held."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from .selectors import products_for_list


def sections(day) -> list[dict]:
    if day.date >= timezone.localdate():
        return []
    products = list(products_for_list().filter(session__network_day=day)[:100])
    return [
        {
            "template": "knowledge/_products_section.html",
            "context": {
                "key": f"day-{day.pk}",
                "heading": _("Presentations of this day"),
                "products": products,
                "empty": _("No presentations have been added yet."),
            },
        }
    ]
