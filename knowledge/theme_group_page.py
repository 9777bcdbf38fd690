"""Sections on a theme group's pages (themegroups asks through infra.registry):
its products on its page (an ended group's too), and what it produced since its last
review on the review queue and the decide page. Every reader of the network may see
every product's title; the products themselves keep their own access."""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from infra.registry import PageSection

from .selectors import last_review_dates, products_of_groups, products_since

TEMPLATE = "knowledge/_products_section.html"


def sections(group) -> list[PageSection]:
    products = list(products_since(group, None)[:50])
    return [
        PageSection(
            template=TEMPLATE,
            context={
                "key": f"group-{group.pk}",
                "heading": _("Products of this group"),
                "products": products,
                "empty": _("This group has no knowledge products yet."),
            },
        )
    ]


def review_sections(groups) -> dict[int, list[PageSection]]:
    """For each group: what it produced since its last review (the latest decision's
    date, else its start). Two queries for all groups."""
    since = last_review_dates(groups)
    result: dict[int, list[PageSection]] = {}
    by_group = products_of_groups([g.pk for g in groups], since)
    for group in groups:
        day = since.get(group.pk)
        heading = (
            _("Produced since the last review (%(day)s)") % {"day": date_format(day, "j N Y")}
            if day
            else _("Produced so far")
        )
        result[group.pk] = [
            PageSection(
                template=TEMPLATE,
                context={
                    "key": f"review-{group.pk}",
                    "heading": heading,
                    "products": by_group.get(group.pk, []),
                    "empty": _("Nothing produced since the last review."),
                },
            )
        ]
    return result
