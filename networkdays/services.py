"""Writes for network days. Rules across rows live here, each inside a
``locked_transaction()`` (infra.locking: durable, bounded lock wait, "busy" by the
database's error code): lock the parent row, count, then write.

- The yearly cap locks the ``NetworkYear`` row of every year a save touches.
- Capacity, the limit per city and the waiting list lock the ``NetworkDay`` row.

Registrations are in ``services_registrations``, digital meetings and their answers in
``services_meetings``. Every service a user triggers takes ``by`` (the acting user, or
``members.actors.SYSTEM`` for a task or a command; never ``None``) and asks
``members.permissions`` the same question as the view's access helper, inside its
transaction; a "no" is ``infra.services.Forbidden`` (code ``forbidden``). Every refusal
is a ``ValidationError`` with a code.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable

from django.conf import settings
from django.contrib.humanize.templatetags.humanize import apnumber
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from infra.locking import locked_transaction
from members.actors import acting_person
from members.models import City, Person
from themegroups.rules import lock_groups_to_write

from . import mails
from .constants import NetworkDayStatus, RegistrationStatus
from .models import (
    CalendarFeed,
    NetworkDay,
    NetworkYear,
    ProgrammeSession,
    Registration,
)
from .services_registrations import _confirmed_counts, promote_waiting

logger = logging.getLogger(__name__)

# Fields whose change registrants are told about (with a new .ics).
NOTIFIED_FIELDS = ("title", "date", "starts_at", "ends_at", "venue", "address")


# --- the yearly cap -----------------------------------------------------------


def _lock_years(years: Iterable[int]) -> None:
    """Lock the ``NetworkYear`` rows of these years, creating missing ones first.
    Always in ascending order, so that two writers never wait for each other in a circle."""
    years = sorted(set(years))
    NetworkYear.objects.bulk_create(
        [NetworkYear(year=year) for year in years], ignore_conflicts=True
    )
    list(NetworkYear.objects.select_for_update().filter(year__in=years).order_by("year"))


def _check_cap(*, year: int, excluding_pk: int | None) -> None:
    others = NetworkDay.objects.counting_toward_cap().filter(date__year=year)
    if excluding_pk:
        others = others.exclude(pk=excluding_pk)
    count = others.count()
    if count >= settings.NETWORK_DAYS_PER_YEAR:
        raise ValidationError(
            _(
                "There are already %(count)s network days planned in %(year)d; the network "
                "holds at most %(max)s a year. Cancel one first or choose another year."
            )
            % {
                "count": apnumber(count),
                "year": year,
                "max": apnumber(settings.NETWORK_DAYS_PER_YEAR),
            },
            code="year_cap_reached",
        )


def network_day_save(*, by, day: NetworkDay) -> NetworkDay:
    """Create or change a network day (form data already on ``day``), holding the cap.

    Changing the date to another year, or taking a day back from cancelled, goes through
    the same check. Registrants are told about changes that matter to them, and seats
    freed by a larger capacity go to the waiting list."""
    with locked_transaction():
        acting_person(by, lambda p: p.may_manage_network_days)  # who acts, first
        day.full_clean()
        return _network_day_save(day)


def _network_day_save(day: NetworkDay) -> NetworkDay:
    """``network_day_save`` inside the caller's locked transaction."""
    previous = None
    if day.pk:
        previous = NetworkDay.objects.filter(pk=day.pk).first()
    years = {day.date.year}
    if previous is not None:
        years.add(previous.date.year)
    _lock_years(years)
    if previous is not None:
        # The day's own row too: registrations count under it.
        previous = NetworkDay.objects.select_for_update().get(pk=day.pk)
    if day.status != NetworkDayStatus.CANCELLED:
        _check_cap(year=day.date.year, excluding_pk=day.pk)
    if previous is None:
        day.save()
        return day

    _check_seats(previous, day)
    active = previous.registrations.active().exists()
    if (
        day.status == NetworkDayStatus.DRAFT
        and previous.status != NetworkDayStatus.DRAFT
        and active
    ):
        # Registrants keep the day in their calendars; a draft is hidden from them, and
        # what changes while it is hidden would reach nobody. Cancel instead.
        raise ValidationError(
            _(
                "People are registered for this day, so it cannot go back to draft. "
                "Change it while it is published (registrants are told), or cancel it."
            ),
            code="day_has_registrations",
        )
    changed = [f for f in NOTIFIED_FIELDS if getattr(previous, f) != getattr(day, f)]
    cancelled_now = day.status == NetworkDayStatus.CANCELLED and not previous.is_cancelled
    restored = previous.is_cancelled and day.status != NetworkDayStatus.CANCELLED
    # A new SEQUENCE for every change of what a calendar says; registrants are mailed
    # once about each change they can see (a cancelled day's calendar entry says only
    # "cancelled": its changes reach them when it is restored, in that one mail).
    if changed or cancelled_now or restored:
        day.sequence = previous.sequence + 1
    tell = cancelled_now or restored or (changed and day.status != NetworkDayStatus.CANCELLED)
    day.save()
    if tell:
        registrations = list(day.registrations.active().select_related("person"))
        for registration in registrations:
            registration.network_day = day
            if cancelled_now:
                mails.day_cancelled(registration)
            else:
                mails.day_changed(registration)
    if day.status == NetworkDayStatus.PUBLISHED:
        promote_waiting(day)
    return day


