"""A city's action recorded ahead of its date, and the "no notice" flag that follows the
notices (issue 22, item 22; docs/lobby.md, "An action recorded ahead").

An action dated after today without a notice awaits one: it is not unexpected yet and
nobody is mailed. A notice filed before the action's date (acting from it at the
latest) covers it at once; if the date comes without one, the hourly task flags it
``no_notice`` and the DB and the coordinator hear of it once. An action recorded on or
after its date without a covering notice is unexpected at once, and a notice filed
later never covers it."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from lobby import services_stances
from lobby.constants import StanceKind, UnexpectedReason
from lobby.models import CityAction
from lobby.tasks import flag_due_actions
from outbox.models import OutgoingMail

from .factories import AgreedVersionFactory, DossierFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 10)
NOTICE = {"what": "Eigen brief", "why": "Regio", "explanation": "Uitlegbaar"}


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture(autouse=True)
def clock():
    # Before the world is made: its roles start on the day the clock says.
    with time_machine.travel(_at(TODAY, 9), tick=False):
        yield


@pytest.fixture
def dossier(lobby_world):
    dossier = DossierFactory(subject="Woningbouw", pillar=lobby_world.pillar)
    dossier.coordinator = lobby_world.person("lobby_coordinator")
    dossier.save()
    return dossier


def _record(world, dossier, took_place_on, today=TODAY):
    return services_stances.city_action_record(
        by=world.person("contact_a").user,
        dossier=dossier,
        city=world.city_a,
        description="Eigen brief aan de Kamer",
        took_place_on=took_place_on,
        today=today,
    )


def _file_notice(world, dossier, acts_from, today=TODAY):
    version = AgreedVersionFactory(dossier=dossier)
    with time_machine.travel(_at(today, 15), tick=False):
        return services_stances.stance_record(
            by=world.person("contact_a").user,
            version=version,
            city=world.city_a,
            kind=StanceKind.DEVIATE,
            acts_from=acts_from,
            today=today,
            **NOTICE,
        )


def _told(action) -> int:
    return OutgoingMail.objects.filter(key=f"lobby-unexpected:action:{action.pk}").count()


def test_an_action_recorded_ahead_awaits_a_notice_and_a_notice_that_day_covers_it(
    lobby_world, dossier, django_capture_on_commit_callbacks
):
    tomorrow = TODAY + datetime.timedelta(days=1)
    with time_machine.travel(_at(TODAY), tick=False):
        action = _record(lobby_world, dossier, tomorrow)
    assert (action.notice, action.unexpected) == (None, UnexpectedReason.AWAITING_NOTICE)
    assert _told(action) == 0
    # Later that day (before the action's date) the city files its notice.
    with django_capture_on_commit_callbacks(execute=True):
        _file_notice(lobby_world, dossier, acts_from=tomorrow)
    action.refresh_from_db()
    assert action.notice is not None and action.unexpected == UnexpectedReason.NONE
    # The day comes: nothing changes, nobody is told.
    with time_machine.travel(_at(tomorrow, 1), tick=False):
        assert flag_due_actions() == 0
    action.refresh_from_db()
    assert action.unexpected == UnexpectedReason.NONE
    assert _told(action) == 0


def test_the_date_of_an_action_without_a_notice_comes_and_it_is_unexpected_once(
    lobby_world, dossier, mailoutbox, django_capture_on_commit_callbacks
):
    in_three_days = TODAY + datetime.timedelta(days=3)
    with time_machine.travel(_at(TODAY), tick=False):
        action = _record(lobby_world, dossier, in_three_days)
    with time_machine.travel(_at(in_three_days - datetime.timedelta(days=1), 23), tick=False):
        assert flag_due_actions() == 0  # the day before: still awaiting
    with (
        time_machine.travel(_at(in_three_days, 0), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert flag_due_actions() == 1
        assert flag_due_actions() == 0  # the task runs again: nothing twice
    action.refresh_from_db()
    assert (action.notice, action.unexpected) == (None, UnexpectedReason.NO_NOTICE)
    assert _told(action) == 1
    assert len(mailoutbox) == 1
    # A notice filed on the action's date does not cover it after the fact.
    _file_notice(lobby_world, dossier, acts_from=in_three_days, today=in_three_days)
    action.refresh_from_db()
    assert action.unexpected == UnexpectedReason.NO_NOTICE


def test_a_notice_acting_only_after_the_action_does_not_cover_it(lobby_world, dossier):
    in_five_days = TODAY + datetime.timedelta(days=5)
    with time_machine.travel(_at(TODAY), tick=False):
        action = _record(lobby_world, dossier, in_five_days)
    _file_notice(lobby_world, dossier, acts_from=in_five_days + datetime.timedelta(days=1))
    action.refresh_from_db()
    assert (action.notice, action.unexpected) == (None, UnexpectedReason.AWAITING_NOTICE)


def test_an_action_recorded_on_its_day_without_a_notice_is_unexpected_at_once(
    lobby_world, dossier, mailoutbox, django_capture_on_commit_callbacks
):
    with (
        time_machine.travel(_at(TODAY), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        action = _record(lobby_world, dossier, TODAY)
    assert action.unexpected == UnexpectedReason.NO_NOTICE
    assert _told(action) == 1 and len(mailoutbox) == 1


def test_awaiting_actions_are_not_listed_as_unexpected(lobby_world, dossier):
    with time_machine.travel(_at(TODAY), tick=False):
        _record(lobby_world, dossier, TODAY + datetime.timedelta(days=2))
        page = lobby_world.client("db_member").get("/lobby/notices/").content.decode()
        detail = lobby_world.client("db_member").get(dossier.get_absolute_url()).content.decode()
    assert "Eigen brief aan de Kamer" not in page.split('id="unexpected-heading"')[1]
    assert "nog geen melding" in detail


def test_the_database_keeps_the_flag_with_the_notice(lobby_world, dossier):
    action = _record(lobby_world, dossier, TODAY - datetime.timedelta(days=1))
    for flag in (UnexpectedReason.NONE, UnexpectedReason.LATE_NOTICE):
        with pytest.raises(IntegrityError), transaction.atomic():
            CityAction.objects.filter(pk=action.pk).update(unexpected=flag)
    with pytest.raises(ValidationError):
        action.unexpected = UnexpectedReason.NONE
        action.full_clean()
