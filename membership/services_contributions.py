"""Writes for contributions: rates (the DB's decisions), price-index corrections,
statements and credit statements, the budget.

Every service takes the acting user as keyword-only ``by`` (``None``: the system, e.g.
the demo loader), runs in ``infra.locking.locked_transaction()``, asks
``members.permissions`` (``may_manage_contributions``) again and refuses with a
``ValidationError`` carrying a ``code``. Nothing is half-written: a refusal rolls the
whole call back.

The arithmetic, stated once:

- **Indexation**: next rate = previous rate × (1 + index / 100), rounded to whole cents
  with ROUND_HALF_UP (``indexed_amount``). The index and its source are chosen per
  decision and kept with the rate.
- **Pro rata**: amount = population × rate × days of membership in the year / days in
  the year (365 or 366), both ends of the membership period counted, rounded to whole
  cents with ROUND_HALF_UP (``statement_amount``).
"""

from __future__ import annotations

import calendar
import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from infra.locking import locked_transaction
from infra.numbers import money
from infra.services import require_allowed
from members.models import City
from members.permissions import permissions_for

from .models_contributions import (
    INDEX_MAXIMUM,
    INDEX_MINIMUM,
    BudgetChange,
    BudgetYear,
    ContributionRate,
    ContributionStatement,
    PriceIndexFigure,
    PriceIndexSource,
    StatementCounter,
    StatementKind,
)

CENT = Decimal("0.01")
# A typed rate further than this from last year's rate × the index asks to confirm it
# ("1,61" read as 161 is a hundred times too much).
RATE_CONFIRM_DEVIATION = Decimal("0.10")


def _field_error(field: str, message, code: str) -> ValidationError:
    """A refusal that belongs to one form field, with its code kept on the field."""
    return ValidationError({field: ValidationError(message, code=code)})


def _require_manager(by) -> None:
    if by is not None:
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
    year: int,
    amount_per_inhabitant: Decimal,
    decided_on: datetime.date,
    decision_reference: str,
    confirmed: bool = False,
    is_demo: bool = False,
    by,
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
            decided_by=by,
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
    year: int,
    index_source: str,
    decided_on: datetime.date,
    decision_reference: str,
    index_year: int | None = None,
    index_percentage: Decimal | None = None,
    negative_index_allowed: bool = False,
    is_demo: bool = False,
    by,
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
            decided_by=by,
        )
        if rate.amount_per_inhabitant <= 0:
            raise ValidationError(
                _("A rate per inhabitant must be more than zero."), code="rate_not_positive"
            )
        rate.full_clean()
        rate.save()
        return rate


def rate_correct(
    *,
    year: int,
    amount_per_inhabitant: Decimal,
    decided_on: datetime.date,
    decision_reference: str,
    reason: str,
    confirmed: bool = False,
    reissue_statements: bool = False,
    by,
) -> ContributionRate:
    """A new DB decision corrects the rate in force for ``year``: a new rate that
    refers to the old one, which stays (not in force) with every statement issued at
    it — an issued statement never changes. With ``reissue_statements`` the year's
    open statements at the old rate are credited (a credit statement each, with the
    reason) and issued again at the new rate, in the same transaction."""
    with locked_transaction():
        _require_manager(by)
        _check_decision(decided_on, decision_reference)
        reason = (reason or "").strip()
        if not reason:
            raise _field_error(
                "reason", _("Give the reason for the correction."), "reason_required"
            )
        old = (
            ContributionRate.objects.select_for_update().filter(year=year, is_current=True).first()
        )
        if old is None:
            raise ValidationError(
                _("There is no rate for %(year)s to correct.") % {"year": year},
                code="no_rate",
            )
        _check_amount(year, amount_per_inhabitant, confirmed)
        if decided_on < old.decided_on:
            raise _field_error(
                "decided_on",
                _("A correcting decision is taken on or after the decision it corrects."),
                "decision_before_corrected",
            )
        old.is_current = False
        old.save(update_fields=["is_current"])
        rate = ContributionRate(
            year=year,
            amount_per_inhabitant=amount_per_inhabitant,
            decided_on=decided_on,
            decision_reference=decision_reference.strip(),
            corrects=old,
            correction_reason=reason,
            decided_by=by,
        )
        rate.full_clean()
        rate.save()
        if reissue_statements:
            open_statements = ContributionStatement.objects.filter(
                year=year, kind=StatementKind.STATEMENT, rate=old, credit__isnull=True
            ).order_by("number")
            for statement in open_statements:
                _credit(
                    statement=statement,
                    reason=_("Rate corrected by %(reference)s: %(reason)s")
                    % {"reference": rate.decision_reference, "reason": reason},
                    by=by,
                )
                city = City.objects.get(pk=statement.city_id)
                start, end, days = membership_period(city, year)
                _issue(city=city, year=year, rate=rate, start=start, end=end, days=days, by=by)
        return rate


