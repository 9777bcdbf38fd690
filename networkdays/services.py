"""Writes for network days. Rules across rows live here, each inside a
``locked_transaction()`` (infra.locking: durable, bounded lock wait, "busy" by the
database's error code): lock the parent row, count, then write.

- The yearly cap locks the ``NetworkYear`` row of every year a save touches.
- Capacity, the limit per city and the waiting list lock the ``NetworkDay`` row.

Every service a user triggers takes ``by`` (the acting user; ``None`` only for the
system) and asks ``members.permissions`` the same question as the view's access helper,
inside its transaction; a "no" is ``infra.services.Forbidden`` (code ``forbidden``).
Every refusal is a ``ValidationError`` with a code.
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
    DigitalMeeting,
    NetworkDay,
    NetworkYear,
    ProgrammeSession,
    Registration,
)
from .services_meetings import invitations_ensure
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


def network_day_save(*, day: NetworkDay, by) -> NetworkDay:
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


def network_day_cancel(*, day: NetworkDay, by) -> NetworkDay:
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
    *, day: NetworkDay, by, open_now: bool = False, now: datetime.datetime | None = None
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


def network_day_unpublish(*, day: NetworkDay, by) -> NetworkDay:
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


def network_day_restore(*, day: NetworkDay, by) -> NetworkDay:
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


def programme_session_save(*, session: ProgrammeSession, by) -> ProgrammeSession:
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


def programme_session_delete(*, session: ProgrammeSession, by) -> None:
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


def calendar_feed_regenerate(*, person: Person, by) -> CalendarFeed:
    """A new secret address; the old one stops working at once."""
    with locked_transaction():
        acting_person(by, lambda p: p.may_manage_calendar_feed_of(person))
        CalendarFeed.objects.filter(person=person).delete()
        return CalendarFeed.objects.create(person=person)


def calendar_feed_revoke(*, person: Person, by) -> None:
    with locked_transaction():
        acting_person(by, lambda p: p.may_manage_calendar_feed_of(person))
        CalendarFeed.objects.filter(person=person).delete()


# --- digital meetings -------------------------------------------------------------


def _check_no_network_day_clash(meeting: DigitalMeeting) -> None:
    """A digital meeting never takes the time of a network day (the report: digital
    meetings must not replace network days): one overlapping the hours of a day that is
    not cancelled is refused, naming the day (code ``network_day_clash``)."""
    start = timezone.localtime(meeting.starts_at)
    end = timezone.localtime(meeting.ends_at)
    days = NetworkDay.objects.exclude(status=NetworkDayStatus.CANCELLED).filter(
        date__gte=start.date(), date__lte=end.date()
    )
    for day in days.order_by("date"):
        day_start = timezone.make_aware(datetime.datetime.combine(day.date, day.starts_at))
        day_end = timezone.make_aware(datetime.datetime.combine(day.date, day.ends_at))
        if start < day_end and day_start < end:
            raise ValidationError(
                {
                    "starts_at": ValidationError(
                        _(
                            "On %(date)s the network day “%(title)s” runs from %(start)s to "
                            "%(end)s; a digital meeting does not replace a network day. "
                            "Choose another time."
                        )
                        % {
                            "date": date_format(day.date, "j F Y"),
                            "title": day.title,
                            "start": day.starts_at.strftime("%H:%M"),
                            "end": day.ends_at.strftime("%H:%M"),
                        },
                        code="network_day_clash",
                    )
                }
            )


def digital_meeting_save(*, meeting: DigitalMeeting, by, durable: bool = True) -> DigitalMeeting:
    """Create or change a digital meeting and invite its people (again, with a higher
    SEQUENCE, when the time or link changes). Not counted toward the yearly cap. ``by``
    must manage the meetings of the meeting's pillar, before and after the change. A theme
    group that has ended or was refused gets no meeting, and its meetings stay as they
    are (code ``read_only``). ``durable=False`` only for the admin, which saves inside
    its own transaction."""
    with locked_transaction(durable=durable):
        _check_no_network_day_clash(meeting)
        previous = None
        if meeting.pk:
            previous = DigitalMeeting.objects.select_for_update().filter(pk=meeting.pk).first()
        owners = {meeting.owner_pillar_id}
        if previous is not None:
            owners.add(previous.owner_pillar_id)
        acting = acting_person(
            by, lambda p: all(p.may_manage_digital_meetings_of(owner) for owner in owners)
        )
        meeting.full_clean()  # after who acts (issue 22, item 20)
        lock_groups_to_write(
            {meeting.theme_group_id, previous.theme_group_id if previous else None}
        )
        if previous is None:
            meeting.created_by = meeting.created_by or acting
            meeting.save()
            invite = True
        else:
            invite = any(
                getattr(previous, f) != getattr(meeting, f)
                for f in (
                    "title",
                    "starts_at",
                    "ends_at",
                    "online_link",
                    "agenda",
                    "invite_theme_group_members",
                )
            )
            if invite:
                meeting.sequence = previous.sequence + 1
            meeting.save()
        if invite:
            # Each invitee's invitation is kept (answers, attendance), with an RSVP link.
            for invitation in invitations_ensure(meeting):
                mails.digital_meeting_invitation(meeting, invitation)
    return meeting
