"""In a real browser at phone width, with axe-core: the secretariat drafts a member
letter, the DB's chair approves it, and it appears in the public archive and the feed;
the public pages (archive, letter, subscribing, confirming, unsubscribing) pass axe."""

import feedparser
import pytest

from letters import tokens
from letters.constants import LetterStatus
from letters.models import Letter

from ..browser import assert_accessible, log_in
from ..factories import PASSWORD
from .factories import make_subscriber

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_drafted_approved_and_public(page, chromium, live_server, world):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "secretariat", PASSWORD)
    page.goto("/letters/new/")
    page.get_by_role("heading", name="Nieuwe ledenbrief").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Brief opstellen").click()
    page.wait_for_url("**/edit/")
    assert_accessible(page)
    page.get_by_label("Onderwerp").fill("Ledenbrief over de regio")
    page.get_by_label("Tekst (HTML)").fill("<p>Geachte raad,</p><p>De regio is aan zet.</p>")
    page.get_by_role("button", name="Concept opslaan").click()
    letter = Letter.objects.get()
    page.wait_for_url(f"**/letters/{letter.pk}/")
    assert "Het concept is opgeslagen." in page.get_by_role("status").first.inner_text()
    assert_accessible(page)

    chair_context = chromium.new_context(base_url=live_server.url, locale="nl-NL")
    chair = chair_context.new_page()
    chair.set_viewport_size({"width": 390, "height": 844})
    log_in(chair, "db-member", PASSWORD)
    chair.goto(f"/letters/{letter.pk}/")
    chair.get_by_role("link", name="Goedkeuren en verzenden").click()
    chair.wait_for_url(f"**/letters/{letter.pk}/approve/")
    # The confirmation says what is sent and to whom before anything is.
    assert "e-mail" in chair.locator("#approve-mails").inner_text()
    assert_accessible(chair)
    assert Letter.objects.get(pk=letter.pk).status == LetterStatus.DRAFT
    chair.get_by_role("button", name="Ja, goedkeuren en verzenden").click()
    chair.wait_for_url(f"**/letters/{letter.pk}/")
    assert "goedgekeurd" in chair.get_by_role("status").first.inner_text()
    chair_context.close()
    letter.refresh_from_db()
    assert letter.status == LetterStatus.SENT

    public_context = chromium.new_context(base_url=live_server.url, locale="nl-NL")
    public = public_context.new_page()
    public.set_viewport_size({"width": 390, "height": 844})
    public.goto("/ledenbrieven/")
    assert_accessible(public)
    public.get_by_role("link", name=letter.number_label).click()
    public.get_by_role("heading", name="Ledenbrief over de regio").wait_for()
    assert "De regio is aan zet." in public.content()
    assert_accessible(public)
    feed = feedparser.parse(public.request.get("/ledenbrieven/feed/").body())
    assert feed.version == "atom10"
    assert [entry.title for entry in feed.entries] == [
        f"{letter.number_label} Ledenbrief over de regio"
    ]
    public_context.close()


def test_the_subscription_pages_pass_axe(page, world):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/ledenbrieven/aanmelden/")
    assert_accessible(page)
    page.get_by_label("Uw e-mailadres").fill("geen-adres")
    page.get_by_role("button", name="Aanmelden").click()
    page.get_by_text("Vul een geldig e-mailadres in.").first.wait_for()
    assert_accessible(page)
    pending = make_subscriber("nieuw@example.org", confirmed=False)
    page.goto(f"/ledenbrieven/aanmelden/{tokens.make(pending, tokens.CONFIRM_SALT)}/")
    assert_accessible(page)
    page.get_by_role("button", name="Mijn aanmelding bevestigen").click()
    page.wait_for_url("**/ledenbrieven/")
    page.goto(f"/ledenbrieven/afmelden/{tokens.make(pending, tokens.UNSUBSCRIBE_SALT)}/")
    assert_accessible(page)
    page.get_by_role("button", name="Afmelden").click()
    page.wait_for_url("**/ledenbrieven/")
    assert "uw adres is verwijderd" in page.get_by_role("status").first.inner_text()


def test_the_secretariat_confirms_a_clerk_after_the_election(page, world):
    import datetime

    from letters.models import Election, RoleConfirmation

    from .factories import make_addressee

    page.set_viewport_size({"width": 390, "height": 844})
    election = Election.objects.create(held_on=datetime.date(2026, 3, 18), name="GR 2026")
    role = make_addressee(
        city=world.city_a, starts_on=datetime.date(2025, 1, 1), name="Marieke Hoekstra"
    )
    log_in(page, "secretariat", PASSWORD)
    page.goto(f"/letters/elections/{election.pk}/")
    page.get_by_role("table", name="Zwolle").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Marieke Hoekstra bevestigen").click()
    page.get_by_text("Iedereen is sinds de verkiezing bevestigd.").wait_for()
    assert RoleConfirmation.objects.filter(election=election, role=role).exists()
    assert_accessible(page)
