"""Writes for registrations: register, cancel, pass on, the waiting list, check-in.

Each runs in a ``locked_transaction()`` (infra.locking) that locks the day's row before
it counts: capacity, the limit per city and the waiting list hold under concurrency.
The lock is held from the count to the commit, so only what must commit with the
registration happens after it: the insert, its audit entry and its mail's one-line
record (``outbox.services.mail_queue``); the mail and its calendar are built after the
commit, sent by the worker (tests/networkdays/test_lock_scope.py).
``by`` is the acting user (``SYSTEM``: the system, never ``None``); each service asks
``members.permissions`` the view's question again (``members.actors.acting_person``).
"""

from __future__ import annotations

import datetime
from collections import Counter

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import Count, OuterRef, Subquery
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from infra.locking import locked_transaction
from members.actors import acting_person
from members.models import Person
from members.permissions import may_attend_network_day

from . import mails
from .constants import NetworkDayStatus, RegistrationStatus
from .models import NetworkDay, Registration

# --- registration -------------------------------------------------------------


def _check_not_over(day: NetworkDay, now: datetime.datetime) -> None:
    """Once the day has ended (its end time, not midnight) no seat is given back: a
    seat freed then would go to someone for a day that is over."""
    if day.has_ended(now):
        raise ValidationError(
            _("This network day is over; its registrations can no longer change."),
            code="day_over",
        )


def _lock_day(day_id: int, *, registration_of: Person | None = None) -> NetworkDay:
    """The day, locked. With ``registration_of``, the same statement also gives that
    person's registration's pk (``existing_registration_pk``, None if there is none),
    read as the statement began: before the lock was had, so it may be older."""
    days = NetworkDay.objects.select_for_update()
    if registration_of is not None:
        days = days.annotate(
            existing_registration_pk=Subquery(
                Registration.objects.filter(
                    network_day_id=OuterRef("pk"), person=registration_of
                ).values("pk")[:1]
            )
        )
    return days.get(pk=day_id)


def _confirmed_counts(day: NetworkDay) -> tuple[int, Counter]:
    """The confirmed seats, in total and per city: one grouped count (a row per city
    with a seat, not a row per seat), read under the day's lock."""
    cities = Counter(
        dict(
            day.registrations.confirmed()
            .order_by()
            .values_list("person__city_id")
            .annotate(n=Count("pk"))
        )
    )
    return sum(cities.values()), cities


def _has_seat_for(day: NetworkDay, city_id: int, total: int, cities: Counter) -> bool:
    if total >= day.capacity:
        return False
    return day.seats_per_city is None or cities[city_id] < day.seats_per_city


def _check_open(day: NetworkDay, now: datetime.datetime) -> None:
    if day.status == NetworkDayStatus.CANCELLED:
        raise ValidationError(_("This network day has been cancelled."), code="day_cancelled")
    if day.status != NetworkDayStatus.PUBLISHED:
        raise ValidationError(
            _("This network day has not been published yet."), code="not_published"
        )
    if now < day.registration_opens_at:
        raise ValidationError(
            _("Registration for this network day opens on %(date)s.")
            % {"date": date_format(timezone.localtime(day.registration_opens_at), "j F Y H:i")},
            code="registration_not_open",
        )
    if now > day.registration_closes_at:
        raise ValidationError(
            _("Registration for this network day has closed."), code="registration_closed"
        )


def check_audience(day: NetworkDay, person: Person) -> None:
    """Only the functions the day is for take a place (a civil servant never holds one at
    a bestuurlijke day), whoever registers them: ``members.permissions``."""
    if may_attend_network_day(person, day.kind):
        return
    raise ValidationError(
        _("%(name)s cannot take part: a %(kind)s network day is for %(audience)s only.")
        % {"name": person.name, "kind": day.get_kind_display(), "audience": day.audience_label},
        code="not_for_function",
    )


