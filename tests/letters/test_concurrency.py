"""Numbers stay gapless and unique under real concurrency (PostgreSQL row locks): the
year's counter row is locked while a draft takes its number. Also the trigger that
keeps a sent letter final, on PostgreSQL."""

import pytest
from django.db import IntegrityError, transaction

from letters.constants import LetterStatus
from letters.models import Letter
from letters.services import letter_draft
from letters.services_sending import letter_send
from members.actors import SYSTEM
from tests.conftest import requires_postgres

from ..helpers import outcomes, race
from .factories import make_letter


@pytest.mark.postgres
@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_ten_drafts_at_once_get_the_numbers_one_to_ten():
    results, errors = outcomes(race([lambda: letter_draft(by=SYSTEM).number for _ in range(10)]))
    assert not errors, errors
    assert sorted(results) == list(range(1, 11))
    assert sorted(Letter.objects.values_list("number", flat=True)) == list(range(1, 11))


@pytest.mark.postgres
@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_two_senders_at_once_send_the_letter_once():
    letter = make_letter(status=LetterStatus.APPROVED)
    results, errors = outcomes(race([lambda: letter_send(letter=letter) for _ in range(2)]))
    assert len(results) == 1
    assert [getattr(e, "code", None) for e in errors] == ["already_sent"]


@pytest.mark.postgres
@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_postgres_refuses_to_change_a_sent_letter():
    letter = make_letter(status=LetterStatus.SENT)
    with pytest.raises(IntegrityError), transaction.atomic():
        Letter.objects.filter(pk=letter.pk).update(sent_html="<p>anders</p>")
    with pytest.raises(IntegrityError), transaction.atomic():
        Letter.objects.filter(pk=letter.pk).delete()
