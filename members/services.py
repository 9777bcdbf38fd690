"""Writes for cities and people. Each runs in one transaction: all or nothing."""

from __future__ import annotations

import csv
import datetime
import re
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from infra.bounds import CITY
from infra.csv_input import FieldTooLong, read_csv
from infra.locking import locked_transaction
from infra.numbers import display
from infra.registry import app_hooks
from infra.services import Forbidden
from infra.text import normalise_email
from pillars.models import STANDING_PILLARS, Pillar

from .actors import is_system
from .constants import CBS_CODE_REGEX, CityStatus
from .models import MEMBERSHIP_RECORDS_BEGIN, City, MembershipPeriod, Person
from .permissions import permissions_for

SHIPPED_CITIES_FILE = Path(__file__).resolve().parent / "data" / "g40-cities.csv"


class ImportRejected(ValidationError):
    """A file that is rejected as a whole; the message names row and column."""

    def __init__(self, message):
        super().__init__(message, code="import_rejected")

    def __str__(self) -> str:
        return str(self.message)


# --- reference data ------------------------------------------------------------


def pillars_load() -> int:
    """Create the three standing pillars that are missing. Returns how many it made."""
    created = 0
    for pillar in STANDING_PILLARS:
        _obj, was_created = Pillar.objects.get_or_create(
            slug=pillar["slug"], defaults={k: v for k, v in pillar.items() if k != "slug"}
        )
        created += was_created
    return created


@transaction.atomic
def cities_load(*, path: Path = SHIPPED_CITIES_FILE) -> int:
    """Create the cities of the shipped file that are missing. Existing cities are
    left as they are, so newer imported figures are never overwritten."""
    created = 0
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            city, was_created = City.objects.get_or_create(
                cbs_code=row["cbs_code"],
                defaults={
                    "name": row["name"],
                    "province": row["province"],
                    "population": int(row["population"]),
                    "population_reference_date": datetime.date.fromisoformat(
                        row["population_date"]
                    ),
                    "urbanity_class": int(row["urbanity_class"]),
                    "urbanity_reference_year": int(row["urbanity_year"]),
                    "address_density": int(row["address_density"]),
                },
            )
            # The file's "member" rows are members from their member_since (or from
            # before the records began); an "applicant" row is no member.
            if was_created and (row["status"] or CityStatus.MEMBER) == CityStatus.MEMBER:
                MembershipPeriod.objects.create(
                    city=city,
                    starts_on=(
                        datetime.date.fromisoformat(row["member_since"])
                        if row["member_since"]
                        else MEMBERSHIP_RECORDS_BEGIN
                    ),
                    source=_("shipped list of member cities"),
                )
            created += was_created
    return created


# --- CBS figures import ----------------------------------------------------------

CBS_IMPORT_COLUMNS = (
    "cbs_code",
    "population",
    "population_date",
    "urbanity_class",
    "urbanity_year",
    "address_density",
)


@dataclass(frozen=True)
class CbsFigures:
    cbs_code: str
    population: int
    population_date: datetime.date
    urbanity_class: int
    urbanity_year: int
    address_density: int


def _parse_cbs_row(row: dict[str, str], line: int, known: set[str]) -> CbsFigures:
    def fail(column: str, problem: str) -> ImportRejected:
        return ImportRejected(
            _("Row %(row)s, column %(column)s: %(problem)s")
            % {"row": line, "column": column, "problem": problem}
        )

    def number(column: str, minimum: int = 0, maximum: int | None = None) -> int:
        raw = (row.get(column) or "").strip()
        # ASCII digits, as Dutch Excel may group them ("111.834"); never "²⁰²⁴".
        if not re.fullmatch(r"[0-9]+|[0-9]{1,3}(\.[0-9]{3})+", raw, re.ASCII):
            raise fail(column, _("“%(value)s” is not a whole number.") % {"value": raw[:40]})
        value = int(raw.replace(".", ""))
        if value < minimum or (maximum is not None and value > maximum):
            raise fail(
                column,
                _("%(value)s is outside %(minimum)s–%(maximum)s.")
                % {
                    "value": display(value),
                    "minimum": display(minimum),
                    "maximum": display(maximum),
                },
            )
        return value

    code = (row.get("cbs_code") or "").strip().upper()
    if not re.fullmatch(CBS_CODE_REGEX, code):
        raise fail(
            "cbs_code", _("“%(value)s” is not a CBS code (GM + 4 digits).") % {"value": code}
        )
    if code not in known:
        raise fail("cbs_code", _("unknown municipality %(code)s.") % {"code": code})
    raw_date = (row.get("population_date") or "").strip()
    try:
        population_date = datetime.date.fromisoformat(raw_date)
    except ValueError:
        raise fail(
            "population_date", _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": raw_date}
        ) from None
    try:
        CITY(population_date)  # year 1 would fail the database's constraint: say so here
    except ValidationError as error:
        raise fail("population_date", error.messages[0]) from None
    return CbsFigures(
        cbs_code=code,
        population=number("population", 1, 10_000_000),
        population_date=population_date,
        urbanity_class=number("urbanity_class", 1, 5),
        urbanity_year=number("urbanity_year", 1900, 2200),
        address_density=number("address_density", 0, 100_000),
    )


