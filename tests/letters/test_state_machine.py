"""Generated sequences over the member letters (issue 22): drafting (in the
secretariat's language, Dutch or English), numbering across the turn of a year,
editing, approving (by the chair, or refused), sending (the commit's task), errata,
introduction letters after an election, council clerks appointed and leaving,
subscribers asking, confirming and leaving, and the clock moving. After every step:

- numbers are unique and gap-free per year, and the year's counter is the last one;
- a sent letter never changes (not through the services, not through the database);
- nothing waits approved once its commit has run (the task sent it);
- every recipient gets one mail per letter, and only they: the current clerks and
  college contacts of member cities and the confirmed subscribers at the moment of
  sending (an introduction: those not confirmed since its election);
- nothing sent to a Dutch reader holds an English sentence of the project
  (``tests/catalogues.py``);
- an erratum corrects a letter that was sent.

A short run in ``make test``; ``HYPOTHESIS_PROFILE=long`` for thousands of examples
(``tests/hypothesis_profiles.py``). Each example runs in a savepoint over the test's
world and is rolled back.
"""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone, translation
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from letters import services, services_sending, tokens
from letters.constants import LetterKind, LetterStatus
from letters.models import Election, Letter, LetterCounter, Subscriber
from members.constants import CityStatus, RoleKind
from members.models import Role
from outbox.models import OutgoingMail
from tests.helpers import codes

from ..catalogues import english_sentences
from ..factories import CityFactory, PersonFactory, RoleFactory
from ..hypothesis_profiles import machine_settings, profile_name
from ..networkdays.conftest import run_commit_callbacks

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
# Close to the turn of a year: numbering starts again at 1 in the new one.
START = datetime.datetime(2027, 12, 29, 10, 0, tzinfo=AMSTERDAM)
ELECTION_DAY = datetime.date(2027, 11, 17)
CLERK_ADDRESSES = [f"griffie{n}@stad.example" for n in range(4)]
# Readers may subscribe with a clerk's address too: one mail for both.
READER_ADDRESSES = ["lezer1@example.org", "lezer2@example.org", CLERK_ADDRESSES[0]]
BODIES = [
    "<p>Geachte leden,</p><p>Het netwerk meldt <strong>nieuws</strong>.</p>",
    '<p>Zie <a href="https://g40.example/x">de pagina</a>.</p><ul><li>Een</li></ul>',
    "<p>Tekst</p><script>alert(1)</script>",  # refused: markup_refused
    "   ",  # refused: text_required
]


def _frozen(letter: Letter) -> tuple:
    return (
        letter.kind,
        letter.year,
        letter.number,
        letter.subject,
        letter.body_html,
        letter.sent_subject,
        letter.sent_html,
        letter.sent_at,
        letter.status,
        letter.recipient_count,
        letter.corrects_id,
    )