def price_index_figure_add(
    *, source: str, year: int, percentage: Decimal, reference: str, note: str = "", by
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
    *, figure: PriceIndexFigure, percentage: Decimal, reference: str, note: str = "", by
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


# --- statements -----------------------------------------------------------------------
def membership_period(city: City, year: int) -> tuple[datetime.date, datetime.date, int]:
    """The part of ``year`` in which ``city`` was a member, read only from its
    membership periods: the first and the last day of membership in the year and the
    number of days (a city that left and joined again within the year pays for the days
    of both periods, not for the gap). A city without a day of membership in the year
    is refused (``not_member_in_year``), whatever else its record says."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    parts = city.membership_days(first, last)
    if not parts:
        raise ValidationError(
            _("%(city)s was not a member in %(year)s.") % {"city": city.name, "year": year},
            code="not_member_in_year",
        )
    days = sum((end - start).days + 1 for start, end in parts)
    return parts[0][0], parts[-1][1], days


def _next_number(year: int) -> int:
    """The next statement number of ``year``, under the lock of the year's counter row:
    a second issuer waits until the first commits, then reads its number."""
    StatementCounter.objects.bulk_create([StatementCounter(year=year)], ignore_conflicts=True)
    counter = StatementCounter.objects.select_for_update().get(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def _issue(*, city, year, rate, start, end, days, by) -> ContributionStatement:
    """Inside the caller's locked transaction: refuse a second statement, then issue."""
    City.objects.select_for_update().filter(pk=city.pk).first()  # one issuer per city
    open_statement = (
        ContributionStatement.objects.filter(
            city=city, year=year, kind=StatementKind.STATEMENT, credit__isnull=True
        )
        .only("pk")
        .first()
    )
    if open_statement is not None:
        raise ValidationError(
            _("%(city)s already has a statement for %(year)s (%(number)s).")
            % {"city": city.name, "year": year, "number": open_statement.display_number},
            code="already_issued",
        )
    revision = (
        ContributionStatement.objects.filter(
            city=city, year=year, kind=StatementKind.STATEMENT
        ).aggregate(top=Max("revision"))["top"]
        or 0
    ) + 1
    statement = ContributionStatement(
        year=year,
        number=_next_number(year),
        kind=StatementKind.STATEMENT,
        revision=revision,
        city=city,
        city_name=city.name,
        cbs_code=city.cbs_code,
        population=city.population,
        # The reference date is the date of the population figure used: a statement
        # never names one date and bills another's figure (issue 22, item 14).
        population_reference_date=city.population_reference_date,
        population_counted_on=city.population_reference_date,
        rate=rate,
        amount_per_inhabitant=rate.amount_per_inhabitant,
        period_start=start,
        period_end=end,
        days_member=days,
        days_in_year=days_in_year(year),
        amount=statement_amount(city.population, rate.amount_per_inhabitant, days, year),
        issued_by=by,
    )
    statement.full_clean(validate_constraints=False)
    statement.save()
    return statement


def _rate_for(year: int) -> ContributionRate:
    rate = ContributionRate.objects.filter(year=year, is_current=True).first()
    if rate is None:
        raise ValidationError(
            _("There is no rate for %(year)s yet: the DB decides it first.") % {"year": year},
            code="no_rate",
        )
    return rate


def statement_issue(*, city: City, year: int, by) -> ContributionStatement:
    """Issue ``city``'s statement for ``year`` with the next number of the year, for
    the days of membership its periods give (``membership_period``)."""
    with locked_transaction():
        _require_manager(by)
        rate = _rate_for(year)
        city = City.objects.get(pk=city.pk)
        start, end, days = membership_period(city, year)
        return _issue(city=city, year=year, rate=rate, start=start, end=end, days=days, by=by)


def statements_preview(year: int) -> tuple[ContributionRate | None, list[dict]]:
    """What ``statements_issue_for_members`` would issue now, read only (the
    confirmation, issue 23): the rate and, per city without an open statement, its
    days of membership and amount."""
    rate = ContributionRate.objects.filter(year=year, is_current=True).first()
    if rate is None:
        return None, []
    cities = (
        City.objects.members_during(year)
        .exclude(
            pk__in=ContributionStatement.objects.filter(
                year=year, kind=StatementKind.STATEMENT, credit__isnull=True
            ).values("city_id")
        )
        .order_by("name")
    )
    rows = []
    for city in cities:
        start, end, days = membership_period(city, year)
        amount = statement_amount(city.population, rate.amount_per_inhabitant, days, year)
        rows.append({"city": city, "start": start, "end": end, "days": days, "amount": amount})
    return rate, rows


def statements_issue_for_members(*, year: int, by) -> list[ContributionStatement]:
    """Issue the year's statement for every city that was a member in ``year`` and has
    none open yet, in name order (one transaction: all or nothing)."""
    with locked_transaction():
        _require_manager(by)
        rate = _rate_for(year)
        cities = (
            City.objects.members_during(year)
            .exclude(
                pk__in=ContributionStatement.objects.filter(
                    year=year, kind=StatementKind.STATEMENT, credit__isnull=True
                ).values("city_id")
            )
            .order_by("name")
        )
        issued = []
        for city in cities:
            start, end, days = membership_period(city, year)
            issued.append(
                _issue(city=city, year=year, rate=rate, start=start, end=end, days=days, by=by)
            )
        if not issued:
            raise ValidationError(
                _("Every member city has its statement for %(year)s already.") % {"year": year},
                code="nothing_to_issue",
            )
        return issued


def statement_credit(*, statement: ContributionStatement, reason: str, by) -> ContributionStatement:
    """A credit statement for ``statement``: the same figures, the amount negated, the
    next number of the statement's year. The original stays as it was; a new statement
    for the city and year may then be issued."""
    with locked_transaction():
        _require_manager(by)
        return _credit(statement=statement, reason=reason, by=by)


def _credit(*, statement: ContributionStatement, reason: str, by) -> ContributionStatement:
    """Inside the caller's locked transaction: ``statement_credit``'s work."""
    original = ContributionStatement.objects.select_for_update().filter(pk=statement.pk).first()
    if original is None:
        raise ValidationError(_("This statement does not exist."), code="not_found")
    if original.is_credit:
        raise ValidationError(
            _("A credit statement is not credited itself."), code="credit_of_credit"
        )
    if ContributionStatement.objects.filter(corrects=original).exists():
        raise ValidationError(
            _("This statement has been credited already."), code="already_credited"
        )
    if not reason.strip():
        raise _field_error("reason", _("Give the reason for the correction."), "reason_required")
    credit = ContributionStatement(
        year=original.year,
        number=_next_number(original.year),
        kind=StatementKind.CREDIT,
        revision=original.revision,
        corrects=original,
        city_id=original.city_id,
        city_name=original.city_name,
        cbs_code=original.cbs_code,
        population=original.population,
        population_reference_date=original.population_reference_date,
        population_counted_on=original.population_counted_on,
        rate_id=original.rate_id,
        amount_per_inhabitant=original.amount_per_inhabitant,
        period_start=original.period_start,
        period_end=original.period_end,
        days_member=original.days_member,
        days_in_year=original.days_in_year,
        amount=-original.amount,
        reason=reason.strip(),
        issued_by=by,
    )
    credit.save()
    return credit


def statement_edit(*, statement: ContributionStatement, by, **changes) -> None:
    """There is no editing an issued statement: always refused (the model and the
    database refuse too). A correction is ``statement_credit``."""
    _require_manager(by)
    raise ValidationError(
        _("An issued statement cannot be changed; issue a credit statement."),
        code="statement_immutable",
    )


# --- the budget -----------------------------------------------------------------------
def budget_set(
    *,
    year: int,
    knowledge_exchange: Decimal,
    advocacy: Decimal,
    reason: str,
    decision_reference: str = "",
    decided_on: datetime.date | None = None,
    is_demo: bool = False,
    by,
) -> BudgetYear:
    """Set or change a year's budget. The report's rule (A): the budget's size stays —
    compared with the year's budget so far, or for a new year with the previous year's
    — so more advocacy is paid for by the same amount less knowledge exchange. Only a
    recorded DB decision (date and reference) may change the total; the first budget
    ever is such a decision too."""
    with locked_transaction():
        _require_manager(by)
        if knowledge_exchange < 0 or advocacy < 0 or knowledge_exchange + advocacy <= 0:
            raise ValidationError(
                _("Budget amounts cannot be negative, and the total must be more than zero."),
                code="amount_negative",
            )
        if not reason.strip():
            raise _field_error("reason", _("Give a reason."), "reason_required")
        decision_reference = decision_reference.strip()
        _check_not_future(decided_on)
        has_decision = bool(decision_reference) and decided_on is not None
        if bool(decision_reference) != (decided_on is not None):
            raise ValidationError(
                _("A DB decision needs both its date and reference."),
                code="decision_incomplete",
            )
        budget = BudgetYear.objects.select_for_update().filter(year=year).first()
        compared = budget or BudgetYear.objects.filter(year__lt=year).order_by("-year").first()
        total = knowledge_exchange + advocacy
        if compared is None and not has_decision:
            raise ValidationError(
                _("The first budget is set by a DB decision: give its date and reference."),
                code="decision_required",
            )
        if compared is not None and total != compared.total and not has_decision:
            if advocacy > compared.advocacy:
                raise ValidationError(
                    _(
                        "Advocacy rises by %(more)s: knowledge exchange must fall by the "
                        "same amount, unless a DB decision changes the total."
                    )
                    % {"more": money(advocacy - compared.advocacy)},
                    code="advocacy_not_offset",
                )
            raise ValidationError(
                _("The total changes from %(before)s to %(after)s: that needs a DB decision.")
                % {"before": money(compared.total), "after": money(total)},
                code="total_change_needs_decision",
            )
        before = (budget.knowledge_exchange, budget.advocacy) if budget else (None, None)
        if budget is None:
            budget = BudgetYear(year=year, is_demo=is_demo)
        budget.knowledge_exchange = knowledge_exchange
        budget.advocacy = advocacy
        budget.total = total
        budget.full_clean()
        budget.save()
        BudgetChange.objects.create(
            budget_year=budget,
            knowledge_exchange_before=before[0],
            advocacy_before=before[1],
            knowledge_exchange_after=knowledge_exchange,
            advocacy_after=advocacy,
            decision_reference=decision_reference if has_decision else "",
            decided_on=decided_on if has_decision else None,
            reason=reason.strip(),
            changed_by=by,
        )
        return budget
