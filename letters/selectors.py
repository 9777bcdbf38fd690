"""Reads the letters' pages and services share. Each runs a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from infra.urls import UrlFor
from members.constants import LETTER_ADDRESSEE_ROLES
from members.models import City, Role

from .constants import LetterKind, LetterStatus
from .models import Election, Letter, RoleConfirmation, Subscriber


def sent_letters() -> QuerySet[Letter]:
    """The public archive: sent letters only, newest first. Only the fields the archive
    shows (no drafter, no approver: nothing personal)."""
    return (
        Letter.objects.filter(status=LetterStatus.SENT)
        .only("kind", "year", "number", "status", "sent_subject", "sent_at", "corrects_id")
        .order_by("-sent_at", "-year", "-number")
    )


def letters_for_office() -> QuerySet[Letter]:
    """The secretariat's and the DB's list: every letter, drafts first."""
    return Letter.objects.select_related("drafted_by", "approved_by", "election").order_by(
        "status", "-year", "-number"
    )


def proposal_period(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """``[since, until)`` for a new member letter: from the day after the period of the
    last member letter up to today (inclusive, so ``until`` is tomorrow); 90 days back
    when there is none."""
    today = today or timezone.localdate()
    last = (
        Letter.objects.filter(kind=LetterKind.LETTER)
        .exclude(covers_until__isnull=True)
        .order_by("-covers_until")
        .values_list("covers_until", flat=True)
        .first()
    )
    since = last + datetime.timedelta(days=1) if last else today - datetime.timedelta(days=90)
    until = today + datetime.timedelta(days=1)
    return min(since, today), until


def role_addresses() -> set[str]:
    """The addresses of the current council clerks and college contacts of every
    member city."""
    return set(
        Role.objects.current()
        .filter(kind__in=LETTER_ADDRESSEE_ROLES, person__city__in=City.objects.members())
        .values_list("person__email", flat=True)
    )


def subscriber_addresses() -> dict[str, Subscriber]:
    return {s.email: s for s in Subscriber.objects.filter(confirmed_at__isnull=False)}


def unconfirmed_roles(election: Election) -> QuerySet[Role]:
    """The council clerks and college contacts of member cities not confirmed since the
    election. Confirmed means: the role started on or after the election date (appointed
    or renewed after it), or the secretariat recorded a confirmation of the role for this
    election (``RoleConfirmation``)."""
    confirmed = RoleConfirmation.objects.filter(election=election, role=OuterRef("pk"))
    return (
        Role.objects.current()
        .filter(
            kind__in=LETTER_ADDRESSEE_ROLES,
            person__city__in=City.objects.members(),
            starts_on__lt=election.held_on,
        )
        .exclude(Exists(confirmed))
        .select_related("person__city")
        .order_by("person__city__name", "kind", "person__name")
    )


@dataclass
class CityAddressees:
    city: object
    roles: list = field(default_factory=list)


def unconfirmed_by_city(election: Election) -> list[CityAddressees]:
    """``unconfirmed_roles`` grouped per city (one query)."""
    groups: dict[int, CityAddressees] = {}
    for role in unconfirmed_roles(election):
        city = role.person.city
        groups.setdefault(city.pk, CityAddressees(city=city)).roles.append(role)
    return list(groups.values())


@dataclass
class MissingAddressees:
    city: object
    missing: list = field(default_factory=list)  # the RoleKind values the city lacks
    url: str = ""  # the city's page

    @property
    def missing_text(self) -> str:
        """What the city lacks, in words ("no council clerk, no college contact")."""
        words = {"griffier": _("no council clerk")}
        return ", ".join(words.get(kind, _("no college contact")) for kind in self.missing)


def cities_without_addressees(city_id: int | None = None) -> list[MissingAddressees]:
    """Member cities that have no current council clerk (griffier) or no current college
    contact: the member letter does not reach their council or college (issue 23). One
    query; ``city_id`` narrows it to one city (a city contact's dashboard)."""
    today = timezone.localdate()
    current = Role.objects.current(today).filter(person__city=OuterRef("pk"))
    cities = City.objects.members(today).annotate(
        **{f"has_{kind}": Exists(current.filter(kind=kind)) for kind in LETTER_ADDRESSEE_ROLES}
    )
    if city_id is not None:
        cities = cities.filter(pk=city_id)
    rows = []
    # One reverse, each city's code put in (a {% url %} per listed city was most of the
    # list's cost: every city lacks them in a new network, issue 24).
    city_url = UrlFor("members:city_detail", "cbs_code", "GM0000")
    for city in cities.order_by("name"):
        missing = [kind for kind in LETTER_ADDRESSEE_ROLES if not getattr(city, f"has_{kind}")]
        if missing:
            url = city_url(city.cbs_code)
            rows.append(MissingAddressees(city=city, missing=missing, url=url))
    return rows


@dataclass
class Reach:
    """What approving a letter sends, counted before it is sent (the confirmation)."""

    mails: int
    member_cities: int
    councils: list = field(default_factory=list)  # member cities whose griffier gets it
    colleges: list = field(default_factory=list)  # member cities whose college contact gets it
    unreached: list = field(default_factory=list)  # member cities with neither
    subscribers: int = 0


def approval_reach(letter: Letter) -> Reach:
    """Whom ``letter`` reaches once approved: the same addresses as the sending
    (``services_sending._recipients``), grouped by council and college (three queries)."""
    from members.constants import RoleKind

    members = list(City.objects.members().order_by("name").only("pk", "name"))
    if letter.kind == LetterKind.INTRODUCTION:
        roles = list(unconfirmed_roles(letter.election))
        subscribers: set[str] = set()
    else:
        roles = list(
            Role.objects.current()
            .filter(kind__in=LETTER_ADDRESSEE_ROLES, person__city__in=members)
            .select_related("person__city")
        )
        subscribers = set(subscriber_addresses())
    councils = {r.person.city_id for r in roles if r.kind == RoleKind.GRIFFIER}
    colleges = {r.person.city_id for r in roles if r.kind == RoleKind.COLLEGE_CONTACT}
    addresses = {r.person.email for r in roles} | subscribers
    return Reach(
        mails=len(addresses),
        member_cities=len(members),
        councils=[c for c in members if c.pk in councils],
        colleges=[c for c in members if c.pk in colleges],
        unreached=[c for c in members if c.pk not in councils | colleges],
        subscribers=len(subscribers - {r.person.email for r in roles}),
    )
