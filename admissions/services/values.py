"""Writes for indicator values: one value entered by the secretariat, a CSV file
imported whole or not at all, and the CBS figures on members.City copied as values.

A value needs its source and reference date, lies within its indicator's range and is
for a known municipality (CBS code). A refusal is a ``ValidationError`` with a code
(per field where one field is at fault); an import names the row and column of the
first fault and writes nothing.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from infra.bounds import NETWORK
from infra.csv_input import FieldTooLong, read_csv
from infra.locking import locked_transaction
from infra.numbers import NumberUnreadable, display, parse_decimal
from members.actors import actor_permissions
from members.models import City
from members.services import ImportRejected

from .. import criteria_2018
from ..models import CriteriaSet, CriterionNote, Indicator, IndicatorValue

IMPORT_COLUMNS = ("cbs_code", "indicator", "year", "value", "source", "reference_date")


def criteria_2018_ensure() -> None:
    """The 2018 criteria set with its indicators (also made by the data migration)."""
    criteria_2018.ensure(CriteriaSet, CriterionNote, Indicator)


def _check_value(
    *,
    indicator: Indicator,
    year: int,
    value: Decimal,
    source: str,
    reference_date: datetime.date | None,
) -> None:
    if not source:
        raise ValidationError(
            {"source": ValidationError(_("Give the source of the figure."), code="source_required")}
        )
    if reference_date is None:
        raise ValidationError(
            {
                "reference_date": ValidationError(
                    _("Give the date the figure refers to."), code="reference_date_required"
                )
            }
        )
    NETWORK(reference_date)
    if not 2000 <= year <= 2100:
        raise ValidationError(
            {
                "year": ValidationError(
                    _("The year lies outside 2000–2100."), code="year_out_of_range"
                )
            }
        )
    if not indicator.minimum <= value <= indicator.maximum:
        raise ValidationError(
            {
                "value": ValidationError(
                    _("%(value)s lies outside the range of %(indicator)s (%(low)s–%(high)s).")
                    % {
                        "value": display(value),
                        "indicator": indicator.name,
                        "low": display(indicator.minimum),
                        "high": display(indicator.maximum),
                    },
                    code="value_out_of_range",
                )
            }
        )


def indicator_value_record(
    *,
    by,
    indicator: Indicator,
    city: City,
    year: int,
    value: Decimal,
    source: str,
    reference_date: datetime.date | None,
    is_demo: bool = False,
) -> IndicatorValue:
    """Enter or correct a municipality's value of an indicator for a year."""
    source = (source or "").strip()
    with locked_transaction():
        actor_permissions(by, lambda permissions: permissions.may_enter_indicator_values)
        _check_value(
            indicator=indicator,
            year=year,
            value=value,
            source=source,
            reference_date=reference_date,
        )
        stored, _created = IndicatorValue.objects.update_or_create(
            indicator=indicator,
            city=city,
            year=year,
            defaults={
                "value": value,
                "source": source,
                "reference_date": reference_date,
                "is_demo": is_demo,
            },
        )
    return stored


# --- CSV import ------------------------------------------------------------------------


def _fail(line: int, column: str, problem: str) -> ImportRejected:
    return ImportRejected(
        _("Row %(row)s, column %(column)s: %(problem)s")
        % {"row": line, "column": column, "problem": problem}
    )


def _too_long(error: FieldTooLong) -> ImportRejected:
    return _fail(error.line, error.column, _("the field is longer than 128 KiB."))


def _guarded(rows):
    try:
        yield from rows
    except FieldTooLong as error:
        raise _too_long(error) from None


def _parse_row(row, line, cities, indicators) -> IndicatorValue:
    code = (row.get("cbs_code") or "").strip().upper()
    city = cities.get(code)
    if city is None:
        raise _fail(line, "cbs_code", _("unknown municipality “%(code)s”.") % {"code": code})
    key = (row.get("indicator") or "").strip()
    indicator = indicators.get(key)
    if indicator is None:
        raise _fail(line, "indicator", _("unknown indicator “%(key)s”.") % {"key": key})
    raw_year = (row.get("year") or "").strip()
    # ASCII digits only: "²⁰²⁴".isdigit() is true, and int() of it fails.
    if not re.fullmatch(r"[0-9]{4}", raw_year, re.ASCII):
        raise _fail(line, "year", _("“%(value)s” is not a year.") % {"value": raw_year[:40]})
    raw_value = (row.get("value") or "").strip()
    try:
        value = parse_decimal(raw_value)
    except NumberUnreadable as error:
        problem = (
            _("“%(value)s” can be read two ways (a thousand, or one?): write 1000 or 1,000.")
            if error.code == "ambiguous"
            else _("“%(value)s” is not a number.")
        )
        raise _fail(line, "value", problem % {"value": raw_value[:40]}) from None
    raw_date = (row.get("reference_date") or "").strip()
    reference_date = None
    if raw_date:
        try:
            reference_date = datetime.date.fromisoformat(raw_date)
        except ValueError:
            raise _fail(
                line,
                "reference_date",
                _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": raw_date},
            ) from None
    source = (row.get("source") or "").strip()
    try:
        _check_value(
            indicator=indicator,
            year=int(raw_year),
            value=value,
            source=source,
            reference_date=reference_date,
        )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            field, errors = next(iter(error.error_dict.items()))
            raise _fail(line, field, errors[0].messages[0]) from None
        raise _fail(line, "reference_date", error.messages[0]) from None
    return IndicatorValue(
        indicator=indicator,
        city=city,
        year=int(raw_year),
        value=value,
        source=source,
        reference_date=reference_date,
    )