class LetterMachine(RuleBasedStateMachine):
    secretariat = None
    chair = None
    member_cities: list = []
    former_city = None

    def __init__(self):
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic._from_testcase = True  # the services' blocks nest inside
        self._atomic.__enter__()
        self.clock = START.astimezone(datetime.UTC)
        self._real_now = timezone.now
        timezone.now = lambda: self.clock
        self.election = Election.objects.create(held_on=ELECTION_DAY, name="Raad 2027")
        self.letters: list[int] = []
        self.sent: dict[int, tuple] = {}  # letter id -> what it was when sent
        self.expected: dict[int, set[str]] = {}  # letter id -> its recipients
        # The model: clerks (address -> (city is a member, role current, started after
        # the election)) and readers (address -> confirmed).
        self.clerks: dict[str, list] = {}
        self.roles: dict[str, int] = {}
        self.readers: dict[str, bool] = {}

    def teardown(self):
        timezone.now = self._real_now
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    # --- helpers -------------------------------------------------------------------

    def call(self, service, allowed: set[str], **kwargs):
        try:
            result = service(**kwargs)
        except ValidationError as error:
            assert codes(error) <= allowed, (service.__name__, codes(error), allowed)
            return None
        finally:
            self.commit()
        return result

    def commit(self) -> None:
        """What the commit sets off: the sending task, the mails' rendering. The
        recipients a letter must reach are those of this moment."""
        approved = set(
            Letter.objects.filter(status=LetterStatus.APPROVED).values_list("pk", flat=True)
        )
        for pk in approved:
            self.expected[pk] = self._recipients(Letter.objects.get(pk=pk))
        run_commit_callbacks()

    def _recipients(self, letter: Letter) -> set[str]:
        clerks = {
            address
            for address, (member, current, after_election) in self.clerks.items()
            if member
            and current
            and not (letter.kind == LetterKind.INTRODUCTION and after_election)
        }
        if letter.kind == LetterKind.INTRODUCTION:
            return clerks
        return clerks | {address for address, confirmed in self.readers.items() if confirmed}

    def letter(self, index: int) -> Letter:
        return Letter.objects.get(pk=self.letters[index % len(self.letters)])

    # --- rules ----------------------------------------------------------------------

    @rule(hours=st.sampled_from([1, 5, 23, 24, 49, 24 * 30]))
    def time_passes(self, hours):
        self.clock += datetime.timedelta(hours=hours)

    @rule(language=st.sampled_from(["nl", "en"]))
    def draft_a_member_letter(self, language):
        with translation.override(language):
            letter = self.call(services.letter_draft, set(), by=self.secretariat)
        self.letters.append(letter.pk)

    @precondition(lambda self: self.letters)
    @rule(index=st.integers(0, 50), language=st.sampled_from(["nl", "en"]))
    def draft_an_erratum(self, index, language):
        corrected = self.letter(index)
        with translation.override(language):
            letter = self.call(
                services.letter_draft,
                {"not_sent"},
                by=self.secretariat,
                kind=LetterKind.ERRATUM,
                corrects=corrected,
            )
        assert (letter is not None) == corrected.is_sent
        if letter is not None:
            self.letters.append(letter.pk)

    @rule(language=st.sampled_from(["nl", "en"]))
    def draft_the_introduction_letter(self, language):
        exists = Letter.objects.filter(kind=LetterKind.INTRODUCTION).exists()
        with translation.override(language):
            letter = self.call(
                services.letter_draft,
                {"introduction_exists"},
                by=self.secretariat,
                kind=LetterKind.INTRODUCTION,
                election=self.election,
            )
        assert (letter is None) == exists
        if letter is not None:
            self.letters.append(letter.pk)

    @precondition(lambda self: self.letters)
    @rule(index=st.integers(0, 50), body=st.sampled_from(BODIES))
    def edit(self, index, body):
        letter = self.letter(index)
        self.call(
            services.letter_update,
            {"markup_refused", "text_required", "already_sent", "not_a_draft"},
            by=self.secretariat,
            letter=letter,
            subject="Ledenbrief van het G40-stedennetwerk",
            body_html=body,
        )

    @precondition(lambda self: self.letters)
    @rule(index=st.integers(0, 50), as_chair=st.booleans())
    def approve(self, index, as_chair):
        letter = self.letter(index)
        approved = self.call(
            services.letter_approve,
            {"forbidden", "already_sent", "not_a_draft"},
            by=self.chair if as_chair else self.secretariat,
            letter=letter,
        )
        assert approved is None or as_chair, "only the chair approves"

    @rule()
    def the_sweep_runs(self):
        assert services_sending.letters_send_approved() == 0  # the task sent them all

    @precondition(lambda self: self.sent)
    @rule(index=st.integers(0, 50))
    def try_to_change_a_sent_letter(self, index):
        pk = sorted(self.sent)[index % len(self.sent)]
        self.call(
            services.letter_update,
            {"already_sent"},
            by=self.secretariat,
            letter=Letter.objects.get(pk=pk),
            subject="Anders",
            body_html="<p>Anders</p>",
        )
        with pytest.raises(DatabaseError), transaction.atomic():
            Letter.objects.filter(pk=pk).update(sent_html="<p>Anders</p>")
        if connection.vendor == "postgresql":  # SQLite's test runner empties with DELETE
            with pytest.raises(DatabaseError), transaction.atomic():
                Letter.objects.filter(pk=pk).delete()

    @rule(
        address=st.sampled_from(CLERK_ADDRESSES),
        member=st.booleans(),
        kind=st.sampled_from([RoleKind.GRIFFIER, RoleKind.COLLEGE_CONTACT]),
        after_election=st.booleans(),
    )
    def appoint_a_clerk(self, address, member, kind, after_election):
        if address in self.clerks:
            return
        city = self.member_cities[len(self.clerks) % 2] if member else self.former_city
        person = PersonFactory(city=city, email=address)
        starts_on = timezone.localdate() if after_election else ELECTION_DAY.replace(year=2026)
        role = RoleFactory(person=person, kind=kind, starts_on=starts_on)
        self.clerks[address] = [member, True, after_election]
        self.roles[address] = role.pk

    @precondition(lambda self: any(current for _m, current, _a in self.clerks.values()))
    @rule(index=st.integers(0, 10))
    def a_clerk_leaves(self, index):
        current = sorted(a for a, (_m, c, _e) in self.clerks.items() if c)
        address = current[index % len(current)]
        role = Role.objects.get(pk=self.roles[address])
        if role.starts_on < timezone.localdate():
            role.ends_on = timezone.localdate() - datetime.timedelta(days=1)
            role.save()
        else:  # appointed today, gone today
            role.delete()
        self.clerks[address][1] = False

    @rule(address=st.sampled_from(READER_ADDRESSES))
    def a_reader_subscribes(self, address):
        confirmed = self.readers.get(address)
        result = self.call(services_sending.subscription_request, set(), email=address)
        # The page answers alike; a confirmed reader is mailed that nothing changed.
        assert result is not None
        assert result[1] == (confirmed is not False)
        self.readers.setdefault(address, False)

    @precondition(lambda self: self.readers)
    @rule(index=st.integers(0, 10))
    def a_reader_confirms(self, index):
        address = sorted(self.readers)[index % len(self.readers)]
        token = tokens.make(Subscriber.objects.get(email=address), tokens.CONFIRM_SALT)
        self.call(services_sending.subscription_confirm, {"already_subscribed"}, token=token)
        self.readers[address] = True

    @precondition(lambda self: self.readers)
    @rule(index=st.integers(0, 10))
    def a_reader_leaves(self, index):
        address = sorted(self.readers)[index % len(self.readers)]
        token = tokens.make(Subscriber.objects.get(email=address), tokens.UNSUBSCRIBE_SALT)
        self.call(services_sending.subscription_cancel, set(), token=token)
        del self.readers[address]

    # --- invariants -----------------------------------------------------------------

    @invariant()
    def numbers_are_unique_and_gap_free_per_year(self):
        years: dict[int, list[int]] = {}
        for year, number in Letter.objects.values_list("year", "number"):
            years.setdefault(year, []).append(number)
        counters = dict(LetterCounter.objects.values_list("year", "last_number"))
        for year, numbers in years.items():
            assert sorted(numbers) == list(range(1, len(numbers) + 1)), (year, numbers)
            assert counters[year] == len(numbers), (year, counters)

    @invariant()
    def nothing_waits_approved_and_a_sent_letter_never_changes(self):
        assert not Letter.objects.filter(status=LetterStatus.APPROVED).exists()
        for letter in Letter.objects.filter(status=LetterStatus.SENT):
            frozen = self.sent.setdefault(letter.pk, _frozen(letter))
            assert _frozen(letter) == frozen, letter.number_label
            assert (letter.sent_subject, letter.sent_html) == (letter.subject, letter.body_html)

    @invariant()
    def every_recipient_gets_one_mail_per_letter_in_dutch(self):
        sentences = english_sentences()
        for pk in self.sent:
            mails = list(OutgoingMail.objects.filter(key__startswith=f"letter:{pk}:"))
            addresses = [mail.to[0] for mail in mails]
            assert all(len(mail.to) == 1 for mail in mails)
            assert len(addresses) == len(set(addresses)), "an address got two mails"
            assert set(addresses) == self.expected[pk], (pk, addresses, self.expected[pk])
            assert Letter.objects.get(pk=pk).recipient_count == len(addresses)
            for mail in mails:
                assert mail.body, "a mail that was never rendered"
                found = sentences.find(f"{mail.subject}\n{mail.body}")
                assert not found, (mail.key, found)

    @invariant()
    def an_erratum_corrects_a_sent_letter(self):
        for erratum in Letter.objects.filter(kind=LetterKind.ERRATUM).select_related("corrects"):
            assert erratum.corrects is not None and erratum.corrects.is_sent


@pytest.mark.django_db
# The world made at START (the marker's fixture comes before the world's): the personas'
# roles have begun when the machine's clock starts, whatever today is.
@pytest.mark.time_machine(START)
def test_generated_sequences_keep_every_rule_of_the_letters(world):
    LetterMachine.secretariat = world.person("secretariat").user
    LetterMachine.chair = world.person("db_member").user
    LetterMachine.member_cities = [world.city_a, world.city_b]
    LetterMachine.former_city = CityFactory(status=CityStatus.FORMER)
    run_state_machine_as_test(
        LetterMachine,
        settings=machine_settings(max_examples=15, stateful_step_count=25)
        if profile_name() == "default"
        else machine_settings(),
    )
