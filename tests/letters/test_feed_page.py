"""The Atom feed opened in a browser is a page for people (issue 22, item 16): it names
the app's XSL stylesheet, which shows the feed's title, its language, the letters with
Dutch dates and a link back to the archive."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from lxml import etree

from letters.constants import LetterStatus

from ..browser import assert_accessible
from .factories import make_letter

SENT = timezone.make_aware(datetime.datetime(2026, 10, 28, 15, 0))


def _feed_as_page() -> etree._Element:
    client = Client()
    feed = client.get("/ledenbrieven/feed/").content
    stylesheet = client.get("/ledenbrieven/feed.xsl")
    assert stylesheet["Content-Type"].startswith("text/xsl")
    transform = etree.XSLT(etree.fromstring(stylesheet.content))
    return transform(etree.fromstring(feed)).getroot()


@pytest.mark.django_db
def test_the_feed_names_the_apps_stylesheet_before_its_root():
    make_letter(status=LetterStatus.SENT, sent_at=SENT, subject="Ledenbrief oktober")
    feed = Client().get("/ledenbrieven/feed/").content.decode()
    head = feed.split("<feed", 1)[0]
    assert '<?xml-stylesheet href="/ledenbrieven/feed.xsl"' in head and 'type="text/xsl"' in head
    assert "Ledenbrief oktober" in feed  # a feed reader still reads the feed


@pytest.mark.django_db
def test_the_stylesheet_shows_title_language_letters_and_the_way_back():
    letter = make_letter(status=LetterStatus.SENT, sent_at=SENT, subject="Ledenbrief oktober")
    page = _feed_as_page()
    assert page.tag == "html" and page.get("lang") == "nl"
    assert page.findtext("head/title") == "G40-stedennetwerk: ledenbrieven"
    assert page.findtext(".//h1") == "G40-stedennetwerk: ledenbrieven"
    links = {a.text: a.get("href") for a in page.iter("a")}
    assert links["Terug naar het archief van de ledenbrieven"].endswith("/ledenbrieven/")
    assert links[f"{letter.number_label} Ledenbrief oktober"].endswith(f"/{letter.slug}/")
    text = etree.tostring(page, method="text", encoding="unicode")
    assert "28 okt. 2026" in text


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_feed_opened_in_a_browser_is_a_page(chromium, live_server):
    # Not the ``page`` fixture: Chromium 15x puts its own banner (inline style and
    # handlers) into a page made with XSLT, which the app's CSP blocks and reports.
    make_letter(status=LetterStatus.SENT, sent_at=SENT, subject="Ledenbrief oktober")
    context = chromium.new_context(base_url=live_server.url, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto("/ledenbrieven/feed/")
        page.get_by_role("heading", name="G40-stedennetwerk: ledenbrieven", level=1).wait_for()
        assert page.title() == "G40-stedennetwerk: ledenbrieven"
        assert page.evaluate("document.documentElement.lang") == "nl"
        page.get_by_role("link", name="Lbr. 26/001 Ledenbrief oktober").wait_for()
        page.get_by_role("link", name="Terug naar het archief van de ledenbrieven").click()
        page.wait_for_url("**/ledenbrieven/")
        assert_accessible(page)
    finally:
        context.close()


@pytest.mark.django_db
def test_a_feed_reader_gets_atom_and_a_browser_xml_it_styles():
    feed_reader = Client().get("/ledenbrieven/feed/", HTTP_ACCEPT="application/atom+xml")
    assert feed_reader["Content-Type"].startswith("application/atom+xml")
    browser = Client().get(
        "/ledenbrieven/feed/", HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8"
    )
    assert browser["Content-Type"].startswith("application/xml")
    assert "Accept" in browser["Vary"]