def cbs_figures_parse(text: str) -> list[CbsFigures]:
    """Parse a whole file; the first fault rejects it, naming row and column."""
    try:
        fieldnames, rows = read_csv(text)
        return _cbs_figures_parse(fieldnames, rows)
    except FieldTooLong as error:
        raise ImportRejected(
            _("Row %(row)s, column %(column)s: %(problem)s")
            % {
                "row": error.line,
                "column": error.column,
                "problem": _("the field is longer than 128 KiB."),
            }
        ) from None


def _cbs_figures_parse(fieldnames, rows) -> list[CbsFigures]:
    missing = [c for c in CBS_IMPORT_COLUMNS if c not in fieldnames]
    if missing:
        raise ImportRejected(
            _("Row 1: missing column(s): %(columns)s.") % {"columns": ", ".join(missing)}
        )
    known = set(City.objects.values_list("cbs_code", flat=True))
    figures: list[CbsFigures] = []
    seen: set[str] = set()
    for line, row in rows:
        parsed = _parse_cbs_row(row, line, known)
        if parsed.cbs_code in seen:
            raise ImportRejected(
                _("Row %(row)s, column cbs_code: %(code)s appears twice.")
                % {"row": line, "code": parsed.cbs_code}
            )
        seen.add(parsed.cbs_code)
        figures.append(parsed)
    if not figures:
        raise ImportRejected(_("The file holds no rows."))
    return figures


@transaction.atomic
def cbs_figures_import(*, text: str) -> int:
    """Update cities with newer CBS figures. Nothing changes unless the whole file is
    valid. Returns the number of cities updated.

    One save() per city (41 rows), not bulk_update(): the audit trail sees saves only."""
    figures = cbs_figures_parse(text)
    cities = City.objects.select_for_update().in_bulk(
        [f.cbs_code for f in figures], field_name="cbs_code"
    )
    for f in figures:
        city = cities[f.cbs_code]
        city.population = f.population
        city.population_reference_date = f.population_date
        city.urbanity_class = f.urbanity_class
        city.urbanity_reference_year = f.urbanity_year
        city.address_density = f.address_density
        city.full_clean()
        city.save(
            update_fields=[
                "population",
                "population_reference_date",
                "urbanity_class",
                "urbanity_reference_year",
                "address_density",
            ]
        )
    return len(figures)


# --- people and logins -----------------------------------------------------------


def person_save(*, by, person: Person) -> Person:
    """Add a person to their city, or change one. ``by`` is the acting user (``SYSTEM``:
    the system). The city's contact or the secretariat may; the rule is asked again
    here, inside the transaction, so that a role ended since the page was shown counts.
    The e-mail address is unique (a database constraint)."""
    with locked_transaction():
        stored = None
        if person.pk is not None:
            stored = (
                Person.objects.select_for_update(of=("self",))
                .select_related("user")
                .get(pk=person.pk)
            )
        email_changed = stored is not None and stored.email != normalise_email(person.email)
        if not is_system(by):
            permissions = permissions_for(by)
            if stored is not None:
                allowed = permissions.may_manage_person(stored) and (
                    permissions.may_manage_people_of(person.city)
                )
            else:
                allowed = permissions.may_manage_people_of(person.city)
            if not allowed:
                raise Forbidden(_("You may not add or change people of this city."))
            if email_changed and not permissions.may_manage_login_of(stored):
                # Issue 22, item 2: the address a login is reached by, of someone who
                # acts across the network, is the secretariat's to change.
                raise ValidationError(
                    {
                        "email": ValidationError(
                            _(
                                "%(name)s holds a role for the whole network: only the "
                                "secretariat changes their e-mail address."
                            )
                            % {"name": stored.name},
                            code="network_wide_person",
                        )
                    }
                )
        person.full_clean()
        try:
            with transaction.atomic():
                person.save()
        except IntegrityError:
            # Another request took the address between the check and the write.
            raise ValidationError(
                {"email": _("Someone with this e-mail address is already known.")},
                code="email_taken",
            ) from None
        if email_changed:
            person_email_changed(person=person, by=by)
    return person


def person_email_changed(*, by, person: Person) -> None:
    """``person``'s address has changed (in the writer's transaction): a login takes
    the new address only once it is confirmed (the accounts app's hook,
    ``accounts/login_address.py``). Called by ``person_save`` and the admin."""
    for _app, changed in app_hooks("login_address", "person_email_changed"):
        changed(person=person, by=by)


# --- membership periods ----------------------------------------------------------


def membership_end(
    *, by, city: City, last_day: datetime.date, reason: str = ""
) -> MembershipPeriod:
    """Record the last day of a city's open membership period (it leaves the network,
    or merges into another). The secretariat, which records the AB's decisions; the
    period's start stays; a later admission adds a new period."""
    with locked_transaction():
        if not is_system(by) and not permissions_for(by).may_record_decisions:
            raise Forbidden(_("Only the secretariat records the end of a membership."))
        City.objects.select_for_update().filter(pk=city.pk).first()
        period = MembershipPeriod.objects.filter(city=city, ends_on__isnull=True).first()
        if period is None:
            raise ValidationError(
                _("%(city)s has no membership that lasts.") % {"city": city.name},
                code="not_a_member",
            )
        if last_day < period.starts_on:
            raise ValidationError(
                _("The last day lies before the membership began."), code="period_ordered"
            )
        period.ends_on = last_day
        if reason.strip():
            period.source = (f"{period.source}; {reason.strip()}" if period.source else reason)[
                :200
            ]
        period.full_clean()
        period.save()
        return period