def _check_seats(previous: NetworkDay, day: NetworkDay) -> None:
    """Neither the capacity nor the limit per city goes below the seats already given."""
    total, cities = _confirmed_counts(previous)
    if day.capacity < total:
        raise ValidationError(
            {
                "capacity": ValidationError(
                    _(
                        "%(count)d people are already confirmed; the capacity cannot be "
                        "lower than that. Cancel registrations first."
                    )
                    % {"count": total},
                    code="capacity_below_confirmed",
                )
            }
        )
    limit = day.seats_per_city
    over = {city: count for city, count in cities.items() if limit is not None and count > limit}
    if over:
        names = ", ".join(
            f"{city.name} ({over[city.pk]})"
            for city in City.objects.filter(pk__in=over).order_by("name")
        )
        raise ValidationError(
            {
                "seats_per_city": ValidationError(
                    _(
                        "These cities already hold more confirmed seats than %(limit)d: "
                        "%(cities)s. Cancel registrations first or choose a higher limit."
                    )
                    % {"limit": limit, "cities": names},
                    code="city_limit_below_confirmed",
                )
            }
        )


def network_day_cancel(*, by, day: NetworkDay) -> NetworkDay:
    """Cancel a day; its registrants are told by mail."""
    with locked_transaction():
        acting_person(by, lambda p: p.may_manage_network_days)
        # Read again (not locked here: ``_network_day_save`` locks the years, then the
        # day, in the one order every writer uses).
        day = NetworkDay.objects.get(pk=day.pk)
        if day.is_cancelled:
            raise ValidationError(
                _("This network day has already been cancelled."), code="day_cancelled"
            )
        day.status = NetworkDayStatus.CANCELLED
        return _network_day_save(day)


def _day_for_action(day: NetworkDay, by) -> NetworkDay:
    acting_person(by, lambda p: p.may_manage_network_days)
    return NetworkDay.objects.get(pk=day.pk)


def network_day_publish(
    *, by, day: NetworkDay, open_now: bool = False, now: datetime.datetime | None = None
) -> NetworkDay:
    """Publish a draft. If its registration opening has passed, registration opens at
    once: only when the secretariat says so (``open_now``), otherwise refused."""
    now = now or timezone.now()
    with locked_transaction():
        day = _day_for_action(day, by)
        if day.status != NetworkDayStatus.DRAFT:
            raise ValidationError(_("Only a draft can be published."), code="not_draft")
        if day.registration_opens_at <= now and not open_now:
            raise ValidationError(
                _(
                    "Registration was to open on %(date)s, which has passed: publishing "
                    "opens it at once. Confirm that, or change the opening first."
                )
                % {"date": date_format(timezone.localtime(day.registration_opens_at), "j F Y H:i")},
                code="registration_opens_in_past",
            )
        day.status = NetworkDayStatus.PUBLISHED
        return _network_day_save(day)


