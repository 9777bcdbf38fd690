"""Sane bounds for every date and date-time people enter.

A date in year 1 is a valid Python date, but PostgreSQL stores ``0001-01-01T00:00``
in Amsterdam as "… BC" in UTC and every later read of the row raises "timestamp too
small": the page that lists it answers 500 for everyone. So every date field gets

- ``DateBounds`` as a validator on the model field (the admin, every ModelForm and
  ``full_clean``) and on plain form fields (``infra.forms.CleanFormMixin``), with a
  Dutch message and the code ``date_out_of_range``;
- ``bounded(...)``, a named ``CheckConstraint`` with the same code, for every writer.

The network's own dates (days, meetings, groups, roles, decisions) lie in
2000–2100; facts about cities (a population count, a joining date) may be older
(``HISTORIC``: from 1900).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

CODE = "date_out_of_range"
EARLIEST = datetime.date(2000, 1, 1)
HISTORIC = datetime.date(1900, 1, 1)
LATEST = datetime.date(2100, 12, 31)


def _moment(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=datetime.UTC)


@deconstructible
class DateBounds:
    """A validator for a date or a date-time: on or after ``earliest``, on or before
    ``latest`` (a date-time: before the day after ``latest``, in UTC as stored)."""

    message = _("Enter a date between %(earliest)s and %(latest)s.")
    code = CODE

    def __init__(self, earliest: datetime.date = EARLIEST, latest: datetime.date = LATEST):
        self.earliest = earliest
        self.latest = latest

    def __call__(self, value) -> None:
        if value is None:
            return
        if isinstance(value, datetime.datetime):
            if timezone.is_naive(value):
                value = value.replace(tzinfo=timezone.get_current_timezone())
            low, high = _moment(self.earliest), _moment(self.latest + datetime.timedelta(days=1))
            inside = low <= value < high
        else:
            inside = self.earliest <= value <= self.latest
        if not inside:
            raise ValidationError(
                self.message,
                code=self.code,
                params={
                    "earliest": self.earliest.strftime("%d-%m-%Y"),
                    "latest": self.latest.strftime("%d-%m-%Y"),
                },
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, DateBounds) and (self.earliest, self.latest) == (
            other.earliest,
            other.latest,
        )


NETWORK = DateBounds()
CITY = DateBounds(earliest=HISTORIC)


def bounded(
    prefix: str,
    field: str,
    *,
    moment: bool = False,
    null: bool = False,
    earliest: datetime.date = EARLIEST,
    latest: datetime.date = LATEST,
) -> models.CheckConstraint:
    """The database's half of ``DateBounds``: ``<prefix>_<field>_in_range``.
    ``moment``: the field is a date-time; ``null``: the field may be empty."""
    if moment:
        low, high = _moment(earliest), _moment(latest + datetime.timedelta(days=1))
        condition = models.Q(**{f"{field}__gte": low, f"{field}__lt": high})
    else:
        condition = models.Q(**{f"{field}__gte": earliest, f"{field}__lte": latest})
    if null:
        condition = models.Q(**{f"{field}__isnull": True}) | condition
    return models.CheckConstraint(
        condition=condition,
        name=f"{prefix}_{field}_in_range",
        violation_error_code=CODE,
        violation_error_message=_("A date lies outside the range this application accepts."),
    )


def repair_out_of_range(model, fields, *, earliest=EARLIEST, latest=LATEST) -> None:
    """For a migration that adds ``bounded`` constraints: move a stored value outside
    the range to its nearest bound, without loading the row (a year-1 date-time cannot
    even be read). ``fields``: ``{name: is_moment}``."""
    for name, moment in fields.items():
        low = _moment(earliest) if moment else earliest
        high = _moment(latest + datetime.timedelta(days=1)) if moment else latest
        top = high - datetime.timedelta(seconds=1) if moment else high
        model._default_manager.filter(**{f"{name}__lt": low}).update(**{name: low})
        beyond = {f"{name}__gte" if moment else f"{name}__gt": high}
        model._default_manager.filter(**beyond).update(**{name: top})
