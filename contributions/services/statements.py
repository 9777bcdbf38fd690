"""Statements and credit statements: issued once, numbered without gaps (see the
package's docstring)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils.translation import gettext as _

from infra.locking import locked_transaction
from members.actors import acting_user
from members.models import City

from ..models import (
    ContributionRate,
    ContributionStatement,
    StatementCounter,
    StatementKind,
)
from .rates import (
    _check_amount,
    _check_decision,
    _field_error,
    _require_manager,
    days_in_year,
    statement_amount,
)


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


def _issue(*, by, city, year, rate, start, end, days) -> ContributionStatement:
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
        issued_by=acting_user(by),
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


def statement_issue(*, by, city: City, year: int) -> ContributionStatement:
    """Issue ``city``'s statement for ``year`` with the next number of the year, for
    the days of membership its periods give (``membership_period``)."""
    with locked_transaction():
        _require_manager(by)
        rate = _rate_for(year)
        city = City.objects.get(pk=city.pk)
        start, end, days = membership_period(city, year)
        return _issue(city=city, year=year, rate=rate, start=start, end=end, days=days, by=by)


def _members_without_open_statement(year: int):
    """The cities that were a member in ``year`` and have no open statement for it, in
    name order, with their periods of the year (``membership_period`` asks no more)."""
    return (
        City.objects.members_during(year)
        .exclude(
            pk__in=ContributionStatement.objects.filter(
                year=year, kind=StatementKind.STATEMENT, credit__isnull=True
            ).values("city_id")
        )
        .with_periods_between(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
        .order_by("name")
    )


def statements_preview(year: int) -> tuple[ContributionRate | None, list[dict]]:
    """What ``statements_issue_for_members`` would issue now, read only (the
    confirmation, issue 23): the rate and, per city without an open statement, its
    days of membership and amount."""
    rate = ContributionRate.objects.filter(year=year, is_current=True).first()
    if rate is None:
        return None, []
    cities = _members_without_open_statement(year)
    rows = []
    for city in cities:
        start, end, days = membership_period(city, year)
        amount = statement_amount(city.population, rate.amount_per_inhabitant, days, year)
        rows.append({"city": city, "start": start, "end": end, "days": days, "amount": amount})
    return rate, rows


def statements_issue_for_members(*, by, year: int) -> list[ContributionStatement]:
    """Issue the year's statement for every city that was a member in ``year`` and has
    none open yet, in name order (one transaction: all or nothing)."""
    with locked_transaction():
        _require_manager(by)
        rate = _rate_for(year)
        cities = _members_without_open_statement(year)
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


def statement_credit(*, by, statement: ContributionStatement, reason: str) -> ContributionStatement:
    """A credit statement for ``statement``: the same figures, the amount negated, the
    next number of the statement's year. The original stays as it was; a new statement
    for the city and year may then be issued."""
    with locked_transaction():
        _require_manager(by)
        return _credit(statement=statement, reason=reason, by=by)


def _credit(*, by, statement: ContributionStatement, reason: str) -> ContributionStatement:
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
        issued_by=acting_user(by),
    )
    credit.save()
    return credit


def statement_edit(*, by, statement: ContributionStatement, **changes) -> None:
    """There is no editing an issued statement: always refused (the model and the
    database refuse too). A correction is ``statement_credit``."""
    _require_manager(by)
    raise ValidationError(
        _("An issued statement cannot be changed; issue a credit statement."),
        code="statement_immutable",
    )


def rate_correct(
    *,
    by,
    year: int,
    amount_per_inhabitant: Decimal,
    decided_on: datetime.date,
    decision_reference: str,
    reason: str,
    confirmed: bool = False,
    reissue_statements: bool = False,
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
            decided_by=acting_user(by),
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
