"""Approval by the DB's chair, and sending: once, each address once, to the member
cities' council clerks and college contacts and the confirmed subscribers."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from letters import services
from letters.constants import LetterStatus
from letters.models import Letter
from letters.services_sending import letter_send, letters_send_approved
from letters.tasks import send_letter
from members.actors import SYSTEM
from members.constants import BoardPosition, CityStatus, RoleKind
from members.models import City
from outbox.models import OutgoingMail
from tests.factories import CityFactory, make_person_with_login

from .factories import make_addressee, make_letter, make_subscriber


def _letter_mails(letter):
    return OutgoingMail.objects.filter(key__startswith=f"letter:{letter.pk}:")


@pytest.fixture
def addressees(world):
    """Clerks and college contacts of member cities A and B, one of a former member,
    a subscriber who is also a clerk, one confirmed and one unconfirmed subscriber."""
    make_addressee(city=world.city_a, kind=RoleKind.GRIFFIER, email="griffie@zwolle.example")
    make_addressee(city=world.city_a, kind=RoleKind.COLLEGE_CONTACT, email="college@zwolle.example")
    make_addressee(city=world.city_b, kind=RoleKind.GRIFFIER, email="griffie@almere.example")
    former = CityFactory(status=CityStatus.FORMER)
    make_addressee(city=former, kind=RoleKind.GRIFFIER, email="griffie@vroeger.example")
    ended = make_addressee(city=world.city_b, kind=RoleKind.COLLEGE_CONTACT, email="oud@x.example")
    ended.ends_on = datetime.date.today() - datetime.timedelta(days=1)
    ended.save()
    make_subscriber("griffie@almere.example")
    make_subscriber("lezer@example.org")
    make_subscriber("nog-niet@example.org", confirmed=False)
    return {
        "griffie@zwolle.example",
        "college@zwolle.example",
        "griffie@almere.example",
        "lezer@example.org",
    }


def test_none_is_no_actor_and_the_system_approves_without_a_login(world):
    """``by=None`` is a programming error (issue 24), never "skip the check"; ``SYSTEM``
    approves and no login is kept as the approver."""
    letter = make_letter()
    with pytest.raises(TypeError):
        services.letter_approve(by=None, letter=letter)
    letter.refresh_from_db()
    assert letter.status == LetterStatus.DRAFT
    services.letter_approve(by=SYSTEM, letter=letter)
    letter.refresh_from_db()
    assert letter.status == LetterStatus.APPROVED and letter.approved_by is None


def test_only_the_chair_approves_also_their_own_draft_is_no_exception(world):
    letter = make_letter()
    letter.drafted_by = world.person("secretariat").user
    letter.save()
    # The drafter (secretariat, no chair role) may not approve their own draft.
    for persona in ("secretariat", "pillar_secretary", "official_a"):
        with pytest.raises(ValidationError) as excinfo:
            services.letter_approve(by=world.person(persona).user, letter=letter)
        assert excinfo.value.code == "forbidden"
    # A DB member who is not the chair may not either.
    vice = make_person_with_login(
        username="vice",
        city=world.city_a,
        roles=[(RoleKind.DB_MEMBER, BoardPosition.VICE_CHAIR, None)],
    )
    with pytest.raises(ValidationError) as excinfo:
        services.letter_approve(by=vice.user, letter=letter)
    assert excinfo.value.code == "forbidden"
    letter.refresh_from_db()
    assert letter.status == LetterStatus.DRAFT
    services.letter_approve(by=world.person("db_member").user, letter=letter)
    letter.refresh_from_db()
    assert letter.status == LetterStatus.APPROVED
    assert letter.approved_by == world.person("db_member").user


def test_a_secretary_who_is_also_chair_may_approve_their_own_draft(world):
    both = make_person_with_login(
        username="both",
        city=world.city_a,
        roles=[(RoleKind.SECRETARIAT, "", None), (RoleKind.DB_MEMBER, BoardPosition.CHAIR, None)],
    )
    letter = services.letter_draft(by=both.user)
    services.letter_approve(by=both.user, letter=letter)
    assert Letter.objects.get(pk=letter.pk).status == LetterStatus.APPROVED


def test_approving_sends_once_to_each_address(
    world, addressees, django_capture_on_commit_callbacks, mailoutbox
):
    letter = make_letter(body='<p>Beste <a href="https://g40.nl/x">lees</a></p>')
    with django_capture_on_commit_callbacks(execute=True):
        services.letter_approve(by=world.person("db_member").user, letter=letter)
    letter.refresh_from_db()
    assert letter.status == LetterStatus.SENT
    assert letter.sent_html == letter.body_html and letter.sent_subject == letter.subject
    assert letter.recipient_count == len(addressees)
    assert {tuple(m.to) for m in mailoutbox} == {(a,) for a in addressees}
    assert len(mailoutbox) == len(addressees)
    by_address = {m.to[0]: m for m in mailoutbox}
    subscriber_mail = by_address["lezer@example.org"].body
    clerk_mail = by_address["griffie@zwolle.example"].body
    assert "/ledenbrieven/afmelden/" in subscriber_mail
    # A clerk who is also a subscriber gets one mail, with the unsubscribe link.
    assert "/ledenbrieven/afmelden/" in by_address["griffie@almere.example"].body
    assert "/ledenbrieven/afmelden/" not in clerk_mail and "secreta" in clerk_mail.lower()
    assert letter.number_label in by_address["lezer@example.org"].subject
    assert f"/ledenbrieven/{letter.slug}/" in subscriber_mail
    assert "lees (https://g40.nl/x)" in subscriber_mail
    # Plain text: no HTML, so no tracking pixel.
    assert "<" not in subscriber_mail


def test_the_task_run_twice_sends_nothing_twice(
    world, addressees, django_capture_on_commit_callbacks, mailoutbox
):
    letter = make_letter(status=LetterStatus.APPROVED)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_letter(letter.pk) == len(addressees)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_letter(letter.pk) == 0
        assert letters_send_approved() == 0
    assert len(mailoutbox) == len(addressees)
    assert _letter_mails(letter).count() == len(addressees)


def test_sending_twice_is_refused_by_the_service(world, addressees):
    letter = make_letter(status=LetterStatus.APPROVED)
    letter_send(letter=letter)
    with pytest.raises(ValidationError) as excinfo:
        letter_send(letter=letter)
    assert excinfo.value.code == "already_sent"
    assert _letter_mails(letter).count() == len(addressees)


def test_a_draft_is_not_sent(world, addressees):
    letter = make_letter()
    with pytest.raises(ValidationError) as excinfo:
        letter_send(letter=letter)
    assert excinfo.value.code == "not_approved"
    assert not _letter_mails(letter).exists()


def test_approving_twice_is_refused(world):
    letter = make_letter()
    services.letter_approve(by=world.person("db_member").user, letter=letter)
    with pytest.raises(ValidationError) as excinfo:
        services.letter_approve(by=world.person("db_member").user, letter=letter)
    assert excinfo.value.code == "not_a_draft"


def test_the_sweep_sends_an_approved_letter_whose_task_was_lost(world, addressees):
    letter = make_letter(status=LetterStatus.APPROVED)
    assert letters_send_approved() == 1
    letter.refresh_from_db()
    assert letter.status == LetterStatus.SENT


def test_approve_page_refuses_the_secretariat_and_sends_for_the_chair(
    world, addressees, django_capture_on_commit_callbacks
):
    letter = make_letter()
    url = reverse("letters:approve", kwargs={"pk": letter.pk})
    assert world.client("secretariat").post(url, {"confirm": "yes"}).status_code == 403
    assert world.client("secretariat").get(url).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = world.client("db_member").post(url, {"confirm": "yes"})
    assert response.status_code == 302
    assert Letter.objects.get(pk=letter.pk).status == LetterStatus.SENT


def test_approving_asks_first_and_says_whom_the_letter_reaches(
    world, addressees, django_capture_on_commit_callbacks
):
    """The old one-click POST (no confirmation) approves nothing: it shows what will be
    sent — the number of mails, the councils and colleges reached and the member cities
    with neither."""
    letter = make_letter()
    url = reverse("letters:approve", kwargs={"pk": letter.pk})
    chair = world.client("db_member")
    with django_capture_on_commit_callbacks(execute=True):
        response = chair.post(url)
    assert response.status_code == 200
    assert Letter.objects.get(pk=letter.pk).status == LetterStatus.DRAFT
    assert not _letter_mails(letter).exists()
    page = chair.get(url).content.decode()
    members = City.objects.members().count()
    assert "4 e-mails worden verzonden" in page
    assert f"de raden (griffiers) van 2 van de {members} lidsteden" in page
    assert f"het college (de contactpersoon) van 1 van de {members} lidsteden" in page
    assert world.city_a.name in page and world.city_b.name in page
    # What it said is what is sent.
    with django_capture_on_commit_callbacks(execute=True):
        chair.post(url, {"confirm": "yes"})
    assert _letter_mails(letter).count() == 4


def test_a_subscribers_mail_has_a_one_click_unsubscribe_header(
    world, addressees, django_capture_on_commit_callbacks, mailoutbox
):
    from django.test import Client

    from letters.models import Subscriber

    letter = make_letter()
    with django_capture_on_commit_callbacks(execute=True):
        services.letter_approve(by=world.person("db_member").user, letter=letter)
    by_address = {m.to[0]: m for m in mailoutbox}
    # A clerk is addressed by their role: no list to leave.
    assert "List-Unsubscribe" not in by_address["griffie@zwolle.example"].extra_headers
    headers = by_address["lezer@example.org"].extra_headers
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    address = headers["List-Unsubscribe"]
    assert address.startswith("<http") and address.endswith("/een-klik/>")
    assert by_address["lezer@example.org"].message()["List-Unsubscribe"] == address
    path = "/" + address.strip("<>").split("://", 1)[1].split("/", 1)[1]

    # A mail program posts without a cookie or a form's token (CSRF checks on).
    program = Client(enforce_csrf_checks=True)
    assert program.post(path, {"something": "else"}).status_code == 400
    assert Subscriber.objects.filter(email="lezer@example.org").exists()
    # Opened in a browser: the page with the button; nothing happens.
    opened = program.get(path)
    assert opened.status_code == 302 and "/een-klik/" not in opened.url
    assert Subscriber.objects.filter(email="lezer@example.org").exists()
    response = program.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Subscriber.objects.filter(email="lezer@example.org").exists()
    # Again, or with an altered link: not subscribed.
    assert program.post(path, {"List-Unsubscribe": "One-Click"}).status_code == 404
    assert (
        program.post(path[:-10] + "x/een-klik/", {"List-Unsubscribe": "One-Click"}).status_code
        == 404
    )


def test_a_letter_with_a_link_as_the_editor_stored_it_can_be_approved(world):
    # The editor stores links with rel="noopener noreferrer" (nh3); the check on
    # approval refused that very attribute (found by the letters' state machine).
    letter = make_letter()
    services.letter_update(
        by=world.person("secretariat").user,
        letter=letter,
        subject="Ledenbrief",
        body_html='<p>Zie <a href="https://g40.example/x">de pagina</a>.</p>',
    )
    assert 'rel="noopener noreferrer"' in Letter.objects.get(pk=letter.pk).body_html
    services.letter_approve(by=world.person("db_member").user, letter=letter)
    assert Letter.objects.get(pk=letter.pk).status == LetterStatus.APPROVED
