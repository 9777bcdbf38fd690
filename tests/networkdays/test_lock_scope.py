"""What a registration does while it holds the day's row lock: the count and the insert
(with the audit entry and the mail's one-line record, which must commit with it), and
nothing that can wait — no template, no calendar, no lookup of the outbox, no savepoint.

Everything between the statement that locks the day and the commit is recorded: every
SQL statement (an execute wrapper), every template rendered, every calendar made, every
mail sent. Until issue 16 the outbox looked its key up and inserted in a savepoint
under the lock (seven statements); now it records the mail in one."""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage
from django.db import connection
from django.template.base import Template

import networkdays.calendar
import networkdays.mails
from networkdays import services_registrations as services
from networkdays.constants import RegistrationStatus
from networkdays.models import Registration

from .factories import NetworkDayFactory


def _kind(sql: str) -> str:
    """``VERB table`` of a statement: the verb, and the first table named after it."""
    verb = sql.split()[0].upper()
    if verb == "SELECT":
        # The table of the statement itself, not of a subquery in its columns.
        outer = sql
        while (inner := re.sub(r"\([^()]*\)", "", outer)) != outer:
            outer = inner
        table = re.search(r'\bFROM "(\w+)"', outer).group(1)
    elif verb in {"INSERT", "UPDATE", "DELETE"}:
        table = re.search(r'"(\w+)"', sql).group(1)
    else:
        return sql.split('"')[0].strip()
    return f"{verb} {table}"


@pytest.fixture
def trace(monkeypatch):
    """Records, in order, each statement, template render, calendar, sent mail and
    commit."""
    events: list[tuple[str, str]] = []

    def wrapper(execute, sql, params, many, context):
        events.append(("sql", sql))
        return execute(sql, params, many, context)

    def spy(kind, function):
        def wrapped(*args, **kwargs):
            events.append((kind, ""))
            return function(*args, **kwargs)

        return wrapped

    monkeypatch.setattr(connection, "commit", spy("commit", connection.commit))
    monkeypatch.setattr(Template, "render", spy("template", Template.render))
    monkeypatch.setattr(
        networkdays.calendar, "network_day_ics", spy("ics", networkdays.calendar.network_day_ics)
    )
    monkeypatch.setattr(
        networkdays.mails, "network_day_ics", spy("ics", networkdays.mails.network_day_ics)
    )
    monkeypatch.setattr(EmailMessage, "send", spy("send", EmailMessage.send))
    # The content type of an audit entry is cached for the process's life; warm it as
    # a running server has.
    ContentType.objects.get_for_model(Registration)
    with connection.execute_wrapper(wrapper):
        yield events


def _under_lock(events) -> list[str]:
    """What happened from the statement that reads (and locks) the day to the commit."""
    start = next(
        i
        for i, (kind, sql) in enumerate(events)
        if kind == "sql" and _kind(sql) == "SELECT networkdays_networkday"
    )
    assert "FOR UPDATE" in events[start][1] or connection.vendor == "sqlite"
    end = next(i for i in range(start, len(events)) if events[i][0] == "commit")
    return [_kind(sql) if kind == "sql" else kind for kind, sql in events[start + 1 : end]]


# Whether the person is registered already is asked by the statement that locks the
# day, as the statement began (issue 16, third round; before it, in a statement of its
# own before the lock): a registration made meanwhile fails on the unique constraint.
EXPECTED = [
    "SELECT networkdays_registration",  # the confirmed seats, per city
    "INSERT networkdays_registration",  # the registration
    "INSERT auditlog_logentry",  # its audit entry (commits with it)
    "INSERT outbox_outgoingmail",  # its mail, recorded in one statement
]


@pytest.mark.django_db(transaction=True)
def test_a_registration_holds_the_days_lock_only_for_the_count_and_the_insert(world, trace):
    day = NetworkDayFactory(host_city=world.city_a, capacity=1)
    official = world.person("official_a")
    trace.clear()
    registration = services.registration_create(day=day, person=official, by=official.user)
    assert registration.status == RegistrationStatus.CONFIRMED
    assert _under_lock(trace) == EXPECTED
    # The mail and its calendar were built after the commit (by the worker: here
    # in-process), all the same.
    after = [kind for kind, _sql in trace[trace.index(("commit", "")) :]]
    assert "template" in after and "ics" in after and "send" in after

    trace.clear()
    contact = world.person("contact_a")
    waiting = services.registration_create(day=day, person=contact, by=contact.user)
    assert waiting.status == RegistrationStatus.WAITING
    assert _under_lock(trace) == EXPECTED


@pytest.mark.django_db(transaction=True)
def test_registering_again_after_cancelling_reads_the_registration_again_under_the_lock(
    world, trace
):
    day = NetworkDayFactory(host_city=world.city_a, capacity=1)
    official = world.person("official_a")
    registration = services.registration_create(day=day, person=official, by=official.user)
    services.registration_cancel(registration=registration, by=official.user)
    trace.clear()
    again = services.registration_create(day=day, person=official, by=official.user)
    assert again.pk == registration.pk and again.status == RegistrationStatus.CONFIRMED
    under = _under_lock(trace)
    assert under[:2] == [
        "SELECT networkdays_registration",  # the cancelled registration, read again
        "SELECT networkdays_registration",  # the confirmed seats, per city
    ]
    # Reviving it is an update: the audit trail reads the row as it was (and the names
    # of what it refers to) for its entry, then the update and the mail's record.
    assert "UPDATE networkdays_registration" in under
    assert under[-1] == "INSERT outbox_outgoingmail"
    assert not {"template", "ics", "send"} & set(under)


@pytest.mark.django_db(transaction=True)
def test_a_cancellation_that_promotes_does_no_slow_work_under_the_lock(world, trace):
    """Two registrations change and two audit entries are written under the lock; the
    mails are built after the commit."""
    day = NetworkDayFactory(host_city=world.city_a, capacity=1)
    official, contact = world.person("official_a"), world.person("contact_a")
    seat = services.registration_create(day=day, person=official, by=official.user)
    waiting = services.registration_create(day=day, person=contact, by=contact.user)
    trace.clear()
    services.registration_cancel(registration=seat, by=official.user)
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED
    under = _under_lock(trace)
    assert under.count("UPDATE networkdays_registration") == 2
    assert not {"template", "ics", "send"} & set(under)
