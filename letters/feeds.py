"""The Atom feed of the public archive: the sent letters, newest first, each with its
text as sent."""

from django.contrib.syndication.views import Feed
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .constants import FEED_SIZE
from .selectors import sent_letters


class LetterFeed(Feed):
    feed_type = Atom1Feed
    title = _("G40 city network: member letters")
    subtitle = _("The member letters of the G40 city network, as sent.")
    link = reverse_lazy("ledenbrieven:list")
    author_name = "G40 Netwerk"

    def feed_url(self):
        return reverse("ledenbrieven:feed")

    def items(self):
        return list(
            sent_letters().only(
                "kind", "year", "number", "status", "sent_subject", "sent_html", "sent_at"
            )[:FEED_SIZE]
        )

    def item_title(self, item):
        return f"{item.number_label} {item.sent_subject}"

    def item_description(self, item):
        return item.sent_html

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        return f"tag:g40netwerk.nl,{item.year}:ledenbrief/{item.slug}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.sent_at

    def item_updateddate(self, item):
        return item.sent_at
