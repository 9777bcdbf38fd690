"""A member letter written for Dutch councils is Dutch from the first word to the last,
whatever language the secretariat reads the app in (issue 22, item 8: "Dear members of
the council and the college," went to six mails, the archive, the PDF and the feed).

The check is general: no text that reaches a Dutch reader — the mails, the archive
page, the PDF, the feed — holds an English sentence of the project's catalogues or of
its code (``tests/catalogues.py``), so the next untranslated string fails here too."""

import datetime
import io

import pytest
from django.test import Client
from django.utils import timezone, translation

from letters import services
from letters.constants import LetterKind, LetterStatus
from letters.models import Election, Letter
from networkdays.constants import NetworkDayStatus
from outbox.models import OutgoingMail
from tests.catalogues import english_sentences
from tests.lobby.factories import AgreedVersionFactory, DossierFactory
from tests.networkdays.factories import NetworkDayFactory
from tests.themegroups.factories import ThemeGroupFactory
from themegroups.constants import ThemeGroupStatus

from .factories import make_addressee, make_letter, make_subscriber

TODAY = datetime.date(2026, 11, 20)
NOW = timezone.make_aware(datetime.datetime(2026, 11, 20, 10, 0))


# The whole test at NOW, the world made then too (the marker's fixture comes first), so
# the personas' roles have begun on that day whatever today is.
pytestmark = pytest.mark.time_machine(NOW, tick=False)


@pytest.fixture
def readers(world):
    make_addressee(city=world.city_a, email="griffie@zwolle.example")
    make_subscriber("lezer@example.org")


@pytest.fixture
def period_with_news(world):
    """Something from every app that proposes a section for the letter's period."""
    NetworkDayFactory(
        title="Netwerkdag Zwolle",
        date=TODAY - datetime.timedelta(days=20),
        host_city=world.city_a,
        status=NetworkDayStatus.PUBLISHED,
    )
    NetworkDayFactory(
        title="Netwerkdag Almere",
        date=TODAY + datetime.timedelta(days=40),
        host_city=world.city_b,
        status=NetworkDayStatus.PUBLISHED,
    )
    ThemeGroupFactory(
        name="Wonen en zorg",
        status=ThemeGroupStatus.ACTIVE,
        started_on=TODAY - datetime.timedelta(days=10),
        review_due_on=TODAY + datetime.timedelta(days=365),
        lead_pillar=world.pillar,
    )
    dossier = DossierFactory(subject="Woningbouw", pillar=world.pillar)
    AgreedVersionFactory(
        dossier=dossier,
        title="Meer middelen",
        summary="De steden vragen structurele middelen.",
        agreed_at=NOW - datetime.timedelta(days=5),
    )


def _english_in(texts: dict[str, str]) -> list[str]:
    sentences = english_sentences()
    return [
        f"{where}: {found!r}" for where, text in texts.items() for found in sentences.find(text)
    ]


def _what_a_dutch_reader_gets(letter: Letter) -> dict[str, str]:
    from pypdf import PdfReader

    reader = Client(HTTP_ACCEPT_LANGUAGE="nl")
    texts = {
        f"mail to {mail.to[0]}": f"{mail.subject}\n{mail.body}"
        for mail in OutgoingMail.objects.filter(key__startswith=f"letter:{letter.pk}:")
    }
    page = reader.get(letter.get_absolute_url())
    assert page.status_code == 200
    texts["archive page"] = page.content.decode()
    pdf = reader.get(f"/ledenbrieven/{letter.slug}.pdf")
    assert pdf.status_code == 200
    content = b"".join(pdf.streaming_content) if pdf.streaming else pdf.content
    texts["PDF"] = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    feed = reader.get("/ledenbrieven/feed/")
    texts["feed"] = feed.content.decode()
    return texts


def _approve_and_send(world, letter, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.letter_approve(by=world.person("db_member").user, letter=letter)
    letter.refresh_from_db()
    assert letter.status == LetterStatus.SENT
    return letter


@pytest.mark.parametrize("secretariat_reads", ["nl", "en"])
def test_a_proposed_member_letter_reaches_its_readers_in_dutch_only(
    world, readers, period_with_news, django_capture_on_commit_callbacks, secretariat_reads
):
    with translation.override(secretariat_reads):
        letter = services.letter_draft(by=world.person("secretariat").user)
    assert letter.body_html.startswith("<p>Geachte leden van de raad en van het college,</p>")
    for section in ("Gehouden netwerkdagen", "Komende netwerkdagen", "themagroepen", "Woningbouw"):
        assert section in letter.body_html, section
    assert _english_in({"draft": f"{letter.subject}\n{letter.body_html}"}) == []
    letter = _approve_and_send(world, letter, django_capture_on_commit_callbacks)
    assert _english_in(_what_a_dutch_reader_gets(letter)) == []


def test_a_letter_with_nothing_to_report_is_dutch_too(
    world, readers, django_capture_on_commit_callbacks
):
    with translation.override("en"):
        letter = services.letter_draft(by=world.person("secretariat").user)
    assert "Niets te melden sinds de vorige brief." in letter.body_html
    letter = _approve_and_send(world, letter, django_capture_on_commit_callbacks)
    assert _english_in(_what_a_dutch_reader_gets(letter)) == []


def test_an_erratum_and_an_introduction_letter_are_dutch_with_dutch_dates(
    world, readers, django_capture_on_commit_callbacks
):
    original = make_letter(status=LetterStatus.SENT, sent_at=NOW - datetime.timedelta(days=3))
    with translation.override("en"):
        erratum = services.letter_draft(
            by=world.person("secretariat").user, kind=LetterKind.ERRATUM, corrects=original
        )
    erratum = _approve_and_send(world, erratum, django_capture_on_commit_callbacks)
    assert _english_in(_what_a_dutch_reader_gets(erratum)) == []

    election = Election.objects.create(held_on=datetime.date(2026, 3, 18), name="Raad 2026")
    make_addressee(city=world.city_b, email="griffie@almere.example")
    with translation.override("en"):
        introduction = services.letter_draft(
            by=world.person("secretariat").user, kind=LetterKind.INTRODUCTION, election=election
        )
    assert "18 maart 2026" in introduction.body_html
    assert "18-03-2026" not in introduction.body_html
    introduction = _approve_and_send(world, introduction, django_capture_on_commit_callbacks)
    assert _english_in(_what_a_dutch_reader_gets(introduction)) == []


def test_the_check_finds_an_english_sentence_in_what_a_reader_gets(
    world, readers, django_capture_on_commit_callbacks
):
    # Guard: the check is not blind to the slip it was written for.
    letter = make_letter(body="<p>Dear members of the council and the college,</p><p>Tekst.</p>")
    letter = _approve_and_send(world, letter, django_capture_on_commit_callbacks)
    found = _english_in(_what_a_dutch_reader_gets(letter))
    for where in ("mail to griffie@zwolle.example", "archive page", "PDF", "feed"):
        assert any(line.startswith(f"{where}: ") for line in found), (where, found)
