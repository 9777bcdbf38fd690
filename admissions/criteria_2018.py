"""The 2018 admission criteria as data: version 1 of the criteria set, its text (the
advisory report of 2021, section D, which confirms them), the note per criterion and the
indicators that evidence them.

Used by the data migration (with the historical models) and by ``ensure`` (the demo, the
tests): both create only what is missing.
"""

import datetime
from decimal import Decimal

VERSION = 1
NAME = "Toetredingscriteria G40 (2018)"
IN_FORCE_FROM = datetime.date(2018, 1, 1)
SOURCE = "Advies toekomst G40 stedennetwerk (2021), sectie D 'Omvang van het netwerk'"
TEXT = """De criteria die in 2018 zijn benoemd en tot op heden worden aangehouden (stedelijke \
problematiek, centrumfunctie en inwonertal), behoeven op zich geen aanpassing. Het inwonertal \
wordt niet gezien als de hoofddrager voor de samenwerking. De mate van verstedelijking is veel \
belangrijker. Een netwerk van steden is wat anders dan een netwerk van grote gemeenten. Omdat \
er vanwege herindelingen steeds meer grote gemeenten komen, is het belangrijk om dit \
uitgangspunt te bevestigen. Als een gemeente kan aantonen aan de criteria van verstedelijking \
te voldoen, is de veertig van nu geen heilige schaal. Maar een gemeente moet echt wat toevoegen \
en op de criteria aansluiten. Hier wordt wel enige flexibiliteit bepleit, vooral wanneer lastig \
is uit te leggen waarom een gemeente die nu al lid is, bij de beoordeling gelijk scoort aan een \
gemeente die aangeeft toe te willen treden.

Waar het gaat om criteria van de stedelijke problematiek, licht de nadruk tot op heden vooral \
op de sociale functie van de stad. Ook de economische positie is een uiting van verstedelijking \
en dient te worden meegewogen.

Samenvattend:
- Houd de bestaande criteria zoals vastgesteld in 2018 als uitgangspunt voor beoordeling van \
nieuwe toetreders;
- Realiseer je dat in de toepassing van deze criteria altijd enige interpretatieruimte aan de \
orde is. Het zit hem niet in de criteria, maar in de toepassing daarvan.
- Houd verstedelijking aan als het kenmerkende aspect voor het netwerk, maar breng ook de \
economische factor daarin naar voren.
- Wees terughoudend bij het laten toetreden van nieuwe steden. Deze moeten aan de criteria en \
dan met name de verstedelijking voldoen.
- Maar hanteer de omvang van veertig steden niet als de heilige graal. Het moet voor steden, \
die voldoen aan de criteria, mogelijk blijven tot het netwerk toe te treden."""

# (criterion, defining, note): the report's reading of each criterion.
CRITERIA = [
    (
        "urbanisation",
        True,
        "Het kenmerkende aspect van het netwerk en de reden van bestaan: een nieuwe stad moet "
        "vooral hieraan voldoen. Een netwerk van steden is iets anders dan een netwerk van "
        "grote gemeenten.",
    ),
    (
        "social_problems",
        False,
        "Stedelijke problematiek: tot nu toe lag de nadruk op de sociale functie van de stad.",
    ),
    (
        "economic_position",
        False,
        "Ook de economische positie is een uiting van verstedelijking en wordt meegewogen.",
    ),
    (
        "centre_function",
        False,
        "De functie van de stad voor haar regio: werk, voorzieningen.",
    ),
    (
        "population",
        False,
        "Het inwonertal is niet de hoofddrager van de samenwerking; door herindelingen komen "
        "er steeds meer grote gemeenten.",
    ),
]

CBS_WIJKEN_2021 = "CBS, Kerncijfers wijken en buurten 2021"
CBS_POPULATION = "CBS StatLine 03759ned, Bevolking op 1 januari"

# key, name, unit, source, direction, criterion, minimum, maximum
INDICATORS = [
    (
        "urbanity_class",
        "Stedelijkheidsklasse",
        "klasse 1–5 (1 = zeer sterk stedelijk)",
        CBS_WIJKEN_2021 + " (mate van stedelijkheid)",
        "lower",
        "urbanisation",
        Decimal(1),
        Decimal(5),
    ),
    (
        "address_density",
        "Omgevingsadressendichtheid",
        "adressen per km²",
        CBS_WIJKEN_2021 + " (omgevingsadressendichtheid)",
        "higher",
        "urbanisation",
        Decimal(0),
        Decimal(20000),
    ),
    (
        "low_income_households",
        "Huishoudens met een laag inkomen",
        "% van de particuliere huishoudens",
        "CBS StatLine 85064NED, Inkomen van huishoudens; laag inkomen",
        "higher",
        "social_problems",
        Decimal(0),
        Decimal(100),
    ),
    (
        "unemployment",
        "Werkloosheid",
        "% van de beroepsbevolking",
        "CBS StatLine 80590ned / Regionale kerncijfers, werkloze beroepsbevolking",
        "higher",
        "economic_position",
        Decimal(0),
        Decimal(100),
    ),
    (
        "jobs_per_100",
        "Banen per 100 inwoners van 15–74 jaar",
        "banen per 100 inwoners 15–74",
        "CBS StatLine 83582NED / LISA, werkzame personen per gemeente",
        "higher",
        "centre_function",
        Decimal(0),
        Decimal(500),
    ),
    (
        "population",
        "Inwoners",
        "inwoners",
        CBS_POPULATION,
        "higher",
        "population",
        Decimal(0),
        Decimal(10_000_000),
    ),
]

# The CBS figures kept on members.City become values of these indicators.
CITY_FIGURES = ("population", "urbanity_class", "address_density")


def ensure(criteria_set_model, note_model, indicator_model) -> None:
    """Create the 2018 set, its notes and indicators where they are missing."""
    indicators = []
    for order, (key, name, unit, source, direction, criterion, low, high) in enumerate(INDICATORS):
        indicator, _created = indicator_model.objects.get_or_create(
            key=key,
            defaults={
                "name": name,
                "unit": unit,
                "source": source,
                "direction": direction,
                "criterion": criterion,
                "minimum": low,
                "maximum": high,
                "order": order,
            },
        )
        indicators.append(indicator)
    criteria_set, created = criteria_set_model.objects.get_or_create(
        version=VERSION,
        defaults={
            "name": NAME,
            "in_force_from": IN_FORCE_FROM,
            "text": TEXT,
            "source": SOURCE,
        },
    )
    if created:
        criteria_set.indicators.set(indicators)
    for order, (criterion, defining, note) in enumerate(CRITERIA):
        note_model.objects.get_or_create(
            criteria_set=criteria_set,
            criterion=criterion,
            defaults={"defining": defining, "note": note, "order": order},
        )
