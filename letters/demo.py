"""Demo member letters: council clerks and college contacts for some demo cities, the
2026 municipal elections (some of them confirmed since), two sent letters in the public
archive and one draft awaiting the DB's chair. Idempotent. Runs after the other apps'
demos (letters is last in G40_APPS), so the draft proposes their network days and
theme groups. Sent letters are written directly: loading the demo sends no mail."""

import datetime

from django.db import transaction
from django.utils import timezone

from members.actors import SYSTEM
from members.constants import Function, RoleKind
from members.models import City, Person, Role

from .constants import LetterKind, LetterStatus
from .markup import sanitise
from .models import Election, Letter, RoleConfirmation
from .services import _next_number, letter_draft

ELECTION = datetime.date(2026, 3, 18)

# (name, e-mail, city, function, role kind, role started before the election?)
ADDRESSEES = [
    (
        "Thomas Koster",
        "t.koster@example.org",
        "Emmen",
        Function.COUNCIL_CLERK,
        RoleKind.GRIFFIER,
        True,
    ),
    (
        "Marieke Hoekstra",
        "griffie.zwolle@example.org",
        "Zwolle",
        Function.COUNCIL_CLERK,
        RoleKind.GRIFFIER,
        True,
    ),
    (
        "Bas Wolters",
        "college.zwolle@example.org",
        "Zwolle",
        Function.CIVIL_SERVANT,
        RoleKind.COLLEGE_CONTACT,
        False,
    ),
    (
        "Ingrid de Jong",
        "griffie.almere@example.org",
        "Almere",
        Function.COUNCIL_CLERK,
        RoleKind.GRIFFIER,
        True,
    ),
    (
        "Yusuf Demir",
        "college.almere@example.org",
        "Almere",
        Function.CIVIL_SERVANT,
        RoleKind.COLLEGE_CONTACT,
        True,
    ),
    (
        "Lotte van Dam",
        "griffie.dordrecht@example.org",
        "Dordrecht",
        Function.COUNCIL_CLERK,
        RoleKind.GRIFFIER,
        True,
    ),
    # Tilburg has a college contact but no council clerk: the letters page lists it
    # among the cities the letter does not reach (issue 23).
    (
        "Noor Willems",
        "college.tilburg@example.org",
        "Tilburg",
        Function.CIVIL_SERVANT,
        RoleKind.COLLEGE_CONTACT,
        True,
    ),
]
# Confirmed by the secretariat after the election (the others are still to confirm).
CONFIRMED = {"griffie.almere@example.org"}

SENT = [
    (
        120,
        "Ledenbrief van het G40-stedennetwerk",
        "<p>Geachte leden van de raad en het college,</p>"
        "<h2>Gehouden netwerkdagen</h2><ul><li>Netwerkdag Leeuwarden: brede welvaart in de "
        "regio</li></ul>"
        "<h2>Themagroepen</h2><ul><li>De themagroep Wonen en zorg is gestart onder leiding "
        "van de Sociale Pijler.</li></ul>"
        "<p>Met vriendelijke groet, het G40-stedennetwerk</p>",
    ),
    (
        40,
        "Ledenbrief: de regio aan zet",
        "<p>Geachte leden van de raad en het college,</p>"
        "<p>De G40 vraagt het kabinet om <strong>meerjarige</strong> middelen voor de "
        "regionale opgaven van middelgrote steden.</p>"
        "<h2>Komende netwerkdagen</h2><ul><li>Netwerkdag Zwolle: vitale binnensteden</li></ul>"
        "<p>Met vriendelijke groet, het G40-stedennetwerk</p>",
    ),
]


def _addressees(today: datetime.date, cities: dict) -> None:
    before = ELECTION - datetime.timedelta(days=400)
    after = ELECTION + datetime.timedelta(days=30)
    for name, email, city_name, function, kind, started_before in ADDRESSEES:
        if city_name not in cities:
            continue
        person, _ = Person.objects.get_or_create(
            email=email, defaults={"name": name, "city": cities[city_name], "function": function}
        )
        Role.objects.get_or_create(
            person=person,
            kind=kind,
            defaults={"starts_on": min(before if started_before else after, today)},
        )


def load() -> list[tuple[str, str]]:
    with transaction.atomic():
        made = _load()
    if made:
        # The draft awaiting the chair: proposed from what the other apps' demos hold.
        letter_draft(by=SYSTEM)
    return []


def _load() -> bool:
    today = timezone.localdate()
    cities = {city.name: city for city in City.objects.all()}
    _addressees(today, cities)
    election, _ = Election.objects.get_or_create(
        held_on=ELECTION, defaults={"name": "Gemeenteraadsverkiezingen 2026"}
    )
    for role in Role.objects.filter(person__email__in=CONFIRMED, kind__in=[RoleKind.GRIFFIER]):
        RoleConfirmation.objects.get_or_create(
            election=election,
            role=role,
            defaults={"confirmed_on": min(today, ELECTION + datetime.timedelta(days=20))},
        )
    if Letter.objects.exists():
        return False
    now = timezone.now()
    for days_ago, subject, body in SENT:
        sent_at = now - datetime.timedelta(days=days_ago)
        drafted_at = sent_at - datetime.timedelta(days=3)
        body = sanitise(body)
        Letter.objects.create(
            kind=LetterKind.LETTER,
            year=drafted_at.year,
            number=_next_number(drafted_at.year),
            subject=subject,
            body_html=body,
            covers_from=(drafted_at - datetime.timedelta(days=60)).date(),
            covers_until=drafted_at.date(),
            drafted_at=drafted_at,
            approved_at=sent_at - datetime.timedelta(hours=2),
            status=LetterStatus.SENT,
            sent_at=sent_at,
            sent_subject=subject,
            sent_html=body,
            recipient_count=len(ADDRESSEES),
        )
    return True
