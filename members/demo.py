"""Fictional demo people for every role, and the demo accounts. Idempotent."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from pillars.models import Pillar

from .constants import BoardPosition, Function, RoleKind
from .models import City, Person, Role
from .services import cities_load, pillars_load

DEMO_PASSWORD = "g40-demo"  # noqa: S105 - fictional accounts, refused when DEBUG is off

# (username or None, name, e-mail, city, function, roles)
# roles: (kind, board position, pillar slug)
DEMO_PEOPLE = [
    (
        "secretariaat",
        "Sanne Verbeek",
        "secretariaat@example.org",
        "Dordrecht",
        Function.CIVIL_SERVANT,
        [(RoleKind.SECRETARIAT, "", None)],
    ),
    (
        "db-voorzitter",
        "Hendrik Molenaar",
        "h.molenaar@example.org",
        "Amersfoort",
        Function.MAYOR,
        [(RoleKind.DB_MEMBER, BoardPosition.CHAIR, None)],
    ),
    (
        None,
        "Fatima El Idrissi",
        "f.elidrissi@example.org",
        "Tilburg",
        Function.ALDERMAN,
        [(RoleKind.DB_MEMBER, BoardPosition.VICE_CHAIR, None)],
    ),
    (
        None,
        "Joost van Dam",
        "j.vandam@example.org",
        "Leeuwarden",
        Function.ALDERMAN,
        [(RoleKind.DB_MEMBER, BoardPosition.MEMBER, None), (RoleKind.PILLAR_CHAIR, "", "sociaal")],
    ),
    (
        None,
        "Ineke Postma",
        "i.postma@example.org",
        "Deventer",
        Function.ALDERMAN,
        [
            (RoleKind.DB_MEMBER, BoardPosition.MEMBER, None),
            (RoleKind.PILLAR_CHAIR, "", "economie-en-werk"),
        ],
    ),
    (
        None,
        "Marco Bakker",
        "m.bakker@example.org",
        "Helmond",
        Function.ALDERMAN,
        [(RoleKind.DB_MEMBER, BoardPosition.MEMBER, None), (RoleKind.PILLAR_CHAIR, "", "fysiek")],
    ),
    (
        "secretaris-sociaal",
        "Eva Smit",
        "e.smit@example.org",
        "Nijmegen",
        Function.CIVIL_SERVANT,
        [(RoleKind.PILLAR_SECRETARY, "", "sociaal")],
    ),
    (
        None,
        "Ruben Hoekstra",
        "r.hoekstra@example.org",
        "Zaanstad",
        Function.CIVIL_SERVANT,
        [(RoleKind.PILLAR_SECRETARY, "", "economie-en-werk")],
    ),
    (
        None,
        "Lotte Jansen",
        "l.jansen@example.org",
        "Apeldoorn",
        Function.CIVIL_SERVANT,
        [(RoleKind.PILLAR_SECRETARY, "", "fysiek")],
    ),
    (
        "contact-zwolle",
        "Karin Mulder",
        "k.mulder@example.org",
        "Zwolle",
        Function.CIVIL_SERVANT,
        [(RoleKind.CITY_CONTACT, "", None), (RoleKind.CITY_OFFICIAL, "", None)],
    ),
    (
        "ambtenaar-zwolle",
        "Pieter de Boer",
        "p.deboer@example.org",
        "Zwolle",
        Function.CIVIL_SERVANT,
        [(RoleKind.CITY_OFFICIAL, "", None)],
    ),
    (
        None,
        "Wendy Brouwer",
        "w.brouwer@example.org",
        "Zwolle",
        Function.ALDERMAN,
        [(RoleKind.CITY_OFFICIAL, "", None)],
    ),
    (
        "ambtenaar-almere",
        "Noah Visser",
        "n.visser@example.org",
        "Almere",
        Function.CIVIL_SERVANT,
        [(RoleKind.CITY_OFFICIAL, "", None)],
    ),
    (
        None,
        "Yvonne Kramer",
        "y.kramer@example.org",
        "Almere",
        Function.CIVIL_SERVANT,
        [(RoleKind.CITY_CONTACT, "", None), (RoleKind.CITY_OFFICIAL, "", None)],
    ),
    (
        None,
        "Bas Willems",
        "b.willems@example.org",
        "Breda",
        Function.CIVIL_SERVANT,
        [(RoleKind.LOBBY_COORDINATOR, "", None)],
    ),
    (
        None,
        "Anouk Peeters",
        "a.peeters@example.org",
        "Venlo",
        Function.CIVIL_SERVANT,
        [(RoleKind.EVENT_BUREAU, "", None)],
    ),
    (None, "Thomas Koster", "t.koster@example.org", "Emmen", Function.COUNCIL_CLERK, []),
]

ACCOUNT_DESCRIPTIONS = {
    "secretariaat": "secretariat (administration, every city)",
    "db-voorzitter": "chair of the executive board (DB)",
    "secretaris-sociaal": "secretary of the Sociale Pijler",
    "contact-zwolle": "city contact of Zwolle (acts for Zwolle's people)",
    "ambtenaar-zwolle": "civil servant of Zwolle",
    "ambtenaar-almere": "civil servant of Almere",
}


@transaction.atomic
def load() -> list[tuple[str, str]]:
    cities_load()
    pillars_load()
    cities = {city.name: city for city in City.objects.all()}
    pillars = {pillar.slug: pillar for pillar in Pillar.objects.all()}
    User = get_user_model()
    since = timezone.localdate() - datetime.timedelta(days=365)
    accounts = []
    for username, name, email, city_name, function, roles in DEMO_PEOPLE:
        person, _ = Person.objects.get_or_create(
            email=email, defaults={"name": name, "city": cities[city_name], "function": function}
        )
        for kind, board_position, pillar_slug in roles:
            Role.objects.get_or_create(
                person=person,
                kind=kind,
                board_position=board_position,
                pillar=pillars.get(pillar_slug) if pillar_slug else None,
                defaults={"starts_on": since},
            )
        if username:
            user = User.objects.filter(username=username).first()
            if user is None:
                first, _, last = name.partition(" ")
                user = User(username=username, email=email, first_name=first, last_name=last)
                user.set_password(DEMO_PASSWORD)
                user.save()
            if person.user_id != user.pk:
                person.user = user
                person.save(update_fields=["user"])
            accounts.append((username, ACCOUNT_DESCRIPTIONS[username]))
    return accounts
