"""Demo lobby content: the secretariat's target list, three dossiers across the pillars
(one the VNG covers), an agreed position that most cities support, one city deviating
with a notice the DB acknowledged, one city's late notice ("onverwacht", waiting for the
DB), one city's action flagged as unexpected, a new version before the DB with early
signals (12 of the member cities answered); and a login for the demo lobby coordinator (Bas
Willems, made by members/demo.py). Idempotent: an existing dossier is left alone."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from members.constants import RoleKind
from members.demo import DEMO_PASSWORD
from members.models import City, Person, Role
from pillars.models import Pillar

from .constants import (
    DossierStatus,
    MomentKind,
    MomentStatus,
    StanceKind,
    TargetKind,
    UnexpectedReason,
    VersionStatus,
    VngAlignment,
)
from .models import (
    CityAction,
    DeviationNotice,
    Dossier,
    LobbyTarget,
    Moment,
    PositionVersion,
    Stance,
)

COORDINATOR_USERNAME = "lobbycoordinator"
COORDINATOR_EMAIL = "b.willems@example.org"

TARGETS = [
    ("Vaste commissie Binnenlandse Zaken", TargetKind.COMMITTEE),
    ("Vaste commissie Sociale Zaken en Werkgelegenheid", TargetKind.COMMITTEE),
    ("Ministerie van Volkshuisvesting en Ruimtelijke Ordening", TargetKind.MINISTRY),
    ("Ministerie van Sociale Zaken en Werkgelegenheid", TargetKind.MINISTRY),
    ("Kabinet", TargetKind.CABINET),
    ("Aedes (woningcorporaties)", TargetKind.SOCIETY),
    ("VNO-NCW", TargetKind.SOCIETY),
    ("VNG", TargetKind.VNG),
]

DEVIATING_CITY = "Eindhoven"
UNEXPECTED_CITY = "Groningen"
# Its notice came after its own action date: "onverwacht", not yet acknowledged (issue 23).
LATE_CITY = "Leeuwarden"
ABSTAINING = ["Venlo", "Emmen"]
NOT_ANSWERED = ["Heerlen", "Helmond", "Zaanstad"]


def _coordinator_login() -> list[tuple[str, str]]:
    person = Person.objects.filter(email=COORDINATOR_EMAIL).first()
    if person is None:
        return []
    User = get_user_model()
    user = User.objects.filter(username=COORDINATOR_USERNAME).first()
    if user is None:
        user = User(
            username=COORDINATOR_USERNAME, email=person.email, first_name="Bas", last_name="Willems"
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
    if person.user_id != user.pk:
        person.user = user
        person.save(update_fields=["user"])
    return [(COORDINATOR_USERNAME, "lobby coordinator (schedules and routes, not the text)")]


@transaction.atomic
def load() -> list[tuple[str, str]]:
    accounts = _coordinator_login()
    if Dossier.objects.exists():
        return accounts
    now = timezone.now()
    today = timezone.localdate()
    for name, kind in TARGETS:
        LobbyTarget.objects.get_or_create(name=name, defaults={"kind": kind})
    targets = {target.name: target for target in LobbyTarget.objects.all()}
    pillars = {pillar.slug: pillar for pillar in Pillar.objects.all()}
    coordinator = Person.objects.filter(email=COORDINATOR_EMAIL).first()
    administrators = {
        person.email: person
        for person in Person.objects.filter(
            pk__in=Role.objects.filter(kind=RoleKind.PILLAR_CHAIR).values("person_id")
        )
    }
    secretaries = {
        role.pillar.slug: role.person
        for role in Role.objects.filter(kind=RoleKind.PILLAR_SECRETARY).select_related(
            "pillar", "person"
        )
    }
    members = list(City.objects.members().order_by("name"))

    housing = Dossier.objects.create(
        subject="Woningbouw en betaalbaarheid in middelgrote steden",
        pillar=pillars["fysiek"],
        coordinator=coordinator,
        status=DossierStatus.ACTIVE,
        vng_alignment=VngAlignment.OWN_ACCENT,
        vng_note="De VNG vraagt aandacht voor woningbouw in het algemeen; de G40 legt het "
        "accent op de centrumrol van de stad in haar regio.",
        created_at=now - datetime.timedelta(days=120),
    )
    housing.targets.set(
        [
            targets["Ministerie van Volkshuisvesting en Ruimtelijke Ordening"],
            targets["Vaste commissie Binnenlandse Zaken"],
            targets["Aedes (woningcorporaties)"],
        ]
    )
    housing.carriers.set([p for p in administrators.values() if p.email == "m.bakker@example.org"])
    agreed = PositionVersion.objects.create(
        dossier=housing,
        number=1,
        title="Middelgrote steden bouwen door",
        summary="Structurele middelen voor woningbouw in de centrumsteden, met ruimte voor "
        "regionale afspraken.",
        text="De G40-steden vragen het kabinet om meerjarige, structurele middelen voor "
        "woningbouw, zodat zij hun centrumrol in de regio kunnen waarmaken.",
        status=VersionStatus.AGREED,
        stances_due_on=today - datetime.timedelta(days=60),
        proposed_by=secretaries.get("fysiek"),
        proposed_at=now - datetime.timedelta(days=90),
        routed_at=now - datetime.timedelta(days=70),
        agreed_at=now - datetime.timedelta(days=55),
        agreed_by="Hendrik Molenaar (Amersfoort)",
    )
    for city in members:
        if city.name in NOT_ANSWERED:
            continue
        kind = StanceKind.SUPPORT
        if city.name in ABSTAINING:
            kind = StanceKind.ABSTAIN
        elif city.name in (DEVIATING_CITY, LATE_CITY):
            kind = StanceKind.DEVIATE
        stance = Stance.objects.create(
            version=agreed,
            dossier=housing,
            city=city,
            kind=kind,
            recorded_at=now - datetime.timedelta(days=65),
        )
        if city.name == LATE_CITY:
            DeviationNotice.objects.create(
                stance=stance,
                dossier=housing,
                city=city,
                what="Leeuwarden heeft een eigen brief over de woningbouwmiddelen gestuurd.",
                why="De provincie vroeg om een snelle reactie van de stad zelf.",
                acts_from=today - datetime.timedelta(days=6),
                explanation="Leeuwarden steunt de G40-boodschap; de eigen brief vult die aan.",
                filed_at=now - datetime.timedelta(days=2),
                unexpected=UnexpectedReason.LATE_NOTICE,
            )
        elif kind == StanceKind.DEVIATE:
            DeviationNotice.objects.create(
                stance=stance,
                dossier=housing,
                city=city,
                what="Eindhoven voert een eigen lobby richting de Brainportregio-afspraken.",
                why="De woningbouwopgave hangt in Eindhoven samen met de regiodeal Brainport.",
                acts_from=today + datetime.timedelta(days=20),
                explanation="Eindhoven steunt de G40-boodschap en legt daarnaast een eigen "
                "regionaal accent, in overleg met het DB.",
                filed_at=now - datetime.timedelta(days=64),
                acknowledged_at=now - datetime.timedelta(days=60),
                acknowledged_by="Hendrik Molenaar (Amersfoort)",
                response="Het DB neemt hiervan kennis; het regionale accent is uitlegbaar.",
            )
    unexpected_city = next((c for c in members if c.name == UNEXPECTED_CITY), None)
    if unexpected_city is not None:
        CityAction.objects.create(
            dossier=housing,
            city=unexpected_city,
            description="Eigen brief aan de Tweede Kamer over woningbouwmiddelen.",
            took_place_on=today - datetime.timedelta(days=10),
            unexpected=UnexpectedReason.NO_NOTICE,
        )
    Moment.objects.create(
        dossier=housing,
        kind=MomentKind.DEBATE,
        title="Commissiedebat Volkshuisvesting",
        text="Inbreng via een brief aan de commissie met de G40-boodschap.",
        status=MomentStatus.SCHEDULED,
        takes_place_on=today + datetime.timedelta(days=21),
        proposed_by=secretaries.get("fysiek"),
    )

    work = Dossier.objects.create(
        subject="Arbeidsmarktregio's en de Participatiewet",
        pillar=pillars["economie-en-werk"],
        coordinator=coordinator,
        status=DossierStatus.PREPARING,
        vng_alignment=VngAlignment.COMPLEMENTARY,
        vng_note="Aanvullend op de VNG-inzet voor de herziening van de Participatiewet.",
    )
    work.targets.set(
        [targets["Ministerie van Sociale Zaken en Werkgelegenheid"], targets["VNO-NCW"]]
    )
    proposal = PositionVersion.objects.create(
        dossier=work,
        number=1,
        title="Werk vinden in de regio",
        summary="De centrumstad als spil van de arbeidsmarktregio, met middelen die daarbij horen.",
        text="De G40 vraagt dat de herziening van de Participatiewet de rol van de centrumstad "
        "in de arbeidsmarktregio erkent en financiert.",
        stances_due_on=today + datetime.timedelta(days=14),
        proposed_by=secretaries.get("economie-en-werk"),
        # The coordinator put it before the DB before the cities' deadline, with most
        # cities unanswered: agreeing it asks the DB for a reason (issue 23).
        status=VersionStatus.AT_DB,
        proposed_at=now - datetime.timedelta(days=7),
        routed_at=now - datetime.timedelta(days=1),
    )
    for city in members[:12]:
        Stance.objects.create(
            version=proposal,
            dossier=work,
            city=city,
            kind=StanceKind.ABSTAIN if city.name == "Almere" else StanceKind.SUPPORT,
            note="Wacht op collegebesluit." if city.name == "Almere" else "",
        )

    Dossier.objects.create(
        subject="Gemeentefonds: de financiële positie van gemeenten",
        pillar=pillars["sociaal"],
        coordinator=coordinator,
        status=DossierStatus.ACTIVE,
        vng_alignment=VngAlignment.COVERED,
        vng_note="De VNG voert deze lobby namens alle gemeenten; de G40 sluit aan en voert "
        "geen eigen lobby.",
    ).targets.set([targets["VNG"], targets["Kabinet"]])
    return accounts
