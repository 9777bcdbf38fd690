"""Drafting: numbered per year, gapless, proposed from the apps' sections; the plain
editor refuses markup a letter may not hold; only drafts change."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from infra.registry import LetterSection, registry
from letters import markup, services
from letters.constants import LetterKind, LetterStatus
from letters.models import Letter

from .factories import make_letter


def test_a_draft_takes_the_years_next_number_and_the_vng_label(world):
    first = services.letter_draft(by=world.person("secretariat").user)
    second = services.letter_draft(by=world.person("secretariat").user)
    assert (first.number, second.number) == (1, 2)
    assert first.year == datetime.date.today().year
    assert first.number_label == f"Lbr. {first.year % 100:02d}/001"
    assert second.slug == f"{first.year % 100:02d}-002"


def test_numbers_start_again_each_year(world):
    by = world.person("secretariat").user
    services.letter_draft(by=by, today=datetime.date(2026, 12, 30))
    services.letter_draft(by=by, today=datetime.date(2026, 12, 31))
    new_year = services.letter_draft(by=by, today=datetime.date(2027, 1, 2))
    assert (new_year.year, new_year.number) == (2027, 1)
    assert new_year.number_label == "Lbr. 27/001"


def test_the_database_refuses_a_number_twice(world):
    letter = make_letter()
    with pytest.raises(IntegrityError), transaction.atomic():
        Letter.objects.create(
            year=letter.year, number=letter.number, subject="x", body_html="<p>x</p>"
        )


def test_only_the_secretariat_drafts(world):
    for persona in ("db_member", "pillar_secretary", "official_a"):
        with pytest.raises(ValidationError) as excinfo:
            services.letter_draft(by=world.person(persona).user)
        assert excinfo.value.code == "forbidden"
    assert not Letter.objects.exists()


def test_the_draft_proposes_every_apps_sections_for_the_period_since_the_last_letter(
    world, monkeypatch
):
    """The letter takes whatever sections exist (membership and lobby add theirs in
    parallel): a fake app's hook is found by name, its text escaped."""
    calls = []

    def fake_hooks(module, function):
        assert (module, function) == ("member_letter", "sections")

        def sections(since, until):
            calls.append((since, until))
            return [
                LetterSection("Nieuwe leden", ["Gemeente <Hoorn> is lid geworden"]),
                LetterSection("Leeg", []),
            ]

        return (("admissions", sections),)

    monkeypatch.setattr(registry, "hooks", fake_hooks)
    previous = make_letter()
    previous.covers_until = datetime.date(2026, 9, 30)
    previous.save()
    letter = services.letter_draft(
        by=world.person("secretariat").user, today=datetime.date(2026, 11, 30)
    )
    assert calls == [(datetime.date(2026, 10, 1), datetime.date(2026, 12, 1))]
    assert "<h2>Nieuwe leden</h2>" in letter.body_html
    assert "Gemeente &lt;Hoorn&gt; is lid geworden" in letter.body_html
    assert "Leeg" not in letter.body_html
    assert (letter.covers_from, letter.covers_until) == (
        datetime.date(2026, 10, 1),
        datetime.date(2026, 11, 30),
    )


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("<p>Hoi</p><script>alert(1)</script>", "<script>"),
        ('<p onclick="x()">Hoi</p>', 'onclick="…"'),
        ('<p><a href="javascript:alert(1)">klik</a></p>', "javascript:"),
        ('<p><img src="https://tracker.example/p.gif"></p>', "<img>"),
        ("<svg><circle r='1'/></svg>", "<svg>"),
        ("<style>p{}</style><p>x</p>", "<style>"),
        ('<p style="color:red">x</p>', 'style="…"'),
    ],
)
def test_script_or_foreign_markup_is_refused_naming_what_was_found(world, text, found):
    letter = make_letter()
    with pytest.raises(ValidationError) as excinfo:
        services.letter_update(
            by=world.person("secretariat").user, letter=letter, subject="x", body_html=text
        )
    assert excinfo.value.code == "markup_refused"
    assert found in excinfo.value.messages[0]
    letter.refresh_from_db()
    assert "script" not in letter.body_html and text not in letter.body_html