def registration_create(
    *,
    by,
    day: NetworkDay,
    person: Person,
    dietary_needs: str = "",
    accessibility_needs: str = "",
    now: datetime.datetime | None = None,
) -> Registration:
    """Register ``person`` for ``day``: a seat if there is one (within the limit per
    city), otherwise the waiting list. ``by`` must be allowed to act for ``person``."""
    now = now or timezone.now()
    try:
        with locked_transaction():
            registered_by = acting_person(by, lambda p: p.may_act_for_person(person))
            # The statement that locks the day also asks whether this person has a
            # registration, as seen when the statement began (before any wait for the
            # lock): a registration of this person made meanwhile makes the insert fail
            # on the unique constraint (below: "already registered"); one that exists,
            # e.g. cancelled, is read again under the lock, as it may be changing.
            day = _lock_day(day.pk, registration_of=person)
            _check_open(day, now)
            check_audience(day, person)
            registration = None
            if day.existing_registration_pk is not None:
                registration = Registration.objects.filter(pk=day.existing_registration_pk).first()
            if registration is not None and registration.is_active:
                raise ValidationError(
                    _("%(name)s is already registered for this network day.")
                    % {"name": person.name},
                    code="already_registered",
                )
            total, cities = _confirmed_counts(day)
            seat = _has_seat_for(day, person.city_id, total, cities)
            if registration is None:
                registration = Registration(network_day=day, person=person)
            registration.status = (
                RegistrationStatus.CONFIRMED if seat else RegistrationStatus.WAITING
            )
            registration.registered_by = registered_by
            registration.dietary_needs = dietary_needs.strip()
            registration.accessibility_needs = accessibility_needs.strip()
            registration.queued_at = now
            registration.confirmed_at = now if seat else None
            registration.cancelled_at = None
            registration.checked_in_at = None
            registration.checked_in_by = None
            registration.next_event()
            registration.save()
            if seat:
                mails.registration_confirmed(registration)
            else:
                mails.registration_waiting(registration)
    except IntegrityError as exc:
        # The unique constraint is the backstop; with the day locked it should not fire.
        raise ValidationError(
            _("%(name)s is already registered for this network day.") % {"name": person.name},
            code="already_registered",
        ) from exc
    return registration


def registration_cancel(
    *, by, registration: Registration, now: datetime.datetime | None = None
) -> Registration:
    """Cancel a registration; the freed seat goes to the waiting list."""
    now = now or timezone.now()
    with locked_transaction():
        day = _lock_day(registration.network_day_id)
        registration = Registration.objects.select_related("person").get(pk=registration.pk)
        acting_person(by, lambda p: p.may_act_for_person(registration.person))
        if not registration.is_active:
            raise ValidationError(
                _("This registration has already been cancelled."), code="already_cancelled"
            )
        _check_not_over(day, now)
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = now
        registration.checked_in_at = None
        registration.checked_in_by = None
        registration.next_event()
        registration.save()
        registration.network_day = day
        mails.registration_cancelled(registration)
        promote_waiting(day, now=now)
    return registration


def registration_update_needs(
    *,
    by,
    registration: Registration,
    dietary_needs: str = "",
    accessibility_needs: str = "",
    now: datetime.datetime | None = None,
) -> Registration:
    """Change the needs of an active registration of a coming, not cancelled day: the
    registrant, the contact of their city or the secretariat."""
    now = now or timezone.now()
    with locked_transaction():
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("person", "network_day")
            .get(pk=registration.pk)
        )
        acting_person(by, lambda p: p.may_act_for_person(registration.person))
        if not registration.is_active:
            raise ValidationError(
                _("This registration has been cancelled."), code="already_cancelled"
            )
        day = registration.network_day
        if day.date < timezone.localdate(now) or day.is_cancelled:
            raise ValidationError(
                _("This network day's registrations can no longer change."), code="day_over"
            )
        registration.dietary_needs = dietary_needs.strip()
        registration.accessibility_needs = accessibility_needs.strip()
        registration.save(update_fields=["dietary_needs", "accessibility_needs"])
    return registration


