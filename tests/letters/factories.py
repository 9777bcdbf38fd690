"""Letters, subscribers and addressees for the tests."""

import datetime
import secrets

from django.utils import timezone

from letters.constants import LetterKind, LetterStatus
from letters.models import Letter, LetterCounter, Subscriber
from members.constants import RoleKind
from tests.factories import CityFactory, PersonFactory, RoleFactory


def make_letter(
    *,
    status: str = LetterStatus.DRAFT,
    kind: str = LetterKind.LETTER,
    subject: str = "Ledenbrief van het G40-stedennetwerk",
    body: str = "<p>Geachte leden van de raad,</p><h2>Netwerkdagen</h2><ul><li>Zwolle</li></ul>",
    sent_at: datetime.datetime | None = None,
    corrects: Letter | None = None,
    election=None,
    year: int | None = None,
) -> Letter:
    """A letter with the year's next number (the counter moves along)."""
    year = year or timezone.localdate().year
    counter, _ = LetterCounter.objects.get_or_create(year=year)
    counter.last_number += 1
    counter.save()
    letter = Letter(
        kind=kind,
        year=year,
        number=counter.last_number,
        subject=subject,
        body_html=body,
        corrects=corrects,
        election=election,
        status=status,
    )
    if status != LetterStatus.DRAFT:
        letter.approved_at = timezone.now()
    if status == LetterStatus.SENT:
        letter.sent_at = sent_at or timezone.now()
        letter.sent_subject = subject
        letter.sent_html = body
    letter.save()
    return letter


def make_subscriber(email: str, *, confirmed: bool = True, **fields) -> Subscriber:
    return Subscriber.objects.create(
        email=email,
        secret=secrets.token_urlsafe(32),
        confirmed_at=timezone.now() if confirmed else None,
        **fields,
    )


def make_addressee(*, city=None, kind: str = RoleKind.GRIFFIER, starts_on=None, **person):
    """A council clerk (or college contact) of a member city, with their role."""
    person = PersonFactory(city=city or CityFactory(), **person)
    return RoleFactory(
        person=person,
        kind=kind,
        starts_on=starts_on or timezone.localdate() - datetime.timedelta(days=400),
    )