def test_allowed_markup_is_kept_and_links_get_rel(world):
    letter = make_letter()
    text = (
        "<h2>Kop</h2><p><strong>Vet</strong> en <em>schuin</em>, "
        '<a href="https://g40.nl">site</a></p><ul><li>een</li></ul><blockquote>c</blockquote>'
    )
    services.letter_update(
        by=world.person("secretariat").user, letter=letter, subject="S", body_html=text
    )
    letter.refresh_from_db()
    assert '<a href="https://g40.nl" rel="noopener noreferrer">site</a>' in letter.body_html
    assert "<h2>Kop</h2>" in letter.body_html and "<blockquote>c</blockquote>" in letter.body_html


def test_the_editor_shows_the_refusal_and_changes_nothing(world):
    letter = make_letter()
    client = world.client("secretariat")
    response = client.post(
        reverse("letters:edit", kwargs={"pk": letter.pk}),
        {"subject": "Nieuw", "body_html": "<p>x</p><script>alert(1)</script>"},
    )
    assert response.status_code == 200
    assert "&lt;script&gt;" in response.content.decode()
    assert response.context["form"].errors.as_data()["body_html"][0].code == "markup_refused"
    letter.refresh_from_db()
    assert letter.subject != "Nieuw"


def test_the_sanitiser_is_the_last_word_whatever_the_path(world):
    assert markup.sanitise('<p onclick="x">a</p><script>b</script><img src=x>') == "<p>a</p>"


@pytest.mark.parametrize("status", [LetterStatus.APPROVED, LetterStatus.SENT])
def test_a_letter_is_not_edited_once_approved_or_sent(world, status):
    letter = make_letter(status=status)
    with pytest.raises(ValidationError) as excinfo:
        services.letter_update(
            by=world.person("secretariat").user,
            letter=letter,
            subject="Anders",
            body_html="<p>Anders</p>",
        )
    assert excinfo.value.code == ("already_sent" if status == LetterStatus.SENT else "not_a_draft")
    letter.refresh_from_db()
    assert letter.subject != "Anders"


def test_the_database_refuses_to_change_a_sent_letter(world):
    letter = make_letter(status=LetterStatus.SENT)
    with pytest.raises(IntegrityError), transaction.atomic():
        Letter.objects.filter(pk=letter.pk).update(sent_html="<p>stiekem</p>")
    with pytest.raises(IntegrityError), transaction.atomic():
        Letter.objects.filter(pk=letter.pk).update(status=LetterStatus.DRAFT)
    # A draft changes freely. (Deleting a sent letter: PostgreSQL refuses it too, see
    # test_concurrency.py; the SQLite test runner empties tables with DELETE.)
    draft = make_letter()
    Letter.objects.filter(pk=draft.pk).update(body_html="<p>ok</p>")


def test_an_erratum_corrects_a_sent_letter_only(world):
    by = world.person("secretariat").user
    draft = make_letter()
    with pytest.raises(ValidationError) as excinfo:
        services.letter_draft(by=by, kind=LetterKind.ERRATUM, corrects=draft)
    assert excinfo.value.code == "not_sent"
    sent = make_letter(status=LetterStatus.SENT)
    erratum = services.letter_draft(by=by, kind=LetterKind.ERRATUM, corrects=sent)
    assert erratum.corrects == sent and erratum.number == sent.number + 1
    assert sent.number_label in erratum.subject


def test_the_database_ties_errata_and_introductions_to_their_letter_and_election(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Letter.objects.create(
            kind=LetterKind.ERRATUM, year=2026, number=90, subject="x", body_html="<p>x</p>"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Letter.objects.create(
            kind=LetterKind.INTRODUCTION, year=2026, number=91, subject="x", body_html="<p>x</p>"
        )


def test_the_proposal_is_in_dutch_whatever_the_drafters_language(world):
    from django.utils import translation

    with translation.override("en"):
        letter = services.letter_draft(by=world.person("secretariat").user)
    assert letter.subject == "Ledenbrief van het G40-stedennetwerk"
    assert "Met vriendelijke groet" in letter.body_html