def indicator_values_import(*, by, text: str) -> int:
    """Import values from CSV text with the columns ``IMPORT_COLUMNS``: every row is
    checked first, and the first fault rejects the whole file (row and column named);
    then all rows are written in one transaction (a value that exists is replaced).
    Returns the number of rows."""
    try:
        fieldnames, rows = read_csv(text)
    except FieldTooLong as error:
        raise _too_long(error) from None
    missing = [c for c in IMPORT_COLUMNS if c not in fieldnames]
    if missing:
        raise ImportRejected(
            _("Row 1: missing column(s): %(columns)s.") % {"columns": ", ".join(missing)}
        )
    with locked_transaction():
        actor_permissions(by, lambda permissions: permissions.may_enter_indicator_values)
        cities = {city.cbs_code: city for city in City.objects.all()}
        indicators = {indicator.key: indicator for indicator in Indicator.objects.all()}
        parsed: list[IndicatorValue] = []
        seen: set[tuple] = set()
        for line, row in _guarded(rows):
            value = _parse_row(row, line, cities, indicators)
            key = (value.indicator.pk, value.city.pk, value.year)
            if key in seen:
                raise _fail(line, "year", _("this municipality, indicator and year appear twice."))
            seen.add(key)
            parsed.append(value)
        if not parsed:
            raise ImportRejected(_("The file holds no rows."))
        for value in parsed:
            IndicatorValue.objects.update_or_create(
                indicator=value.indicator,
                city=value.city,
                year=value.year,
                defaults={
                    "value": value.value,
                    "source": value.source,
                    "reference_date": value.reference_date,
                    "is_demo": False,
                },
            )
    return len(parsed)


# --- the CBS figures on members.City -----------------------------------------------------


def city_figures_copy(cities=None) -> int:
    """Copy each city's CBS figures (population, urbanity class, address density) as
    indicator values, with the sources of ``members/data/README.md``. Values that exist
    for that year are left alone (a correction made here is never overwritten).
    Returns how many values it made."""
    criteria_2018_ensure()
    indicators = {i.key: i for i in Indicator.objects.filter(key__in=criteria_2018.CITY_FIGURES)}
    existing = set(
        IndicatorValue.objects.filter(indicator__in=indicators.values()).values_list(
            "indicator_id", "city_id", "year"
        )
    )
    made = []
    for city in cities if cities is not None else City.objects.all():
        figures = [
            (
                "population",
                city.population,
                city.population_reference_date,
                criteria_2018.CBS_POPULATION,
            ),
            (
                "urbanity_class",
                city.urbanity_class,
                datetime.date(city.urbanity_reference_year, 1, 1),
                indicators["urbanity_class"].source,
            ),
            (
                "address_density",
                city.address_density,
                datetime.date(city.urbanity_reference_year, 1, 1),
                indicators["address_density"].source,
            ),
        ]
        for key, value, reference_date, source in figures:
            indicator = indicators[key]
            if (indicator.pk, city.pk, reference_date.year) in existing:
                continue
            # Values hold dates of 2000-2100 (a constraint): an older figure is no
            # evidence for an application today, and is left out.
            if not 2000 <= reference_date.year <= 2100:
                continue
            made.append(
                IndicatorValue(
                    indicator=indicator,
                    city=city,
                    year=reference_date.year,
                    value=Decimal(value),
                    source=source,
                    reference_date=reference_date,
                )
            )
    try:
        with transaction.atomic():
            IndicatorValue.objects.bulk_create(made)
    except IntegrityError as exc:  # someone else copied meanwhile
        raise ValidationError(_("The figures changed meanwhile; try again."), code="busy") from exc
    return len(made)
