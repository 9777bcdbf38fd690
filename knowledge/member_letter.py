"""The knowledge products for the member letter (letters app, hook
``sections(since, until)``): the public products dated in ``[since, until)``, each with
its kind, maker and public address. Plain text; members-only products are never
proposed. One query."""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from infra.registry import LetterSection

from .selectors import public_products


def sections(since: datetime.date, until: datetime.date) -> list[LetterSection]:
    items = [
        _("%(title)s (%(kind)s, %(maker)s): %(summary)s %(url)s")
        % {
            "title": product.title,
            "kind": product.get_kind_display(),
            "maker": product.maker_label,
            "summary": product.summary,
            "url": settings.SITE_URL + reverse("kennisproducten:detail", args=[product.pk]),
        }
        for product in public_products()
        .filter(published_on__gte=since, published_on__lt=until)
        .order_by("published_on", "pk")
    ]
    return [LetterSection(_("New knowledge products"), items)] if items else []
