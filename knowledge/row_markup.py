"""The knowledge list's rows written in one Python pass (issue 24): the markup of
``knowledge/_product_row.html`` (which the public archive still includes), without an
include, a reverse and filters per product on every view of the list."""

from __future__ import annotations

from django.template.defaultfilters import date as date_filter
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from infra.urls import UrlFor


def product_rows(products) -> SafeString:
    detail_url = UrlFor("knowledge:detail", "pk", 987654321)
    public, members_only = _("public"), _("members only")
    return mark_safe(
        "".join(
            format_html(
                '<li class="list-group-item">\n'
                '  <h2 class="h5 mb-1"><a href="{}">{}</a></h2>\n'
                '  <p class="small text-body-secondary mb-1">{} · {} · {} · {} · {}</p>\n'
                '  <p class="mb-0">{}</p>\n'
                "</li>\n",
                detail_url(product.pk),
                product.title,
                product.get_kind_display(),
                product.get_audience_display(),
                product.maker_label,
                date_filter(product.published_on, "j N Y"),
                public if product.is_public else members_only,
                Truncator(product.summary).chars(240),
            )
            for product in products
        )
    )
