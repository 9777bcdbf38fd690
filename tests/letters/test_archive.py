"""The public archive: without an account, only sent letters, exactly as sent, with
errata linked; the Atom feed; a PDF per letter; nothing personal; fixed query counts."""

import io

import feedparser
import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from letters.constants import LetterKind, LetterStatus

from .factories import make_letter


@pytest.fixture
def anonymous(db):
    return Client()


def _sent(n, **fields):
    return [make_letter(status=LetterStatus.SENT, subject=f"Brief {i}", **fields) for i in range(n)]


def test_the_archive_lists_sent_letters_only(world, anonymous):
    sent = make_letter(status=LetterStatus.SENT, subject="Verzonden brief")
    make_letter(subject="Concept in de maak")
    make_letter(status=LetterStatus.APPROVED, subject="Goedgekeurd, nog niet weg")
    page = anonymous.get(reverse("ledenbrieven:list")).content.decode()
    assert "Verzonden brief" in page and sent.number_label in page
    assert "Concept in de maak" not in page and "Goedgekeurd" not in page


def test_a_draft_is_not_in_the_public_archive(world, anonymous):
    draft = make_letter()
    assert anonymous.get(reverse("ledenbrieven:detail", args=[draft.slug])).status_code == 404
    assert anonymous.get(reverse("ledenbrieven:pdf", args=[draft.slug])).status_code == 404
    assert anonymous.get("/ledenbrieven/nonsense/").status_code == 404


def test_a_letter_shows_exactly_as_sent_and_its_errata(world, anonymous):
    letter = make_letter(status=LetterStatus.SENT, body="<p>Zoals verzonden</p>")
    erratum = make_letter(
        status=LetterStatus.SENT,
        kind=LetterKind.ERRATUM,
        corrects=letter,
        subject="Erratum",
        body="<p>Correctie</p>",
    )
    make_letter(kind=LetterKind.ERRATUM, corrects=letter, subject="Concept-erratum")
    page = anonymous.get(reverse("ledenbrieven:detail", args=[letter.slug])).content.decode()
    assert "<p>Zoals verzonden</p>" in page
    assert erratum.get_absolute_url() in page and "Concept-erratum" not in page
    erratum_page = anonymous.get(erratum.get_absolute_url()).content.decode()
    assert letter.get_absolute_url() in erratum_page


def test_nothing_personal_on_the_public_pages(world, anonymous):
    letter = make_letter(status=LetterStatus.SENT)
    letter_user = world.person("secretariat").user
    draft = make_letter()
    draft.drafted_by = letter_user
    draft.save()
    for url in (
        reverse("ledenbrieven:list"),
        reverse("ledenbrieven:detail", args=[letter.slug]),
        reverse("ledenbrieven:feed"),
    ):
        content = anonymous.get(url).content.decode()
        assert letter_user.username not in content
        assert "@example.org" not in content


def test_the_feed_is_atom_with_the_sent_letters(world, anonymous):
    first, second = _sent(2)
    make_letter(subject="Geheim concept")
    response = anonymous.get(reverse("ledenbrieven:feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    titles = [entry.title for entry in feed.entries]
    assert titles == [f"{second.number_label} Brief 1", f"{first.number_label} Brief 0"]
    assert feed.entries[0].link.endswith(second.get_absolute_url())
    assert "Netwerkdagen" in feed.entries[0].summary
    assert all("Geheim" not in title for title in titles)


def test_the_pdf_holds_the_letter_as_sent(world, anonymous):
    letter = make_letter(
        status=LetterStatus.SENT,
        subject="Ledenbrief over wonen",
        body="<p>De woningbouwopgave in middelgrote steden.</p>",
    )
    response = anonymous.get(reverse("ledenbrieven:pdf", args=[letter.slug]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert letter.number_label in text
    assert "Ledenbrief over wonen" in text
    assert "woningbouwopgave" in text


@pytest.mark.parametrize("url_name", ["ledenbrieven:list", "ledenbrieven:feed"])
def test_archive_pages_run_a_fixed_number_of_queries(
    world, anonymous, django_assert_max_num_queries, url_name
):
    _sent(2)
    with django_assert_max_num_queries(4) as small:
        anonymous.get(reverse(url_name))
    _sent(25)
    with django_assert_max_num_queries(len(small.captured_queries)):
        anonymous.get(reverse(url_name))


def test_a_letter_page_runs_a_fixed_number_of_queries(
    world, anonymous, django_assert_max_num_queries
):
    letter = make_letter(status=LetterStatus.SENT)
    make_letter(status=LetterStatus.SENT, kind=LetterKind.ERRATUM, corrects=letter)
    url = reverse("ledenbrieven:detail", args=[letter.slug])
    with django_assert_max_num_queries(4) as small:
        anonymous.get(url)
    for _ in range(10):
        make_letter(status=LetterStatus.SENT, kind=LetterKind.ERRATUM, corrects=letter)
    with django_assert_max_num_queries(len(small.captured_queries)):
        anonymous.get(url)


def test_the_office_list_runs_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    client = world.client("secretariat")
    client.get(reverse("letters:list"))  # the session, once
    _sent(2)
    make_letter()
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("letters:list"))
    _sent(20)
    for _ in range(5):
        make_letter()
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("letters:list"))


# --- a sent letter's PDFs are rendered once, when it is sent (issue 22, item 3) -------


def test_sending_a_letter_stores_its_pdfs_in_each_language(
    world, django_capture_on_commit_callbacks
):
    from letters.models import LetterPdf
    from letters.services_sending import letter_send

    letter = make_letter(status=LetterStatus.APPROVED, subject="Ledenbrief over wonen")
    with django_capture_on_commit_callbacks(execute=True):
        letter_send(letter=letter)
    stored = {pdf.language: pdf for pdf in LetterPdf.objects.filter(letter=letter)}
    assert set(stored) == {"nl", "en"}
    for pdf in stored.values():
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(bytes(pdf.content))).pages)
        assert "Ledenbrief over wonen" in text
        assert pdf.render_seconds >= 0


