"""Demo theme groups: twelve of the network's real theme-group names across the three
pillars, with fictional members and support. Some are overdue, some due, some without
support, one ended, one proposed. Idempotent: a group that exists is left alone."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from members.constants import Function
from members.models import City, Person
from pillars.models import Pillar

from .constants import MembershipRole, ReviewOutcome, ThemeGroupStatus
from .models import Membership, ReviewDecision, SupportAssignment, ThemeGroup

# Fictional civil servants of member cities who work in the theme groups.
EXTRA_PEOPLE = [
    ("Sophie de Vries", "s.devries@example.org", "Groningen"),
    ("Daan Mertens", "d.mertens@example.org", "Eindhoven"),
    ("Mila Hendriks", "m.hendriks@example.org", "Enschede"),
    ("Jeroen Schouten", "j.schouten@example.org", "Haarlem"),
    ("Anna Wouters", "a.wouters@example.org", "Maastricht"),
    ("Lars Dekker", "l.dekker@example.org", "Arnhem"),
    ("Iris van Leeuwen", "i.vanleeuwen@example.org", "'s-Hertogenbosch"),
    ("Tim Bos", "t.bos@example.org", "Leiden"),
    ("Nina Vermeulen", "n.vermeulen@example.org", "Almelo"),
    ("Sem Kuipers", "s.kuipers@example.org", "Heerlen"),
]

# (name, lead pillar, other pillars, review in days from today (negative: overdue),
#  members (e-mail, role), support (e-mail, hours, ends in days) or None, status)
GROUPS = [
    (
        "Woningmarkt",
        "fysiek",
        ["sociaal"],
        -21,
        [
            ("s.devries@example.org", "chair"),
            ("p.deboer@example.org", "member"),
            ("n.visser@example.org", "member"),
        ],
        ("l.jansen@example.org", 12, 200),
        ThemeGroupStatus.ACTIVE,
    ),
    (
        "Circulair bouwen",
        "fysiek",
        ["economie-en-werk"],
        30,
        [("l.dekker@example.org", "chair"), ("m.hendriks@example.org", "member")],
        None,
        ThemeGroupStatus.ACTIVE,
    ),
    (
        "Armoede en Schuldhulpverlening",
        "sociaal",
        [],
        -5,
        [
            ("w.brouwer@example.org", "chair"),
            ("a.wouters@example.org", "member"),
            ("s.kuipers@example.org", "member"),
        ],
        ("e.smit@example.org", 8, 20),
        ThemeGroupStatus.ACTIVE,
    ),
    (
        "Vitale binnensteden en werklocaties",
        "economie-en-werk",
        ["fysiek"],
        45,
        [("j.schouten@example.org", "chair"), ("d.mertens@example.org", "member")],
        ("r.hoekstra@example.org", 6, 300),
        ThemeGroupStatus.ACTIVE,
    ),
    (
        "MKB en economische vernieuwing",
        "economie-en-werk",
        [],
        240,
        [("d.mertens@example.org", "chair"), ("i.vanleeuwen@example.org", "member")],
        None,
        ThemeGroupStatus.ACTIVE,
    ),
    (
        "Vergunninghouders en Asiel",
        "sociaal",
        ["fysiek"],
        150,
        [("y.kramer@example.org", "chair"), ("t.bos@example.org", "member")],
        ("k.mulder@example.org", 10, 365),
        ThemeGroupStatus.ACTIVE,
    ),
    (
        "Energietransitie",
        "fysiek",
        ["economie-en-werk"],
        400,
        [("m.hendriks@example.org", "chair"), ("l.dekker@example.org", "member")],
        ("l.jansen@example.org", 4, 25),
        ThemeGroupStatus.ACTIVE,
    ),
    (
        "Onderwijs en Arbeidsmarkt",
        "economie-en-werk",
        ["sociaal"],
        -60,
        [("n.vermeulen@example.org", "chair"), ("p.deboer@example.org", "member")],
        None,
        ThemeGroupStatus.ACTIVE,
    ),
    (
        "Jeugd",
        "sociaal",
        [],
        10,
        [("a.wouters@example.org", "chair"), ("n.visser@example.org", "member")],
        ("e.smit@example.org", 8, 200),
        ThemeGroupStatus.ACTIVE,
    ),
    (
        "Veiligheid",
        "sociaal",
        [],
        320,
        [("s.kuipers@example.org", "chair"), ("i.vanleeuwen@example.org", "member")],
        ("t.bos@example.org", 6, 250),
        ThemeGroupStatus.ACTIVE,
    ),
    (
        "Mobiliteit",
        "fysiek",
        [],
        180,
        [],
        None,
        ThemeGroupStatus.PROPOSED,
    ),
    (
        "Cultuur",
        "sociaal",
        ["economie-en-werk"],
        -90,
        [("j.schouten@example.org", "chair"), ("t.bos@example.org", "member")],
        None,
        ThemeGroupStatus.ENDED,
    ),
]

MANDATES = {
    "Woningmarkt": (
        "Kennis delen over woningbouw, betaalbaarheid en doorstroming in de G40-steden.",
        "Een gezamenlijke inbreng voor de woondeals met het Rijk.",
    ),
    "Armoede en Schuldhulpverlening": (
        "Aanpakken van armoede en schulden uitwisselen en bundelen.",
        "Een lobbyagenda richting het kabinet over bestaanszekerheid.",
    ),
}


def _person(email: str, name: str, city: City) -> Person:
    person, _ = Person.objects.get_or_create(
        email=email, defaults={"name": name, "city": city, "function": Function.CIVIL_SERVANT}
    )
    return person


@transaction.atomic
def load() -> list[tuple[str, str]]:
    today = timezone.localdate()
    cities = {city.name: city for city in City.objects.all()}
    pillars = {pillar.slug: pillar for pillar in Pillar.objects.all()}
    for name, email, city_name in EXTRA_PEOPLE:
        _person(email, name, cities[city_name])
    people = {person.email: person for person in Person.objects.all()}

    for name, lead, others, review_in, members, support, status in GROUPS:
        if ThemeGroup.objects.filter(name=name).exists():
            continue
        goal, result = MANDATES.get(
            name,
            (
                f"Kennis en ervaring uitwisselen over {name.lower()} tussen de G40-steden.",
                "Een gezamenlijke lobbyboodschap en een praktijkbundel.",
            ),
        )
        review_due_on = today + datetime.timedelta(days=review_in)
        group = ThemeGroup(
            name=name,
            slug=slugify(name),
            goal=goal,
            expected_result=result,
            lead_pillar=pillars[lead],
            review_due_on=review_due_on,
            status=status,
        )
        if status != ThemeGroupStatus.PROPOSED:
            group.started_on = review_due_on - datetime.timedelta(days=700)
        if status == ThemeGroupStatus.ENDED:
            group.ended_on = review_due_on + datetime.timedelta(days=14)
            group.end_reason = "Het doel is bereikt; het onderwerp loopt verder via de VNG."
        group.save()
        group.other_pillars.set([pillars[slug] for slug in others])
        for email, role in members:
            Membership.objects.create(
                theme_group=group,
                person=people[email],
                role=MembershipRole(role),
                joined_on=group.started_on,
            )
        if support:
            email, hours, ends_in = support
            SupportAssignment.objects.create(
                theme_group=group,
                person=people[email],
                hours_per_month=Decimal(hours),
                starts_on=today - datetime.timedelta(days=90),
                ends_on=today + datetime.timedelta(days=ends_in),
            )
        if status == ThemeGroupStatus.ENDED:
            ReviewDecision.objects.create(
                theme_group=group,
                review_due_on=review_due_on,
                outcome=ReviewOutcome.END,
                ends_on=group.ended_on,
                reason=group.end_reason,
                decided_by_name="Hendrik Molenaar (Amersfoort)",
                decided_on=group.ended_on,
                decided_at=timezone.now() - datetime.timedelta(days=-review_in - 14),
            )
    return []
