"""Generated sequences over the network-day and registration services (issue 12).

A Hypothesis ``RuleBasedStateMachine`` creates, moves (across years), cancels, restores,
publishes and takes back to draft network days, changes capacity and the limit per city,
registers, cancels and passes on registrations (which promotes the waiting list), runs
the scheduled tasks (twice) and moves the clock — to 23:59, 00:01, the evening after a
day, over both DST Sundays and 29 February 2028. After every step it checks:

- the yearly cap (``NETWORK_DAYS_PER_YEAR`` days that are not cancelled, per year);
- capacity and the limit per city (confirmed seats);
- one active registration per person per day, and none on a draft;
- the waiting list: its order (first come, first served; a substitute keeps the place;
  registering again joins the end) and nobody waiting while a seat they may take is free;
- every registrant told of every change to their day, once: what their calendar holds,
  replayed from the mails they got, is what the day says now.

Every service is called with ``by=`` the secretariat's user; every refusal must be one of
the codes the step may meet. A short run in ``make test``; ``HYPOTHESIS_PROFILE=long``
for thousands of examples (profiles in ``tests/conftest.py``).
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections import Counter, defaultdict

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from members.actors import SYSTEM
from networkdays import mails as mails_module
from networkdays import services
from networkdays import services_registrations as registrations
from networkdays.constants import NetworkDayKind, NetworkDayStatus, RegistrationStatus
from networkdays.models import NetworkDay, Registration
from outbox.models import OutgoingMail
from tests.helpers import codes

from ..hypothesis_profiles import machine_settings, profile_name
from .factories import PersonFactory

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
START = datetime.datetime(2027, 12, 1, 9, 0, tzinfo=AMSTERDAM)
# Dates the audit found rules bending on: the DST Sundays of 2028, 29 February.
SPECIAL_DATES = [
    datetime.date(2028, 2, 29),
    datetime.date(2028, 3, 26),
    datetime.date(2028, 10, 29),
    datetime.date(2028, 12, 31),
    datetime.date(2029, 1, 1),
]
NOTIFIED = ("title", "date", "starts_at", "ends_at", "venue", "address")
# The calendar a mail leaves behind (by the kind in its key).
PUBLISHES = {"confirmed", "promoted", "changed", "reminder"}
CANCELS = {"cancelled", "substituted", "day-cancelled"}

dates = st.one_of(
    st.sampled_from(SPECIAL_DATES),
    st.integers(min_value=-5, max_value=500).map(
        lambda n: START.date() + datetime.timedelta(days=n)
    ),
)


def _fields(day) -> tuple:
    return tuple(getattr(day, name) for name in NOTIFIED)


class NetworkDayMachine(RuleBasedStateMachine):
    """One example: a savepoint over the test's world, rolled back at the end."""

    people: list = []
    by = SYSTEM

    def __init__(self):
        super().__init__()
        self._atomic = transaction.atomic()
        # Like the test's own savepoints: the services' durable blocks nest inside.
        self._atomic._from_testcase = True
        self._atomic.__enter__()
        self.clock = START.astimezone(datetime.UTC)
        self._real_now = timezone.now
        timezone.now = lambda: self.clock
        self._real_mail_queue = mails_module.mail_queue
        mails_module.mail_queue = self._recording_mail_queue
        self.days: list[int] = []
        # (person, day) -> what their calendar holds: (cancelled, fields, sequence)
        self.calendars: dict[tuple[int, int], tuple] = {}
        # (person, day) -> day-level notices received: (kind, sequence)
        self.notices: dict[tuple[int, int], list] = defaultdict(list)
        # day -> registration ids in the order they joined the waiting list
        self.queue: dict[int, list[int]] = defaultdict(list)

    def teardown(self):
        timezone.now = self._real_now
        mails_module.mail_queue = self._real_mail_queue
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    # --- the clock and the mails -----------------------------------------------------

    def tick(self) -> datetime.datetime:
        """Every step happens a second after the one before (first come, first served
        is decided by time)."""
        self.clock += datetime.timedelta(seconds=1)
        return self.clock

    def _recording_mail_queue(self, *, key, **kwargs):
        new = not OutgoingMail.objects.filter(key=key).exists()
        mail = self._real_mail_queue(key=key, **kwargs)
        if new and key.startswith("networkday-"):
            kind = key.split(":")[0].removeprefix("networkday-")
            # A registration's mail names its day and person (the worker renders it
            # from them, a moment after the commit: the day as it is then).
            args = kwargs["args"]
            day = NetworkDay.objects.get(pk=args["day"])
            slot = (args["person"], day.pk)
            if kind in PUBLISHES:
                self.calendars[slot] = (day.is_cancelled, _fields(day), day.sequence)
            elif kind in CANCELS:
                self.calendars[slot] = (True, _fields(day), day.sequence)
            if kind in ("changed", "day-cancelled"):
                self.notices[slot].append((kind, day.sequence))
        return mail

    def call(self, service, allowed: set[str], **kwargs):
        try:
            return service(**kwargs)
        except ValidationError as error:
            assert codes(error) <= allowed, (service.__name__, codes(error), allowed)
            return None

    def day(self, index: int) -> NetworkDay:
        return NetworkDay.objects.get(pk=self.days[index % len(self.days)])

    def person(self, index: int):
        return self.people[index % len(self.people)]

    # --- the network days --------------------------------------------------------------

    @initialize(
        capacity=st.integers(1, 3),
        per_city=st.one_of(st.none(), st.integers(1, 2)),
        registrants=st.lists(st.integers(0, 5), max_size=5),
    )
    def a_day_open_for_registration(self, capacity, per_city, registrants):
        """Every sequence starts with a published day, open for registration, and
        some people registered (a seat or the waiting list)."""
        self.create(
            date=START.date() + datetime.timedelta(days=60),
            capacity=capacity,
            per_city=per_city,
            opens_in=-1,
        )
        self.publish(index=0, open_now=True)
        for who in registrants:
            self.register(index=0, who=who)

    @rule(
        date=dates,
        capacity=st.integers(1, 4),
        per_city=st.one_of(st.none(), st.integers(1, 2)),
        opens_in=st.integers(-10, 10),
    )
    def create(self, date, capacity, per_city, opens_in):
        now = self.tick()
        closes = datetime.datetime.combine(
            date - datetime.timedelta(days=1), datetime.time(12), tzinfo=AMSTERDAM
        )
        opens = min(now + datetime.timedelta(days=opens_in), closes - datetime.timedelta(hours=1))
        day = NetworkDay(
            title="Netwerkdag",
            kind=NetworkDayKind.OFFICIAL,
            date=date,
            starts_at=datetime.time(10),
            ends_at=datetime.time(16),
            host_city=self.people[0].city,
            venue="Stadhuis",
            address="Markt 1",
            capacity=capacity,
            seats_per_city=per_city,
            registration_opens_at=opens,
            registration_closes_at=closes,
        )
        saved = self.call(services.network_day_save, {"year_cap_reached"}, day=day, by=self.by)
        if saved is not None:
            self.days.append(saved.pk)

    @precondition(lambda self: self.days)
    @rule(index=st.integers(0, 3), date=dates, venue=st.sampled_from(["Stadhuis", "Theater"]))
    def move(self, index, date, venue):
        """A new date (possibly in another year) and venue: registrants are told."""
        self.tick()
        day = self.day(index)
        shift = date - day.date
        day.date = date
        day.venue = venue
        day.registration_closes_at += shift
        day.registration_opens_at = min(
            day.registration_opens_at, day.registration_closes_at - datetime.timedelta(hours=1)
        )
        self.call(services.network_day_save, {"year_cap_reached"}, day=day, by=self.by)

    @precondition(lambda self: self.days)
    @rule(index=st.integers(0, 3), capacity=st.integers(1, 5))
    def change_capacity(self, index, capacity):
        self.tick()
        day = self.day(index)
        day.capacity = capacity
        self.call(services.network_day_save, {"capacity_below_confirmed"}, day=day, by=self.by)

    @precondition(lambda self: self.days)
    @rule(index=st.integers(0, 3), per_city=st.one_of(st.none(), st.integers(1, 3)))
    def change_limit_per_city(self, index, per_city):
        self.tick()
        day = self.day(index)
        day.seats_per_city = per_city
        self.call(services.network_day_save, {"city_limit_below_confirmed"}, day=day, by=self.by)

    @precondition(lambda self: self.days)
    @rule(index=st.integers(0, 3), open_now=st.booleans())
    def publish(self, index, open_now):
        self.call(
            services.network_day_publish,
            {"not_draft", "registration_opens_in_past"},
            day=self.day(index),
            by=self.by,
            open_now=open_now,
            now=self.tick(),
        )

    @precondition(lambda self: self.days)
    @rule(index=st.integers(0, 3))
    def back_to_draft(self, index):
        self.tick()
        self.call(
            services.network_day_unpublish,
            {"not_published", "day_has_registrations"},
            day=self.day(index),
            by=self.by,
        )

    @precondition(lambda self: self.days)
    @rule(index=st.integers(0, 3))
    def cancel_day(self, index):
        self.tick()
        self.call(services.network_day_cancel, {"day_cancelled"}, day=self.day(index), by=self.by)

    @precondition(lambda self: self.days)
    @rule(index=st.integers(0, 3))
    def restore(self, index):
        self.tick()
        self.call(
            services.network_day_restore,
            {"not_cancelled", "year_cap_reached"},
            day=self.day(index),
            by=self.by,
        )

    # --- registrations -------------------------------------------------------------------

    @precondition(lambda self: self.days)
    @rule(index=st.integers(0, 3), who=st.integers(0, 5))
    def register(self, index, who):
        registration = self.call(
            registrations.registration_create,
            {
                "day_cancelled",
                "not_published",
                "registration_not_open",
                "registration_closed",
                "already_registered",
            },
            day=self.day(index),
            person=self.person(who),
            by=self.by,
            now=self.tick(),
        )
        if registration is not None and registration.status == RegistrationStatus.WAITING:
            queue = self.queue[registration.network_day_id]
            if registration.pk in queue:
                queue.remove(registration.pk)
            queue.append(registration.pk)

    def _registration(self, index, which):
        """One of the day's registrations (any status), if it has any."""
        day_id = self.days[index % len(self.days)]
        rows = list(Registration.objects.filter(network_day_id=day_id).order_by("pk"))
        return rows[which % len(rows)] if rows else None

    @precondition(lambda self: self.days)
    @rule(index=st.integers(0, 3), who=st.integers(0, 5))
    def cancel_registration(self, index, who):
        registration = self._registration(index, who)
        if registration is None:
            return
        self.call(
            registrations.registration_cancel,
            {"already_cancelled", "day_over"},
            registration=registration,
            by=self.by,
            now=self.tick(),
        )

    @precondition(lambda self: self.days)
    @rule(index=st.integers(0, 3), who=st.integers(0, 5), colleague=st.integers(0, 1))
    def substitute(self, index, who, colleague):
        registration = self._registration(index, who)
        if registration is None:
            return
        same_city = [p for p in self.people if p.city_id == registration.person.city_id]
        self.call(
            registrations.registration_substitute,
            {"already_cancelled", "day_over", "same_person", "already_registered"},
            registration=registration,
            substitute=same_city[colleague % len(same_city)],
            by=self.by,
            now=self.tick(),
        )

    # --- the tasks and the clock -----------------------------------------------------------

    @rule()
    def run_the_tasks_twice(self):
        today = timezone.localdate(self.tick())
        for _ in range(2):
            services.registration_send_reminders(today=today)
            services.registration_purge_needs(today=today)

    @rule(
        step=st.sampled_from(
            [
                datetime.timedelta(hours=1),
                datetime.timedelta(hours=6),
                datetime.timedelta(days=1),
                datetime.timedelta(days=7),
                datetime.timedelta(days=40),
                datetime.timedelta(days=120),
            ]
        )
    )
    def clock_moves_on(self, step):
        self.clock += step

    @rule(moment=st.sampled_from([datetime.time(23, 59), datetime.time(0, 1)]))
    def clock_to_the_edge_of_a_day(self, moment):
        local = timezone.localtime(self.clock)
        target = datetime.datetime.combine(local.date(), moment, tzinfo=AMSTERDAM)
        if target <= local:
            target += datetime.timedelta(days=1)
        self.clock = target.astimezone(datetime.UTC)

    @precondition(lambda self: self.days)
    @rule(index=st.integers(0, 3), hour=st.sampled_from([12, 16, 20]))
    def clock_to_a_day(self, index, hour):
        """To noon, the end (16:00) or the evening of a day, if that is still ahead."""
        target = datetime.datetime.combine(
            self.day(index).date, datetime.time(hour), tzinfo=AMSTERDAM
        )
        self.clock = max(self.clock, target.astimezone(datetime.UTC))

    # --- what must hold after every step ---------------------------------------------

    @invariant()
    def the_yearly_cap_holds(self):
        years = Counter(
            NetworkDay.objects.counting_toward_cap().values_list("date__year", flat=True)
        )
        assert all(n <= settings.NETWORK_DAYS_PER_YEAR for n in years.values()), years

    @invariant()
    def seats_hold(self):
        for day in NetworkDay.objects.filter(pk__in=self.days):
            confirmed = list(
                day.registrations.confirmed().values_list("person__city_id", flat=True)
            )
            assert len(confirmed) <= day.capacity, (day.pk, len(confirmed), day.capacity)
            if day.seats_per_city is not None:
                assert max(Counter(confirmed).values(), default=0) <= day.seats_per_city
            active = Counter(day.registrations.active().values_list("person_id", flat=True))
            assert all(n == 1 for n in active.values())
            if day.status == NetworkDayStatus.DRAFT:
                assert not active, "a draft with registrants: nobody hears of its changes"

    @invariant()
    def the_waiting_list_keeps_its_order_and_moves_up(self):
        for day in NetworkDay.objects.filter(pk__in=self.days):
            waiting = list(
                day.registrations.filter(status=RegistrationStatus.WAITING)
                .order_by("queued_at", "pk")
                .values_list("pk", "person__city_id")
            )
            ids = {pk for pk, _city in waiting}
            assert [pk for pk, _city in waiting] == [pk for pk in self.queue[day.pk] if pk in ids]
            if day.status != NetworkDayStatus.PUBLISHED or day.has_ended(self.clock):
                continue
            total, cities = registrations._confirmed_counts(day)
            for _pk, city in waiting:
                assert not registrations._has_seat_for(day, city, total, cities), (
                    "someone waits while a seat they may take is free"
                )

    @invariant()
    def every_registrant_is_told_once_of_every_change(self):
        for day in NetworkDay.objects.filter(pk__in=self.days):
            statuses = dict(day.registrations.values_list("person_id", "status"))
            for person in self.people:
                calendar = self.calendars.get((person.pk, day.pk))
                notices = self.notices[(person.pk, day.pk)]
                assert len(notices) == len(set(notices)), ("told twice", notices)
                status = statuses.get(person.pk)
                if status == RegistrationStatus.CONFIRMED:
                    assert calendar is not None, "a seat without a calendar file"
                    cancelled, fields, sequence = calendar
                    assert cancelled == day.is_cancelled, (day.status, calendar)
                    if not day.is_cancelled:
                        assert (fields, sequence) == (_fields(day), day.sequence)
                elif calendar is not None and not calendar[0]:
                    # Waiting people hear of changes too; nobody else holds the day.
                    assert status == RegistrationStatus.WAITING, (status, calendar)
                    assert calendar[1:] == (_fields(day), day.sequence)


@pytest.mark.django_db
# The world made at START (the marker's fixture comes before the world's): the personas'
# roles have begun when the machine's clock starts, whatever today is.
@pytest.mark.time_machine(START)
def test_generated_sequences_keep_every_rule(world):
    city_people = [
        PersonFactory(city=city) for city in (world.city_a, world.city_b) for _ in range(2)
    ]
    NetworkDayMachine.people = [*city_people, PersonFactory(), world.person("official_a")]
    NetworkDayMachine.by = world.person("secretariat").user
    run_state_machine_as_test(
        NetworkDayMachine,
        settings=machine_settings(max_examples=25, stateful_step_count=30)
        if profile_name() == "default"
        else machine_settings(),
    )