def registration_substitute(
    *,
    by,
    registration: Registration,
    substitute: Person,
    now: datetime.datetime | None = None,
) -> Registration:
    """Hand a registration (its seat or its place in the queue) to a colleague of the
    same city. The colleague's needs start empty; the original person is told."""
    now = now or timezone.now()
    with locked_transaction():
        day = _lock_day(registration.network_day_id)
        registration = Registration.objects.select_related("person").get(pk=registration.pk)
        registered_by = acting_person(
            by, lambda p: p.may_substitute_registrant(registration.person)
        )
        if not registration.is_active:
            raise ValidationError(
                _("This registration has been cancelled."), code="already_cancelled"
            )
        _check_not_over(day, now)
        if day.is_cancelled:
            raise ValidationError(
                _("This network day's registrations can no longer change."), code="day_over"
            )
        if substitute.city_id != registration.person.city_id:
            raise ValidationError(_("A substitute must work for the same city."), code="other_city")
        if substitute.pk == registration.person_id:
            raise ValidationError(_("Choose someone else as substitute."), code="same_person")
        check_audience(day, substitute)
        existing = Registration.objects.filter(network_day=day, person=substitute).first()
        if existing is not None:
            if existing.is_active:
                raise ValidationError(
                    _("%(name)s is already registered for this network day.")
                    % {"name": substitute.name},
                    code="already_registered",
                )
            existing.delete()
        original = registration.person
        registration.network_day = day
        registration.next_event()
        mails.registration_substituted(registration, substitute=substitute)
        registration.person = substitute
        registration.registered_by = registered_by
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


def promote_waiting(day: NetworkDay, now: datetime.datetime | None = None) -> list[Registration]:
    """Fill free seats from the waiting list (``day`` is locked by the caller).

    First come, first served, except that a city with nobody confirmed yet goes first;
    the limit per city holds. Each promoted person is told by mail."""
    now = now or timezone.now()
    if day.status != NetworkDayStatus.PUBLISHED or day.has_ended(now):
        return []
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
        chosen.next_event()
        chosen.save(update_fields=["status", "confirmed_at", "event_count"])
        chosen.network_day = day
        mails.registration_promoted(chosen)
        total += 1
        cities[chosen.person.city_id] += 1
        promoted.append(chosen)
    return promoted


# --- check-in -----------------------------------------------------------------


def check_in_opens_at(day: NetworkDay) -> datetime.datetime:
    """Check-in opens ``CHECK_IN_OPENS_HOURS_BEFORE`` hours before the day starts."""
    starts = timezone.make_aware(datetime.datetime.combine(day.date, day.starts_at))
    return starts - datetime.timedelta(hours=settings.CHECK_IN_OPENS_HOURS_BEFORE)


def registration_check_in(
    *, by, registration: Registration, now: datetime.datetime | None = None
) -> Registration:
    """Mark a confirmed registrant present: on the day only, from
    ``check_in_opens_at(day)`` on (earlier: code ``check_in_not_open``)."""
    now = now or timezone.now()
    with locked_transaction():
        checked_in_by = acting_person(by, lambda p: p.may_see_attendees)
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("network_day")
            .get(pk=registration.pk)
        )
        opens_at = check_in_opens_at(registration.network_day)
        if now < opens_at:
            raise ValidationError(
                _("Check-in opens on %(date)s.")
                % {"date": date_format(timezone.localtime(opens_at), "j F Y H:i")},
                code="check_in_not_open",
            )
        if registration.status != RegistrationStatus.CONFIRMED:
            raise ValidationError(
                _("Only confirmed registrations can be marked present."), code="not_confirmed"
            )
        if registration.checked_in_at is None:
            registration.checked_in_at = now
            registration.checked_in_by = checked_in_by
            registration.save(update_fields=["checked_in_at", "checked_in_by"])
    return registration


def registration_undo_check_in(*, by, registration: Registration) -> Registration:
    with locked_transaction():
        acting_person(by, lambda p: p.may_see_attendees)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        registration.checked_in_at = None
        registration.checked_in_by = None
        registration.save(update_fields=["checked_in_at", "checked_in_by"])
    return registration
