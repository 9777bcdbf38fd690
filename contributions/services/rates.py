"""Rates (the DB's decisions) and price-index figures, with the arithmetic (see the
package's docstring)."""

from __future__ import annotations

import calendar
import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from infra.locking import locked_transaction
from infra.numbers import money
from infra.services import require_allowed
from members.actors import acting_user, is_system
from members.permissions import permissions_for

from ..models import (
    INDEX_MAXIMUM,
    INDEX_MINIMUM,
    ContributionRate,
    PriceIndexFigure,
    PriceIndexSource,
)

CENT = Decimal("0.01")
# A typed rate further than this from last year's rate × the index asks to confirm it
# ("1,61" read as 161 is a hundred times too much).
RATE_CONFIRM_DEVIATION = Decimal("0.10")


def _field_error(field: str, message, code: str) -> ValidationError:
    """A refusal that belongs to one form field, with its code kept on the field."""
    return ValidationError({field: ValidationError(message, code=code)})


def _require_manager(by) -> None:
    if not is_system(by):
        require_allowed(permissions_for(by).may_manage_contributions)


# --- the arithmetic -----------------------------------------------------------------
def indexed_amount(previous: Decimal, index_percentage: Decimal) -> Decimal:
    """previous × (1 + index / 100), to whole cents, ROUND_HALF_UP."""
    return (previous * (1 + index_percentage / Decimal(100))).quantize(CENT, ROUND_HALF_UP)


def days_in_year(year: int) -> int:
    return 366 if calendar.isleap(year) else 365


def statement_amount(population: int, rate: Decimal, days_member: int, year: int) -> Decimal:
    """population × rate × days of membership / days in the year, to whole cents,
    ROUND_HALF_UP."""
    exact = Decimal(population) * rate * Decimal(days_member) / Decimal(days_in_year(year))
    return exact.quantize(CENT, ROUND_HALF_UP)


# --- rates ----------------------------------------------------------------------------
def _check_decision(decided_on, decision_reference: str) -> None:
    if not decision_reference.strip():
        raise _field_error(
            "decision_reference", _("Give the reference of the DB decision."), "decision_required"
        )
    if decided_on is None:
        raise _field_error(
            "decided_on", _("Give the date of the DB decision."), "decision_required"
        )
    _check_not_future(decided_on)


def _check_not_future(decided_on: datetime.date | None) -> None:
    """A decision is recorded once taken: never dated after today (issue 23)."""
    if decided_on is not None and decided_on > timezone.localdate():
        raise _field_error(
            "decided_on",
            _("A DB decision cannot be dated in the future; record it once it is taken."),
            "decision_in_future",
        )


def index_choices(year: int, source: str = PriceIndexSource.CBS_CPI) -> dict:
    """What the DB can index ``year``'s rate with when ``source`` has no figure yet for
    the year before (the usual case in the autumn: CBS publishes a year's CPI in
    January). ``missing`` says so; ``last_known`` is ``source``'s newest figure before
    then, ``others`` the other indices' figures for that year (two queries)."""
    index_year = year - 1
    figures = list(
        PriceIndexFigure.objects.filter(year__lte=index_year).order_by("source", "-year")
    )
    own = [f for f in figures if f.source == source]
    missing = not own or own[0].year != index_year
    return {
        "index_year": index_year,
        "source": source,
        "source_label": PriceIndexSource(source).label,
        "missing": missing,
        "last_known": own[0] if own and missing else None,
        "others": [f for f in figures if f.source != source and f.year == index_year],
    }


def expected_rate(year: int) -> Decimal | None:
    """What a rate for ``year`` would be if indexed as usual: the previous year's rate
    in force × (1 + the CBS CPI figure of the previous year, 0 if not published yet)."""
    previous = ContributionRate.objects.filter(year=year - 1, is_current=True).first()
    if previous is None:
        return None
    figure = PriceIndexFigure.objects.filter(source=PriceIndexSource.CBS_CPI, year=year - 1).first()
    return indexed_amount(
        previous.amount_per_inhabitant, figure.percentage if figure else Decimal(0)
    )


def _check_amount(year: int, amount: Decimal | None, confirmed: bool) -> None:
    if amount is None or amount <= 0:
        raise _field_error(
            "amount_per_inhabitant",
            _("A rate per inhabitant must be more than zero."),
            "rate_not_positive",
        )
    if amount != amount.quantize(CENT):
        raise _field_error("amount_per_inhabitant", _("A rate is in whole cents."), "not_cents")
    expected = expected_rate(year)
    if not confirmed and expected and abs(amount - expected) > expected * RATE_CONFIRM_DEVIATION:
        raise _field_error(
            "amount_per_inhabitant",
            _(
                "%(amount)s per inhabitant is far from last year's rate × the index "
                "(%(expected)s). Check the amount; if it is what the DB decided, confirm it."
            )
            % {"amount": money(amount), "expected": money(expected)},
            "rate_unusual",
        )


