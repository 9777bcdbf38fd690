"""The public products, beside the letters' public archive: a list, a product, its
files and an Atom feed. No login; only products marked public exist here."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_not_required
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from .access import get_public_product, get_public_version
from .models import KnowledgeProduct
from .selectors import public_products, with_files
from .views import send_version

FEED_SIZE = 30


@login_not_required
@require_safe
def public_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(public_products(), 20).get_page(request.GET.get("page"))
    return render(
        request, "knowledge/public_list.html", {"page": page, "products": page.object_list}
    )


@login_not_required
@require_safe
def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    product = get_public_product(pk)
    files = list(with_files(KnowledgeProduct.objects.filter(pk=product.pk)).get().files.all())
    return render(request, "knowledge/public_detail.html", {"product": product, "files": files})


@login_not_required
@require_safe
def public_download(request: HttpRequest, pk: int):
    return send_version(get_public_version(pk))


class PublicFeed(Feed):
    feed_type = Atom1Feed
    title = _("G40 city network: knowledge products")
    subtitle = _("The public guides, factsheets, reports and presentations of the G40 network.")
    link = reverse_lazy("kennisproducten:list")
    author_name = "G40 Netwerk"

    def feed_url(self):
        return reverse("kennisproducten:feed")

    def items(self):
        return list(public_products()[:FEED_SIZE])

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return reverse("kennisproducten:detail", kwargs={"pk": item.pk})

    def item_guid(self, item):
        return f"tag:g40netwerk.nl,{item.published_on.year}:kennisproduct/{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return timezone.make_aware(
            datetime.datetime.combine(item.published_on, datetime.time(9, 0))
        )

    def item_updateddate(self, item):
        return item.updated_at


feed = login_not_required(require_safe(PublicFeed()))
