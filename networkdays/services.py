"""Writes for network days. Rules across rows live here, each inside
``transaction.atomic()``: lock the parent row, count, then write.

- The yearly cap locks the ``NetworkYear`` row of every year a save touches.
- Capacity, the limit per city and the waiting list lock the ``NetworkDay`` row.

On PostgreSQL a lock wait is bounded (``SET LOCAL lock_timeout``); a timeout becomes
a ``ValidationError`` saying "too busy, try again", never a server error.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
from collections import Counter
from collections.abc import Iterable

from django.conf import settings
from django.contrib.humanize.templatetags.humanize import apnumber
from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Person

from . import mails
from .constants import (
    LOCK_TIMEOUT,
    NetworkDayStatus,
    RegistrationStatus,
)
from .models import (
    CalendarFeed,
    DigitalMeeting,
    NetworkDay,
    NetworkYear,
    ProgrammeSession,
    Registration,
)

logger = logging.getLogger(__name__)

# Fields whose change registrants are told about (with a new .ics).
NOTIFIED_FIELDS = ("title", "date", "starts_at", "ends_at", "venue", "address")
# SQLSTATEs that mean "could not get the lock in time" or "lost a race, try again".
_BUSY_SQLSTATES = {"55P03", "40P01", "40001"}


class Busy(ValidationError):
    """The rows were locked by someone else for too long."""


def _busy_error() -> Busy:
    return Busy(_("It is very busy right now. Please try again in a moment."), code="busy")


def _bound_lock_wait() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")


def _is_busy(exc: OperationalError) -> bool:
    cause = exc.__cause__
    if getattr(cause, "sqlstate", None) in _BUSY_SQLSTATES:
        return True
    return "database is locked" in str(exc)


@contextlib.contextmanager
def _locked_transaction():
    """``transaction.atomic()`` with a bounded lock wait; a lock timeout becomes Busy."""
    try:
        with transaction.atomic():
            _bound_lock_wait()
            yield
    except OperationalError as exc:
        if _is_busy(exc):
            logger.warning("Network days: lock wait timed out: %s", exc)
            raise _busy_error() from exc
        raise


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
            code="cap",
        )


def network_day_year_summary(year: int) -> dict:
    planned = NetworkDay.objects.counting_toward_cap().filter(date__year=year).count()
    return {"year": year, "planned": planned, "max": settings.NETWORK_DAYS_PER_YEAR}


def network_day_save(*, day: NetworkDay, by: Person | None = None) -> NetworkDay:
    """Create or change a network day (form data already on ``day``), holding the cap.

    Changing the date to another year, or taking a day back from cancelled, goes through
    the same check. Registrants are told about changes that matter to them, and seats
    freed by a larger capacity go to the waiting list."""
    day.full_clean()
    with _locked_transaction():
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

        confirmed = previous.registrations.confirmed().count()
        if day.capacity < confirmed:
            raise ValidationError(
                {
                    "capacity": _(
                        "%(count)d people are already confirmed; the capacity cannot be "
                        "lower than that. Cancel registrations first."
                    )
                    % {"count": confirmed}
                },
                code="capacity",
            )
        changed = [f for f in NOTIFIED_FIELDS if getattr(previous, f) != getattr(day, f)]
        cancelled_now = day.status == NetworkDayStatus.CANCELLED and not previous.is_cancelled
        restored = previous.is_cancelled and day.status != NetworkDayStatus.CANCELLED
        tell = (
            previous.status == NetworkDayStatus.PUBLISHED
            or day.status == NetworkDayStatus.PUBLISHED
        ) and (changed or cancelled_now or restored)
        if tell:
            day.sequence = previous.sequence + 1
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
            _promote_waiting(day)
    return day


def network_day_cancel(*, day: NetworkDay, by: Person | None = None) -> NetworkDay:
    if day.is_cancelled:
        raise ValidationError(_("This network day has already been cancelled."))
    day.status = NetworkDayStatus.CANCELLED
    return network_day_save(day=day, by=by)


# --- the programme ----------------------------------------------------------------


def programme_session_save(*, session: ProgrammeSession) -> ProgrammeSession:
    session.full_clean()
    session.save()
    return session


def programme_session_delete(*, session: ProgrammeSession) -> None:
    session.delete()


# --- registration -------------------------------------------------------------


def _lock_day(day_id: int) -> NetworkDay:
    return NetworkDay.objects.select_for_update().get(pk=day_id)


def _confirmed_counts(day: NetworkDay) -> tuple[int, Counter]:
    cities = Counter(day.registrations.confirmed().values_list("person__city_id", flat=True))
    return sum(cities.values()), cities


def _has_seat_for(day: NetworkDay, city_id: int, total: int, cities: Counter) -> bool:
    if total >= day.capacity:
        return False
    return day.seats_per_city is None or cities[city_id] < day.seats_per_city


def _check_open(day: NetworkDay, now: datetime.datetime) -> None:
    if day.status == NetworkDayStatus.CANCELLED:
        raise ValidationError(_("This network day has been cancelled."), code="cancelled")
    if day.status != NetworkDayStatus.PUBLISHED:
        raise ValidationError(
            _("This network day has not been published yet."), code="not_published"
        )
    if now < day.registration_opens_at:
        raise ValidationError(
            _("Registration for this network day opens on %(date)s.")
            % {"date": timezone.localtime(day.registration_opens_at).strftime("%d-%m-%Y %H:%M")},
            code="not_open",
        )
    if now > day.registration_closes_at:
        raise ValidationError(_("Registration for this network day has closed."), code="closed")


def registration_create(
    *,
    day: NetworkDay,
    person: Person,
    by: Person | None = None,
    dietary_needs: str = "",
    accessibility_needs: str = "",
    now: datetime.datetime | None = None,
) -> Registration:
    """Register ``person`` for ``day``: a seat if there is one (within the limit per
    city), otherwise the waiting list. Who may act for whom is the view's access check."""
    now = now or timezone.now()
    try:
        with _locked_transaction():
            day = _lock_day(day.pk)
            _check_open(day, now)
            registration = Registration.objects.filter(network_day=day, person=person).first()
            if registration is not None and registration.is_active:
                raise ValidationError(
                    _("%(name)s is already registered for this network day.")
                    % {"name": person.name},
                    code="duplicate",
                )
            total, cities = _confirmed_counts(day)
            seat = _has_seat_for(day, person.city_id, total, cities)
            if registration is None:
                registration = Registration(network_day=day, person=person)
            registration.status = (
                RegistrationStatus.CONFIRMED if seat else RegistrationStatus.WAITING
            )
            registration.registered_by = by
            registration.dietary_needs = dietary_needs.strip()
            registration.accessibility_needs = accessibility_needs.strip()
            registration.queued_at = now
            registration.confirmed_at = now if seat else None
            registration.cancelled_at = None
            registration.checked_in_at = None
            registration.checked_in_by = None
            registration.save()
            if seat:
                mails.registration_confirmed(registration)
            else:
                mails.registration_waiting(registration)
    except IntegrityError as exc:
        # The unique constraint is the backstop; with the day locked it should not fire.
        raise ValidationError(
            _("%(name)s is already registered for this network day.") % {"name": person.name},
            code="duplicate",
        ) from exc
    return registration


