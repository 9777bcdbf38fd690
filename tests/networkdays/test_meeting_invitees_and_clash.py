"""A pillar's digital meeting invites the pillar's people: its chair and secretary and,
as the organiser chooses, the members of the theme groups it leads; a meeting at the
time of a network day is refused with the day named (issue 23, item 9)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from members.actors import SYSTEM
from networkdays.constants import NetworkDayStatus
from networkdays.models import DigitalMeeting
from networkdays.selectors import digital_meeting_invitees
from networkdays.services_meetings import digital_meeting_save
from tests.themegroups.factories import MembershipFactory, ThemeGroupFactory
from themegroups.constants import ThemeGroupStatus

from .factories import DigitalMeetingFactory, NetworkDayFactory
from .matrix import _meeting_data

pytestmark = pytest.mark.django_db


def test_the_pillars_theme_group_members_are_invited_when_the_organiser_chooses(world, mails):
    led = ThemeGroupFactory(lead_pillar=world.pillar)
    members = [MembershipFactory(theme_group=led).person for _ in range(2)]
    ended = ThemeGroupFactory(
        lead_pillar=world.pillar, status=ThemeGroupStatus.REFUSED, refusal_reason="Dubbel"
    )
    gone = MembershipFactory(theme_group=ended).person
    other = MembershipFactory(theme_group=ThemeGroupFactory(lead_pillar=world.other_pillar))
    data = {**_meeting_data(world), "invite_theme_group_members": "on"}
    response = world.client("pillar_secretary").post(reverse("networkdays:meeting_create"), data)
    assert response.status_code == 302
    invited = {m.to[0] for m in mails("digital-meeting:")}
    assert invited == {world.person("pillar_secretary").email, *(p.email for p in members)}
    assert gone.email not in invited and other.person.email not in invited
    meeting = DigitalMeeting.objects.get()
    meeting.invite_theme_group_members = False
    assert [p.pk for p in digital_meeting_invitees(meeting)] == [
        world.person("pillar_secretary").pk
    ]


def test_the_form_offers_the_choice_ticked(world):
    html = world.client("pillar_secretary").get(reverse("networkdays:meeting_create")).content
    assert b'name="invite_theme_group_members"' in html
    assert b"checked" in html


def test_a_meeting_at_the_time_of_a_network_day_is_refused_with_the_day_named(world):
    date = timezone.localdate() + datetime.timedelta(days=30)
    NetworkDayFactory(
        title="Netwerkdag Zwolle",
        date=date,
        starts_at=datetime.time(10),
        ends_at=datetime.time(16, 30),
        status=NetworkDayStatus.PUBLISHED,
    )
    at = lambda h: timezone.make_aware(datetime.datetime.combine(date, datetime.time(h)))  # noqa: E731
    meeting = DigitalMeetingFactory.build(pillar=world.pillar, starts_at=at(15), ends_at=at(17))
    with pytest.raises(ValidationError) as caught:
        digital_meeting_save(meeting=meeting, by=SYSTEM)
    (error,) = caught.value.error_dict["starts_at"]
    assert error.code == "network_day_clash"
    assert "Netwerkdag Zwolle" in error.message
    assert not DigitalMeeting.objects.exists()
    # After the day's end it is fine.
    meeting = DigitalMeetingFactory.build(pillar=world.pillar, starts_at=at(17), ends_at=at(18))
    digital_meeting_save(meeting=meeting, by=SYSTEM)


def test_a_cancelled_day_does_not_block_the_time(world):
    date = timezone.localdate() + datetime.timedelta(days=30)
    NetworkDayFactory(date=date, status=NetworkDayStatus.CANCELLED)
    at = lambda h: timezone.make_aware(datetime.datetime.combine(date, datetime.time(h)))  # noqa: E731
    digital_meeting_save(
        meeting=DigitalMeetingFactory.build(pillar=world.pillar, starts_at=at(11), ends_at=at(12)),
        by=SYSTEM,
    )
