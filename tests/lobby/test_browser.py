"""Browser journey with axe-core on each page: a city contact records a deviation (a
notice to the DB); the DB acknowledges it from its dashboard."""

import re

import pytest

from lobby.constants import StanceKind
from lobby.models import DeviationNotice

from ..browser import assert_accessible, log_in
from ..factories import PASSWORD
from .factories import AgreedVersionFactory, DossierFactory, MomentFactory, VersionFactory, days

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _label(text: str) -> re.Pattern:
    return re.compile(rf"^\s*{re.escape(text)}\s*\*?\s*$")


@pytest.fixture
def dossier(lobby_world):
    dossier = DossierFactory(
        subject="Woningbouw",
        pillar=lobby_world.pillar,
        coordinator=lobby_world.person("lobby_coordinator"),
    )
    AgreedVersionFactory(dossier=dossier, number=1, title="Middelgrote steden bouwen door")
    VersionFactory(dossier=dossier, number=2, title="Bouwen met de regio", stances_due_on=days(9))
    MomentFactory(dossier=dossier, title="Commissiedebat")
    return dossier


def test_a_contact_deviates_and_the_db_acknowledges_it(page, lobby_world, dossier):
    log_in(page, "contact-a", PASSWORD)
    page.goto("/lobby/")
    page.get_by_role("heading", name="Lobby", level=1).wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Woningbouw").click()
    page.wait_for_url(f"**/lobby/{dossier.pk}/")
    assert_accessible(page)

    page.goto("/lobby/cities/GM0193/")
    page.get_by_role("heading", name="Lobbystandpunten van Zwolle", level=1).wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Standpunt vastleggen (Woningbouw)").first.click()
    page.wait_for_url("**/lobby/positions/*/cities/GM0193/")
    assert_accessible(page)

    # Deviating without an explanation for the outside world: a clear message.
    page.get_by_label("wijkt af").check()
    page.get_by_label(_label("Wat gaat de stad anders doen?")).fill("Een eigen brief aan de Kamer")
    page.get_by_label(_label("Waarom?")).fill("De regiodeal vraagt een eigen accent")
    page.get_by_label(_label("Vanaf welke datum?")).fill(days(20).isoformat())
    page.get_by_role("button", name="Standpunt vastleggen").click()
    page.get_by_text("Geef een korte uitleg voor de buitenwereld.").wait_for()
    assert_accessible(page)
    assert not DeviationNotice.objects.exists()

    page.get_by_label(_label("Uitleg voor de buitenwereld")).fill(
        "Zwolle steunt de boodschap en legt een regionaal accent."
    )
    page.get_by_role("button", name="Standpunt vastleggen").click()
    page.wait_for_url("**/lobby/cities/GM0193/")
    assert "is vastgelegd" in page.get_by_role("status").first.inner_text()
    assert_accessible(page)
    notice = DeviationNotice.objects.get()
    assert notice.stance.kind == StanceKind.DEVIATE and notice.unexpected == ""

    page.goto(notice.get_absolute_url())
    assert_accessible(page)
    page.get_by_role("button", name="Uitloggen").click()

    log_in(page, "db-member", PASSWORD)
    page.goto("/")
    page.get_by_role("heading", name="Lobby", level=2).wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Bevestigen (Zwolle, Woningbouw)").click()
    page.wait_for_url(f"**/lobby/notices/{notice.pk}/acknowledge/")
    assert_accessible(page)
    page.get_by_label(_label("De reactie van het DB")).fill("Het DB neemt er kennis van.")
    page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_url("**/")
    assert "bevestigd" in page.get_by_role("status").first.inner_text()
    assert "Geen openstaande afwijkingsmeldingen." in page.content()
    assert_accessible(page)
    notice.refresh_from_db()
    assert notice.response == "Het DB neemt er kennis van."

    page.goto(f"/lobby/{dossier.pk}/")
    assert "Het DB neemt er kennis van." in page.content()  # in the timeline
    assert_accessible(page)


def test_the_coordinator_and_pillar_pages_are_accessible(page, lobby_world, dossier):
    log_in(page, "lobby-coordinator", PASSWORD)
    moment = dossier.moments.get()
    for url in (
        f"/lobby/{dossier.pk}/",
        f"/lobby/{dossier.pk}/edit/",
        f"/lobby/{dossier.pk}/moments/{moment.pk}/plan/",
        f"/lobby/{dossier.pk}/city-actions/new/",
        "/lobby/new/",
        "/lobby/notices/",
    ):
        page.goto(url)
        page.get_by_role("heading", level=1).wait_for()
        assert_accessible(page)
    page.get_by_role("button", name="Uitloggen").click()
    log_in(page, "pillar-secretary", PASSWORD)
    proposal = dossier.versions.get(number=2)
    for url in (
        f"/lobby/{dossier.pk}/positions/{proposal.pk}/edit/",
        f"/lobby/{dossier.pk}/moments/new/",
        f"/lobby/{dossier.pk}/moments/{moment.pk}/edit/",
    ):
        page.goto(url)
        page.get_by_role("heading", level=1).wait_for()
        assert_accessible(page)


def test_the_db_agrees_a_position_after_the_confirmation_at_phone_width(page, lobby_world, dossier):
    """Issue 23, items 1 and 3: the confirmation names the cities that have not answered
    and asks for a reason before the deadline; only its button agrees."""
    from lobby.constants import VersionStatus
    from lobby.models import PositionVersion

    proposal = dossier.versions.get(number=2)
    proposal.status = VersionStatus.AT_DB
    proposal.save()
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "db-member", PASSWORD)
    page.goto(f"/lobby/{dossier.pk}/")
    page.get_by_role("link", name="Dit standpunt vaststellen").click()
    page.wait_for_url(f"**/positions/{proposal.pk}/agree/")
    assert_accessible(page)
    assert lobby_world.city_b.name in page.content()
    page.get_by_role("button", name="Ja, dit standpunt vaststellen").click()
    page.get_by_text("Geef de reden van het DB").first.wait_for()
    assert_accessible(page)
    assert PositionVersion.objects.get(pk=proposal.pk).status == VersionStatus.AT_DB
    page.get_by_label(_label("Reden om nu vast te stellen")).fill("Het debat is morgen.")
    page.get_by_role("button", name="Ja, dit standpunt vaststellen").click()
    page.wait_for_url(f"**/lobby/{dossier.pk}/")
    proposal.refresh_from_db()
    assert (proposal.status, proposal.agreed_reason) == (
        VersionStatus.AGREED,
        "Het debat is morgen.",
    )