def registration_cancel(
    *, registration: Registration, by: Person | None = None, now: datetime.datetime | None = None
) -> Registration:
    """Cancel a registration; the freed seat goes to the waiting list."""
    now = now or timezone.now()
    with _locked_transaction():
        day = _lock_day(registration.network_day_id)
        registration = Registration.objects.select_related("person").get(pk=registration.pk)
        if not registration.is_active:
            raise ValidationError(
                _("This registration has already been cancelled."), code="cancelled"
            )
        if day.date < timezone.localdate(now):
            raise ValidationError(
                _("This network day is over; its registrations can no longer change."),
                code="past",
            )
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = now
        registration.checked_in_at = None
        registration.checked_in_by = None
        registration.save()
        registration.network_day = day
        mails.registration_cancelled(registration)
        _promote_waiting(day, now=now)
    return registration


def registration_substitute(
    *,
    registration: Registration,
    substitute: Person,
    by: Person | None = None,
    now: datetime.datetime | None = None,
) -> Registration:
    """Hand a registration (its seat or its place in the queue) to a colleague of the
    same city. The colleague's needs start empty; the original person is told."""
    now = now or timezone.now()
    with _locked_transaction():
        day = _lock_day(registration.network_day_id)
        registration = Registration.objects.select_related("person").get(pk=registration.pk)
        if not registration.is_active:
            raise ValidationError(_("This registration has been cancelled."), code="cancelled")
        if day.date < timezone.localdate(now) or day.is_cancelled:
            raise ValidationError(
                _("This network day's registrations can no longer change."), code="past"
            )
        if substitute.city_id != registration.person.city_id:
            raise ValidationError(_("A substitute must work for the same city."), code="other_city")
        if substitute.pk == registration.person_id:
            raise ValidationError(_("Choose someone else as substitute."), code="same")
        existing = Registration.objects.filter(network_day=day, person=substitute).first()
        if existing is not None:
            if existing.is_active:
                raise ValidationError(
                    _("%(name)s is already registered for this network day.")
                    % {"name": substitute.name},
                    code="duplicate",
                )
            existing.delete()
        original = registration.person
        registration.network_day = day
        mails.registration_substituted(registration, substitute=substitute)
        registration.person = substitute
        registration.registered_by = by
        registration.dietary_needs = ""
        registration.accessibility_needs = ""
        registration.checked_in_at = None
        registration.checked_in_by = None
        registration.save()
        if registration.status == RegistrationStatus.CONFIRMED:
            mails.registration_confirmed(registration, substitute_for=original)
        else:
            mails.registration_waiting(registration, substitute_for=original)
    return registration