def test_the_archive_serves_the_stored_pdf_and_never_renders(world, anonymous, monkeypatch):
    from letters import pdf
    from letters.models import LetterPdf

    letter = make_letter(status=LetterStatus.SENT)
    LetterPdf.objects.create(letter=letter, language="nl", content=b"%PDF-stored")

    def no_render(*args, **kwargs):
        raise AssertionError("a request rendered a PDF")

    monkeypatch.setattr(pdf, "render_letter_pdf", no_render)
    response = anonymous.get(reverse("ledenbrieven:pdf", args=[letter.slug]))
    assert response.status_code == 200 and response.content == b"%PDF-stored"


def test_a_missing_pdf_is_queued_once_and_not_rendered_in_the_request(
    world, anonymous, monkeypatch
):
    """With a broker the task runs in the worker: the request answers 503 and queues
    the task once, however many requests come."""
    from letters import pdf, tasks

    queued = []
    monkeypatch.setattr(tasks.store_letter_pdfs, "delay", lambda pk: queued.append(pk))
    monkeypatch.setattr(
        pdf, "render_letter_pdf", lambda *a, **k: (_ for _ in ()).throw(AssertionError)
    )
    letter = make_letter(status=LetterStatus.SENT)
    for _ in range(3):
        response = anonymous.get(reverse("ledenbrieven:pdf", args=[letter.slug]))
        assert response.status_code == 503 and response["Retry-After"] == "60"
    assert queued == [letter.pk]


# --- HTTP caching: validators and Cache-Control: public (issue 24) ----------------------
@pytest.mark.parametrize("url_name", ["ledenbrieven:list", "ledenbrieven:feed"])
def test_the_archive_and_its_feed_answer_304_until_a_letter_is_sent(world, anonymous, url_name):
    _sent(2)
    url = reverse(url_name)
    first = anonymous.get(url)
    assert first.status_code == 200
    assert first["ETag"] and first["Last-Modified"]
    assert "public" in first["Cache-Control"] and "no-store" not in first["Cache-Control"]
    again = anonymous.get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    since = anonymous.get(url, headers={"If-Modified-Since": first["Last-Modified"]})
    assert since.status_code == 304
    # A draft changes nothing public; a letter sent does.
    make_letter(subject="Concept")
    assert anonymous.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 304
    _sent(1)
    fresh = anonymous.get(url, headers={"If-None-Match": first["ETag"]})
    assert fresh.status_code == 200 and fresh["ETag"] != first["ETag"]


def test_a_letter_and_its_pdf_are_public_and_conditional(world, anonymous):
    letter = make_letter(status=LetterStatus.SENT)
    page = anonymous.get(reverse("ledenbrieven:detail", args=[letter.slug]))
    assert "public" in page["Cache-Control"]
    pdf = anonymous.get(reverse("ledenbrieven:pdf", args=[letter.slug]))
    assert pdf.status_code == 200
    assert "public" in pdf["Cache-Control"] and "max-age=86400" in pdf["Cache-Control"]
    assert (
        anonymous.get(
            reverse("ledenbrieven:pdf", args=[letter.slug]), headers={"If-None-Match": pdf["ETag"]}
        ).status_code
        == 304
    )


def test_a_signed_in_reader_gets_validators_but_no_public_copy(world):
    _sent(1)
    client = world.client("official_a")
    response = client.get(reverse("ledenbrieven:list"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    # Not the anonymous reader's version either.
    anonymous = Client().get(reverse("ledenbrieven:list"))
    assert anonymous["ETag"] != response["ETag"]