def rate_set_base(
    *,
    by,
    year: int,
    amount_per_inhabitant: Decimal,
    decided_on: datetime.date,
    decision_reference: str,
    confirmed: bool = False,
    is_demo: bool = False,
) -> ContributionRate:
    """A base rate, decided by the DB (not derived from a previous year). A rate far
    from last year's × the index is refused unless ``confirmed`` (``rate_unusual``)."""
    with locked_transaction():
        _require_manager(by)
        _check_decision(decided_on, decision_reference)
        _check_amount(year, amount_per_inhabitant, confirmed)
        _refuse_existing_rate(year)
        rate = ContributionRate(
            year=year,
            amount_per_inhabitant=amount_per_inhabitant,
            decided_on=decided_on,
            decision_reference=decision_reference.strip(),
            is_demo=is_demo,
            decided_by=acting_user(by),
        )
        rate.full_clean()
        rate.save()
        return rate


def _refuse_existing_rate(year: int) -> None:
    if ContributionRate.objects.select_for_update().filter(year=year, is_current=True).exists():
        raise ValidationError(
            _(
                "The rate for %(year)s has been decided already; it is never changed "
                "silently: record the DB's correcting decision instead."
            )
            % {"year": year},
            code="rate_exists",
        )


def rate_index(
    *,
    by,
    year: int,
    index_source: str,
    decided_on: datetime.date,
    decision_reference: str,
    index_year: int | None = None,
    index_percentage: Decimal | None = None,
    negative_index_allowed: bool = False,
    is_demo: bool = False,
) -> ContributionRate:
    """The rate of ``year``: the previous year's rate × (1 + index). The index is the
    published figure of ``index_source`` for ``index_year`` (default: the year before
    ``year``), unless the decision names a percentage itself (``index_percentage``);
    either way the rate keeps the percentage it used."""
    with locked_transaction():
        _require_manager(by)
        _check_decision(decided_on, decision_reference)
        if index_source not in PriceIndexSource.values:
            raise _field_error(
                "index_source", _("Choose the index the decision uses."), "index_unknown"
            )
        _refuse_existing_rate(year)
        previous = ContributionRate.objects.filter(year=year - 1, is_current=True).first()
        if previous is None:
            raise ValidationError(
                _("There is no rate for %(year)s to index.") % {"year": year - 1},
                code="no_previous_rate",
            )
        index_year = index_year or year - 1
        if index_percentage is None:
            figure = PriceIndexFigure.objects.filter(source=index_source, year=index_year).first()
            if figure is None:
                raise _field_error(
                    "index_year",
                    _(
                        "There is no figure of %(index)s for %(year)s yet. Choose: the last "
                        "known figure (give its year), another index, a percentage the "
                        "decision names itself, or add the figure once it is published."
                    )
                    % {"index": PriceIndexSource(index_source).label, "year": index_year},
                    "index_figure_missing",
                )
            index_percentage = figure.percentage
        if not INDEX_MINIMUM <= index_percentage <= INDEX_MAXIMUM:
            raise _field_error(
                "index_percentage",
                _("An index must lie between −5 % and +25 %."),
                "index_out_of_range",
            )
        if index_percentage < 0 and not negative_index_allowed:
            raise _field_error(
                "index_percentage",
                _("The index is negative; the decision must say that a negative index is allowed."),
                "negative_index_not_allowed",
            )
        rate = ContributionRate(
            year=year,
            amount_per_inhabitant=indexed_amount(previous.amount_per_inhabitant, index_percentage),
            previous_amount=previous.amount_per_inhabitant,
            index_source=index_source,
            index_year=index_year,
            index_percentage=index_percentage,
            negative_index_allowed=negative_index_allowed,
            decided_on=decided_on,
            decision_reference=decision_reference.strip(),
            is_demo=is_demo,
            decided_by=acting_user(by),
        )
        if rate.amount_per_inhabitant <= 0:
            raise ValidationError(
                _("A rate per inhabitant must be more than zero."), code="rate_not_positive"
            )
        rate.full_clean()
        rate.save()
        return rate


def price_index_figure_add(
    *, by, source: str, year: int, percentage: Decimal, reference: str, note: str = ""
) -> PriceIndexFigure:
    """Add a published figure (CBS CPI in January, a CPB figure) so that a rate can be
    indexed with it. A figure that exists is corrected instead (``figure_exists``)."""
    with locked_transaction():
        _require_manager(by)
        if not (reference or "").strip():
            raise _field_error(
                "reference", _("A price index figure needs its source."), "source_required"
            )
        if PriceIndexFigure.objects.filter(source=source, year=year).exists():
            raise _field_error(
                "year",
                _("This index already has a figure for this year; correct that one."),
                "figure_exists",
            )
        figure = PriceIndexFigure(
            source=source,
            year=year,
            percentage=percentage,
            reference=reference.strip(),
            note=(note or "").strip(),
        )
        figure.full_clean()
        figure.save()
        return figure


def price_index_figure_correct(
    *, by, figure: PriceIndexFigure, percentage: Decimal, reference: str, note: str = ""
) -> PriceIndexFigure:
    """Correct a published figure (CBS revises). A rate already decided keeps the
    percentage it used: nothing else changes."""
    with locked_transaction():
        _require_manager(by)
        figure = PriceIndexFigure.objects.select_for_update().get(pk=figure.pk)
        if not reference.strip():
            raise _field_error(
                "reference", _("A price index figure needs its source."), "source_required"
            )
        figure.percentage = percentage
        figure.reference = reference.strip()
        figure.note = note.strip()
        figure.full_clean()
        figure.save()
        return figure