def registration_update_needs(
    *, registration: Registration, dietary_needs: str, accessibility_needs: str
) -> Registration:
    registration.dietary_needs = dietary_needs.strip()
    registration.accessibility_needs = accessibility_needs.strip()
    registration.save(update_fields=["dietary_needs", "accessibility_needs"])
    return registration


def _promote_waiting(day: NetworkDay, now: datetime.datetime | None = None) -> list[Registration]:
    """Fill free seats from the waiting list (``day`` is locked by the caller).

    First come, first served, except that a city with nobody confirmed yet goes first;
    the limit per city holds. Each promoted person is told by mail."""
    if day.status != NetworkDayStatus.PUBLISHED or day.is_past:
        return []
    now = now or timezone.now()
    total, cities = _confirmed_counts(day)
    waiting = list(
        day.registrations.filter(status=RegistrationStatus.WAITING)
        .select_related("person")
        .order_by("queued_at", "pk")
    )
    promoted = []
    while total < day.capacity and waiting:
        eligible = [r for r in waiting if _has_seat_for(day, r.person.city_id, total, cities)]
        if not eligible:
            break
        unrepresented = [r for r in eligible if cities[r.person.city_id] == 0]
        chosen = (unrepresented or eligible)[0]
        waiting.remove(chosen)
        chosen.status = RegistrationStatus.CONFIRMED
        chosen.confirmed_at = now
        chosen.save(update_fields=["status", "confirmed_at"])
        chosen.network_day = day
        mails.registration_promoted(chosen)
        total += 1
        cities[chosen.person.city_id] += 1
        promoted.append(chosen)
    return promoted


# --- check-in -----------------------------------------------------------------


def registration_check_in(
    *, registration: Registration, by: Person | None = None, now: datetime.datetime | None = None
) -> Registration:
    now = now or timezone.now()
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != RegistrationStatus.CONFIRMED:
            raise ValidationError(
                _("Only confirmed registrations can be marked present."), code="not_confirmed"
            )
        if registration.checked_in_at is None:
            registration.checked_in_at = now
            registration.checked_in_by = by
            registration.save(update_fields=["checked_in_at", "checked_in_by"])
    return registration


def registration_undo_check_in(*, registration: Registration) -> Registration:
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        registration.checked_in_at = None
        registration.checked_in_by = None
        registration.save(update_fields=["checked_in_at", "checked_in_by"])
    return registration


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


def calendar_feed_get_or_create(*, person: Person) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(person=person)
    return feed


def calendar_feed_regenerate(*, person: Person) -> CalendarFeed:
    """A new secret address; the old one stops working at once."""
    with transaction.atomic():
        CalendarFeed.objects.filter(person=person).delete()
        return CalendarFeed.objects.create(person=person)


def calendar_feed_revoke(*, person: Person) -> None:
    CalendarFeed.objects.filter(person=person).delete()


# --- digital meetings -------------------------------------------------------------


def digital_meeting_invitees(meeting: DigitalMeeting) -> list[Person]:
    """A pillar's current chairs and secretaries, or a theme group's members."""
    from members.constants import PILLAR_ROLES
    from members.models import Role

    if meeting.pillar_id:
        person_ids = (
            Role.objects.current(timezone.localdate())
            .filter(kind__in=PILLAR_ROLES, pillar_id=meeting.pillar_id)
            .values("person_id")
        )
    else:
        from themegroups.models import Membership

        person_ids = Membership.objects.filter(theme_group_id=meeting.theme_group_id).values(
            "person_id"
        )
    return list(Person.objects.filter(pk__in=person_ids).order_by("name"))


def digital_meeting_save(*, meeting: DigitalMeeting, by: Person | None = None) -> DigitalMeeting:
    """Create or change a digital meeting and invite its people (again, with a higher
    SEQUENCE, when the time or link changes). Not counted toward the yearly cap."""
    meeting.full_clean()
    with transaction.atomic():
        previous = None
        if meeting.pk:
            previous = DigitalMeeting.objects.select_for_update().filter(pk=meeting.pk).first()
        if previous is None:
            meeting.created_by = meeting.created_by or by
            meeting.save()
            invite = True
        else:
            invite = any(
                getattr(previous, f) != getattr(meeting, f)
                for f in ("title", "starts_at", "ends_at", "online_link", "agenda")
            )
            if invite:
                meeting.sequence = previous.sequence + 1
            meeting.save()
        if invite:
            for person in digital_meeting_invitees(meeting):
                mails.digital_meeting_invitation(meeting, person)
    return meeting


def digital_meetings_for_person(person: Person):
    """Digital meetings the person is invited to (their pillars, their theme groups)."""
    from members.constants import PILLAR_ROLES
    from members.models import Role
    from themegroups.models import Membership

    pillar_ids = (
        Role.objects.current(timezone.localdate())
        .filter(person=person, kind__in=PILLAR_ROLES)
        .values("pillar_id")
    )
    group_ids = Membership.objects.filter(person=person).values("theme_group_id")
    return DigitalMeeting.objects.filter(
        Q(pillar_id__in=pillar_ids) | Q(theme_group_id__in=group_ids)
    )
