"""Digital interim meetings: the pillar's people or the group's members are invited
with an .ics; a change re-invites with a higher SEQUENCE; they never count toward the
yearly cap of network days."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from members.actors import SYSTEM
from members.constants import RoleKind
from networkdays.models import DigitalMeeting, NetworkDay
from networkdays.services import network_day_save
from networkdays.services_meetings import digital_meeting_save
from tests.factories import RoleFactory
from tests.themegroups.factories import MembershipFactory, ThemeGroupFactory

from .factories import CityFactory, DigitalMeetingFactory, NetworkDayFactory, PersonFactory
from .matrix import _meeting_data


@pytest.mark.django_db
def test_a_pillar_secretary_plans_a_meeting_and_the_pillars_people_are_invited(world, mails):
    chair = PersonFactory()
    RoleFactory(person=chair, kind=RoleKind.PILLAR_CHAIR, pillar=world.pillar)
    former = PersonFactory()
    RoleFactory(
        person=former,
        kind=RoleKind.PILLAR_CHAIR,
        pillar=world.pillar,
        starts_on=timezone.localdate() - datetime.timedelta(days=400),
        ends_on=timezone.localdate() - datetime.timedelta(days=30),
    )
    response = world.client("pillar_secretary").post(
        reverse("networkdays:meeting_create"), _meeting_data(world)
    )
    assert response.status_code == 302
    meeting = DigitalMeeting.objects.get()
    assert meeting.created_by == world.person("pillar_secretary")
    invited = sorted(m.to[0] for m in mails("digital-meeting:"))
    assert invited == sorted([chair.email, world.person("pillar_secretary").email])
    calendar = Calendar.from_ical(mails("digital-meeting:")[0].attachments[0]["content"])
    event = next(iter(calendar.walk("VEVENT")))
    assert str(event["UID"]) == meeting.calendar_uid
    assert "meet.example.org" in str(event["LOCATION"])


@pytest.mark.django_db
def test_a_change_reinvites_once_with_a_higher_sequence(world, mails):
    meeting = digital_meeting_save(
        meeting=DigitalMeetingFactory.build(pillar=world.pillar), by=SYSTEM
    )
    assert len(mails("digital-meeting:")) == 1  # the pillar secretary
    meeting.online_link = "https://meet.example.org/nieuw"
    digital_meeting_save(meeting=meeting, by=SYSTEM)
    digital_meeting_save(meeting=meeting, by=SYSTEM)  # nothing changed: nothing sent
    assert len(mails("digital-meeting:")) == 2
    assert DigitalMeeting.objects.get().sequence == 1


@pytest.mark.django_db
def test_a_theme_group_meeting_invites_its_members(world, mails):
    group = ThemeGroupFactory(lead_pillar=world.other_pillar)
    members = [MembershipFactory(theme_group=group).person for _ in range(3)]
    data = _meeting_data(world)
    data.pop("pillar")
    data["theme_group"] = group.pk
    assert (
        world.client("pillar_secretary")
        .post(reverse("networkdays:meeting_create"), data)
        .status_code
        == 200
    )  # not the secretary of the group's lead pillar
    response = world.client("other_pillar_secretary").post(
        reverse("networkdays:meeting_create"), data
    )
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mails("digital-meeting:")) == sorted(p.email for p in members)


@pytest.mark.django_db
def test_a_meeting_needs_a_pillar_or_a_theme_group(world):
    data = _meeting_data(world)
    data.pop("pillar")
    response = world.client("secretariat").post(reverse("networkdays:meeting_create"), data)
    assert response.status_code == 200
    assert not DigitalMeeting.objects.exists()


@pytest.mark.django_db
def test_digital_meetings_do_not_count_toward_the_cap(world):
    year = timezone.localdate().year + 1
    for month in range(1, 7):
        DigitalMeetingFactory(
            pillar=world.pillar,
            starts_at=timezone.make_aware(datetime.datetime(year, month, 5, 10)),
            ends_at=timezone.make_aware(datetime.datetime(year, month, 5, 11)),
        )
    host = CityFactory()
    for month in (2, 4, 6, 9):
        network_day_save(
            day=NetworkDayFactory.build(date=datetime.date(year, month, 1), host_city=host),
            by=SYSTEM,
        )
    assert NetworkDay.objects.filter(date__year=year).count() == 4


@pytest.mark.django_db
def test_the_feed_holds_the_meetings_i_am_invited_to(world):
    from networkdays.models import CalendarFeed

    DigitalMeetingFactory(pillar=world.pillar, title="Sociaal overleg")
    DigitalMeetingFactory(pillar=world.other_pillar, title="Fysiek overleg")
    feed = CalendarFeed.objects.create(person=world.person("pillar_secretary"))
    calendar = Calendar.from_ical(world.client("anonymous").get(feed.get_absolute_url()).content)
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["G40 Sociaal overleg"]


@pytest.mark.django_db
def test_the_secretariat_plans_a_meeting_in_the_admin_and_invitations_go_out(world, mails):
    """The admin saves inside its own transaction: the service joins it (not durable)."""
    data = _meeting_data(world)
    data["starts_at_0"], data["starts_at_1"] = data.pop("starts_at").split("T")
    data["ends_at_0"], data["ends_at_1"] = data.pop("ends_at").split("T")
    response = world.client("secretariat").post(
        reverse("admin:networkdays_digitalmeeting_add"), data
    )
    assert response.status_code == 302
    meeting = DigitalMeeting.objects.get()
    assert meeting.created_by == world.person("secretariat")
    assert mails("digital-meeting:")


@pytest.mark.django_db(transaction=True)
def test_planning_renders_no_invitation_the_worker_does_with_a_link_it_mints(
    world, monkeypatch, django_capture_on_commit_callbacks, rendered_templates
):
    """The request records each invitation by its builder and two primary keys; the
    worker renders it, with the meeting as it is then and a personal RSVP link."""
    from outbox import services as outbox_services
    from outbox.models import OutgoingMail

    monkeypatch.setattr(outbox_services, "outgoing_mail_batch_due", lambda: None)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = digital_meeting_save(
            meeting=DigitalMeetingFactory.build(pillar=world.pillar, title="Overleg A"), by=SYSTEM
        )
    assert rendered_templates == []
    (mail,) = OutgoingMail.objects.filter(key__startswith="digital-meeting:")
    assert mail.builder == "networkdays.meeting_invitation" and mail.body == ""
    assert mail.builder_args == {
        "meeting": meeting.pk,
        "person": world.person("pillar_secretary").pk,
    }
    DigitalMeeting.objects.filter(pk=meeting.pk).update(title="Overleg B")
    assert outbox_services.outgoing_mail_send(mail_id=mail.pk)
    mail.refresh_from_db()
    assert "Overleg B" in mail.subject + mail.body
    assert f"/network-days/meetings/{meeting.pk}/rsvp/" in mail.body
