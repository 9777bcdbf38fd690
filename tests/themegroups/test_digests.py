"""Weekly digests: to DB members (due and overdue) and to pillar secretaries (their
pillar's groups without support or whose support ends soon), once per ISO week."""

import datetime

import pytest

from members.constants import RoleKind
from outbox.models import OutgoingMail
from themegroups.mails import weekly_digests_send
from themegroups.tasks import send_weekly_digests

from ..factories import RoleFactory
from .factories import SupportFactory, ThemeGroupFactory, days, today


@pytest.fixture
def groups(world):
    overdue = ThemeGroupFactory(
        name="Woningmarkt", lead_pillar=world.other_pillar, review_due_on=days(-3)
    )
    SupportFactory(theme_group=overdue)
    due = ThemeGroupFactory(name="Jeugd", lead_pillar=world.pillar, review_due_on=days(20))
    SupportFactory(theme_group=due, ends_on=days(10))  # ends soon
    lacking = ThemeGroupFactory(name="Armoede", lead_pillar=world.pillar, review_due_on=days(300))
    return overdue, due, lacking


def test_db_members_and_pillar_secretaries_get_their_digest(
    world, groups, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        queued = send_weekly_digests()
    year, week, _ = today().isocalendar()
    db_key = f"db-digest:{world.person('db_member').pk}:{year}-W{week:02d}"
    db_mail = OutgoingMail.objects.get(key=db_key)
    assert db_mail.to == [world.person("db_member").email]
    assert "Woningmarkt" in db_mail.body and "Jeugd" in db_mail.body
    assert "Armoede" not in db_mail.body
    assert db_mail.body.index("Woningmarkt") < db_mail.body.index("Jeugd")  # overdue first
    assert "achterstallig" in db_mail.subject

    secretary_mail = OutgoingMail.objects.get(
        key=f"pillar-digest:{world.person('pillar_secretary').pk}:{year}-W{week:02d}"
    )
    assert "Armoede" in secretary_mail.body  # without support
    assert "Jeugd" in secretary_mail.body  # support ends soon
    assert "Woningmarkt" not in secretary_mail.body  # another pillar's group
    # The other pillar's only group is supported for long: nothing to say, no mail.
    assert not OutgoingMail.objects.filter(
        key__startswith=f"pillar-digest:{world.person('other_pillar_secretary').pk}:"
    ).exists()
    assert queued == 2
    assert len(mailoutbox) == 2


def test_a_scheduler_running_twice_sends_once(
    world, groups, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send_weekly_digests()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_weekly_digests() == 0
    assert OutgoingMail.objects.count() == 2
    assert len(mailoutbox) == 2
    recipients = sorted(address for mail in mailoutbox for address in mail.to)
    assert recipients == sorted(
        [world.person("db_member").email, world.person("pillar_secretary").email]
    )


def test_later_in_the_same_week_nothing_new_the_next_week_again(world, groups, mailoutbox):
    monday = today() - datetime.timedelta(days=today().weekday())
    weekly_digests_send(today=monday)
    assert weekly_digests_send(today=monday + datetime.timedelta(days=6)) == 0
    assert weekly_digests_send(today=monday + datetime.timedelta(days=7)) == 2


def test_former_db_members_get_no_digest(world, groups):
    role = world.person("db_member").roles.get()
    role.starts_on = days(-100)
    role.ends_on = days(-1)
    role.save()
    weekly_digests_send()
    assert not OutgoingMail.objects.filter(key__startswith="db-digest:").exists()


def test_every_current_db_member_gets_one(world, groups):
    from ..factories import PersonFactory

    other = PersonFactory(city=world.city_a)
    RoleFactory(person=other, kind=RoleKind.DB_MEMBER, board_position="member")
    weekly_digests_send()
    assert OutgoingMail.objects.filter(key__startswith="db-digest:").count() == 2


def test_nothing_due_no_db_digest(world):
    ThemeGroupFactory(lead_pillar=world.pillar, review_due_on=days(300))
    weekly_digests_send()
    assert not OutgoingMail.objects.filter(key__startswith="db-digest:").exists()


def test_the_beat_entry_names_the_registered_task(settings):
    from g40.celery import app

    app.loader.import_default_modules()
    entry = settings.CELERY_BEAT_SCHEDULE["themegroups-send-weekly-digests"]
    assert entry["task"] == "themegroups.send_weekly_digests"
    assert entry["task"] in app.tasks
