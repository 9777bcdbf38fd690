"""Every letters URL, every persona. The public archive, its feed and PDFs and the
subscription pages are open to everyone (tests/matrix.py PUBLIC_URL_NAMES); drafts,
approval and elections are for the secretariat and the DB (approval: the DB's chair,
who is the ``db_member`` persona)."""

import datetime

from letters import tokens
from letters.constants import LetterStatus
from letters.models import Election
from tests.matrix import Entry

from .factories import make_addressee, make_letter, make_subscriber

OFFICE = {"secretariat": 200, "db_member": 200}
SECRETARIAT = {"secretariat": 200}


def _setup(world):
    if "draft" in world.extra:
        return
    world.extra["sent"] = make_letter(status=LetterStatus.SENT)
    world.extra["draft"] = make_letter()
    election = Election.objects.create(held_on=datetime.date(2026, 3, 18), name="GR 2026")
    world.extra["election"] = election
    world.extra["role"] = make_addressee(city=world.city_a)
    world.extra["pending"] = make_subscriber("nieuw@example.org", confirmed=False)
    world.extra["subscriber"] = make_subscriber("lezer@example.org")


def _draft(world):
    return {"pk": world.extra["draft"].pk}


def _sent(world):
    return {"pk": world.extra["sent"].pk}


def _number(world):
    return {"number": world.extra["sent"].slug}


def _number_with_pdfs(world):
    """The sent letter with its PDFs stored, as after its sending task: the archive
    serves them, and a GET writes nothing (tests/test_security.py)."""
    from letters.models import LetterPdf

    for language in ("nl", "en"):
        LetterPdf.objects.get_or_create(
            letter=world.extra["sent"], language=language, defaults={"content": b"%PDF-1.7"}
        )
    return _number(world)


def _election(world):
    return {"pk": world.extra["election"].pk}


def _confirm_role(world):
    return {"pk": world.extra["election"].pk, "role_pk": world.extra["role"].pk}


def _confirm_token(world):
    return {"token": tokens.make(world.extra["pending"], tokens.CONFIRM_SALT)}


def _unsubscribe_token(world):
    return {"token": tokens.make(world.extra["subscriber"], tokens.UNSUBSCRIBE_SALT)}


def _letter_data(world):
    return {"subject": "Ledenbrief", "body_html": "<p>Nieuwe tekst</p>"}


def _election_data(world):
    return {"name": "Herindelingsverkiezing", "held_on": "2027-11-24"}


def _subscribe_data(world):
    return {"email": "iemand@example.org"}


ALL = {
    persona: 200
    for persona in (
        "no_role",
        "secretariat",
        "db_member",
        "pillar_secretary",
        "other_pillar_secretary",
        "contact_a",
        "official_a",
        "official_b",
        "event_bureau",
    )
}


def _public(name, kwargs=None, method="get", data=None, status=200, label=""):
    return Entry(
        name,
        expect={"anonymous": status},
        default=status,
        setup=_setup,
        method=method,
        data=data,
        label=label,
        **({"kwargs": kwargs} if kwargs else {}),
    )


ENTRIES = [
    Entry("letters:list", expect=OFFICE, default=403, setup=_setup),
    Entry("letters:create", expect=SECRETARIAT, default=403, setup=_setup),
    Entry("letters:create", expect={"secretariat": 302}, default=403, method="post", setup=_setup),
    Entry("letters:detail", expect=OFFICE, default=403, kwargs=_draft, setup=_setup),
    Entry("letters:detail", expect=OFFICE, default=403, kwargs=_sent, setup=_setup, label="sent"),
    Entry("letters:edit", expect=SECRETARIAT, default=403, kwargs=_draft, setup=_setup),
    Entry(
        "letters:edit",
        expect={"secretariat": 302},
        default=403,
        kwargs=_draft,
        method="post",
        data=_letter_data,
        setup=_setup,
    ),
    Entry("letters:approve", expect={"db_member": 200}, default=403, kwargs=_draft, setup=_setup),
    Entry(
        "letters:approve",
        expect={"db_member": 302},
        default=403,
        kwargs=_draft,
        method="post",
        data=lambda world: {"confirm": "yes"},
        setup=_setup,
    ),
    Entry(
        "letters:erratum",
        expect={"secretariat": 302},
        default=403,
        kwargs=_sent,
        method="post",
        setup=_setup,
    ),
    Entry("letters:election_list", expect=OFFICE, default=403, setup=_setup),
    Entry(
        "letters:addressees_ask",
        method="post",
        expect={"secretariat": 302},
        default=403,
        setup=_setup,
    ),
    Entry("letters:election_create", expect=SECRETARIAT, default=403, setup=_setup),
    Entry(
        "letters:election_create",
        expect={"secretariat": 302},
        default=403,
        method="post",
        data=_election_data,
        setup=_setup,
    ),
    Entry("letters:election_detail", expect=OFFICE, default=403, kwargs=_election, setup=_setup),
    Entry(
        "letters:role_confirm",
        expect={"secretariat": 302},
        default=403,
        kwargs=_confirm_role,
        method="post",
        setup=_setup,
    ),
    Entry(
        "letters:introduction_draft",
        expect={"secretariat": 302},
        default=403,
        kwargs=_election,
        method="post",
        setup=_setup,
    ),
    # The public archive and subscriptions: everyone, with or without an account.
    _public("ledenbrieven:list"),
    _public("ledenbrieven:detail", kwargs=_number),
    _public("ledenbrieven:pdf", kwargs=_number_with_pdfs),
    _public("ledenbrieven:feed"),
    _public("ledenbrieven:feed_stylesheet"),
    _public("ledenbrieven:subscribe"),
    _public("ledenbrieven:subscribe", method="post", data=_subscribe_data, status=302),
    _public("ledenbrieven:confirm", kwargs=_confirm_token),
    _public("ledenbrieven:confirm", kwargs=_confirm_token, method="post", status=302),
    _public("ledenbrieven:unsubscribe", kwargs=_unsubscribe_token),
    _public("ledenbrieven:unsubscribe", kwargs=_unsubscribe_token, method="post", status=302),
    # The List-Unsubscribe header's address: opened, the page with the button; a post
    # without "List-Unsubscribe=One-Click" does nothing (400).
    _public("ledenbrieven:unsubscribe_one_click", kwargs=_unsubscribe_token, status=302),
    _public(
        "ledenbrieven:unsubscribe_one_click", kwargs=_unsubscribe_token, method="post", status=400
    ),
]
