"""The Atom feed of the public archive: the sent letters, newest first, each with its
text as sent.

Opened in a browser, a feed is a page too: it names an XSL stylesheet the app serves
(``/ledenbrieven/feed.xsl``), with which the browser shows the feed's title, its
language, the letters and a link back to the archive instead of raw XML (issue 22,
item 16). Feed readers ignore the stylesheet."""

from django.contrib.syndication.views import Feed
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .constants import FEED_SIZE
from .selectors import sent_letters


class StyledAtom1Feed(Atom1Feed):
    """Atom with ``<?xml-stylesheet?>`` instructions before the root element (Django
    writes them for RSS only)."""

    def write(self, outfile, encoding):
        from django.utils.xmlutils import SimplerXMLGenerator

        handler = SimplerXMLGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        for stylesheet in self.feed["stylesheets"] or []:
            handler.processingInstruction("xml-stylesheet", str(stylesheet))
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")


class LetterFeed(Feed):
    feed_type = StyledAtom1Feed
    title = _("G40 city network: member letters")
    subtitle = _("The member letters of the G40 city network, as sent.")
    link = reverse_lazy("ledenbrieven:list")
    author_name = "G40 Netwerk"

    def feed_url(self):
        return reverse("ledenbrieven:feed")

    def stylesheets(self):
        return [reverse("ledenbrieven:feed_stylesheet")]

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