def network_day_unpublish(*, by, day: NetworkDay) -> NetworkDay:
    """Take a published day back to draft; refused once people are registered
    (code ``day_has_registrations``, held in ``_network_day_save``)."""
    with locked_transaction():
        day = _day_for_action(day, by)
        if day.status != NetworkDayStatus.PUBLISHED:
            raise ValidationError(
                _("Only a published day can go back to draft."), code="not_published"
            )
        day.status = NetworkDayStatus.DRAFT
        return _network_day_save(day)


def network_day_restore(*, by, day: NetworkDay) -> NetworkDay:
    """Take back a cancellation, if the year still has room. A day with registrants
    comes back published and each of them is told (with a new SEQUENCE); a day without
    comes back as a draft, to be published again."""
    with locked_transaction():
        day = _day_for_action(day, by)
        if not day.is_cancelled:
            raise ValidationError(
                _("This network day has not been cancelled."), code="not_cancelled"
            )
        registered = day.registrations.active().exists()
        day.status = NetworkDayStatus.PUBLISHED if registered else NetworkDayStatus.DRAFT
        return _network_day_save(day)


# --- the programme ----------------------------------------------------------------


def programme_session_save(*, by, session: ProgrammeSession) -> ProgrammeSession:
    """Add or change a session. A theme group that has ended or was refused gets no
    session, and its sessions stay as they are (code ``read_only``); deleting one (a
    future day's programme) stays possible."""
    with locked_transaction():
        acting_person(by, lambda p: p.may_manage_network_days)  # who acts, first
        session.full_clean()
        groups = {session.theme_group_id}
        if session.pk:
            groups.update(
                ProgrammeSession.objects.filter(pk=session.pk).values_list(
                    "theme_group_id", flat=True
                )
            )
        lock_groups_to_write(groups)
        session.save()
    return session


def programme_session_delete(*, by, session: ProgrammeSession) -> None:
    with locked_transaction():
        acting_person(by, lambda p: p.may_manage_network_days)
        session.delete()


# --- scheduled work -------------------------------------------------------------


def registration_send_reminders(*, today: datetime.date | None = None) -> int:
    """Queue a reminder for every confirmed registration of a published day that starts
    within the reminder window. The mail key names the registration and the day's date,
    so running this every hour (or twice) sends each reminder once."""
    today = today or timezone.localdate()
    last = today + datetime.timedelta(days=settings.NETWORK_DAY_REMINDER_DAYS_BEFORE)
    registrations = Registration.objects.filter(
        status=RegistrationStatus.CONFIRMED,
        network_day__status=NetworkDayStatus.PUBLISHED,
        network_day__date__gte=today,
        network_day__date__lte=last,
    ).select_related("person", "network_day__host_city")
    count = 0
    for registration in registrations:
        mails.registration_reminder(registration)
        count += 1
    return count


def registration_purge_needs(*, today: datetime.date | None = None) -> int:
    """Delete dietary and accessibility needs once the retention period after the day
    has passed. The registrations themselves (and so all counts) stay."""
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=settings.RETENTION_DAYS["registration_needs"])
    return (
        Registration.objects.filter(network_day__date__lt=cutoff)
        .filter(~Q(dietary_needs="") | ~Q(accessibility_needs=""))
        .update(dietary_needs="", accessibility_needs="", needs_purged_at=timezone.now())
    )


# --- calendar feed --------------------------------------------------------------


def calendar_feed_regenerate(*, by, person: Person) -> CalendarFeed:
    """A new secret address; the old one stops working at once."""
    with locked_transaction():
        acting_person(by, lambda p: p.may_manage_calendar_feed_of(person))
        CalendarFeed.objects.filter(person=person).delete()
        return CalendarFeed.objects.create(person=person)


def calendar_feed_revoke(*, by, person: Person) -> None:
    with locked_transaction():
        acting_person(by, lambda p: p.may_manage_calendar_feed_of(person))
        CalendarFeed.objects.filter(person=person).delete()
