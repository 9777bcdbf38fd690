"""An ended theme group, or a refused proposal, is history: it gets no digital meetings
(nor invitations to its members) and no programme sessions, and what it had stays as it
is. The services refuse (code ``read_only``, as the group's own services) and the forms
no longer offer such groups."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from members.actors import SYSTEM
from networkdays.forms import DigitalMeetingForm, ProgrammeSessionForm
from networkdays.models import DigitalMeeting, ProgrammeSession
from networkdays.services import programme_session_save
from networkdays.services_meetings import digital_meeting_save
from tests.themegroups.factories import MembershipFactory, ThemeGroupFactory
from themegroups.constants import ThemeGroupStatus
from themegroups.models import ThemeGroup

from .factories import DigitalMeetingFactory, NetworkDayFactory, ProgrammeSessionFactory

pytestmark = pytest.mark.django_db


def _ended(world, **kwargs):
    return ThemeGroupFactory(
        lead_pillar=world.pillar,
        status=ThemeGroupStatus.ENDED,
        ended_on=timezone.localdate(),
        end_reason="Klaar.",
        **kwargs,
    )


def _refused(world, **kwargs):
    return ThemeGroupFactory(
        lead_pillar=world.pillar,
        status=ThemeGroupStatus.REFUSED,
        started_on=None,
        refusal_reason="Past niet.",
        **kwargs,
    )


@pytest.fixture(params=["ended", "refused"])
def closed_group(request, world):
    group = _ended(world) if request.param == "ended" else _refused(world)
    MembershipFactory(theme_group=group)
    return group


@pytest.mark.parametrize("persona", ["secretariat", "pillar_secretary"])
def test_no_digital_meeting_for_a_closed_group(world, mails, closed_group, persona):
    meeting = DigitalMeetingFactory.build(theme_group=closed_group)
    with pytest.raises(ValidationError) as info:
        digital_meeting_save(meeting=meeting, by=world.person(persona).user)
    assert info.value.code == "read_only"
    assert not DigitalMeeting.objects.exists()
    assert mails("digital-meeting:") == []


def test_a_meeting_of_a_group_that_ended_since_stays_as_it_was(world, mails):
    group = ThemeGroupFactory(lead_pillar=world.pillar)
    MembershipFactory(theme_group=group)
    meeting = digital_meeting_save(
        meeting=DigitalMeetingFactory.build(theme_group=group), by=SYSTEM
    )
    sent = len(mails("digital-meeting:"))
    ThemeGroup.objects.filter(pk=group.pk).update(
        status=ThemeGroupStatus.ENDED, ended_on=timezone.localdate(), end_reason="Klaar."
    )
    meeting.starts_at += datetime.timedelta(hours=1)
    meeting.ends_at += datetime.timedelta(hours=1)
    with pytest.raises(ValidationError) as info:
        digital_meeting_save(meeting=meeting, by=world.person("secretariat").user)
    assert info.value.code == "read_only"
    # Nor moved away to a pillar: its meetings are the group's history.
    meeting = DigitalMeeting.objects.get(pk=meeting.pk)
    meeting.theme_group, meeting.pillar = None, world.pillar
    with pytest.raises(ValidationError) as info:
        digital_meeting_save(meeting=meeting, by=world.person("secretariat").user)
    assert info.value.code == "read_only"
    assert DigitalMeeting.objects.get(pk=meeting.pk).theme_group_id == group.pk
    assert DigitalMeeting.objects.get(pk=meeting.pk).sequence == 0
    assert len(mails("digital-meeting:")) == sent


def test_an_open_group_still_gets_meetings_and_sessions(world, mails):
    group = ThemeGroupFactory(lead_pillar=world.pillar)
    MembershipFactory(theme_group=group)
    digital_meeting_save(meeting=DigitalMeetingFactory.build(theme_group=group), by=SYSTEM)
    assert len(mails("digital-meeting:")) == 1
    session = ProgrammeSessionFactory.build(network_day=NetworkDayFactory(), theme_group=group)
    programme_session_save(session=session, by=world.person("secretariat").user)
    assert ProgrammeSession.objects.filter(theme_group=group).count() == 1


def test_no_programme_session_for_a_closed_group(world, closed_group):
    session = ProgrammeSessionFactory.build(
        network_day=NetworkDayFactory(), theme_group=closed_group
    )
    with pytest.raises(ValidationError) as info:
        programme_session_save(session=session, by=world.person("secretariat").user)
    assert info.value.code == "read_only"
    assert not ProgrammeSession.objects.exists()


def test_a_session_of_a_closed_group_is_not_changed_but_can_be_deleted(world, closed_group):
    from networkdays.services import programme_session_delete

    session = ProgrammeSessionFactory(theme_group=closed_group)
    session.room = "Zaal 3"
    with pytest.raises(ValidationError) as info:
        programme_session_save(session=session, by=world.person("secretariat").user)
    assert info.value.code == "read_only"
    session.theme_group = None
    with pytest.raises(ValidationError) as info:
        programme_session_save(session=session, by=world.person("secretariat").user)
    assert info.value.code == "read_only"
    assert ProgrammeSession.objects.get(pk=session.pk).room == "Raadzaal"
    programme_session_delete(session=session, by=world.person("secretariat").user)
    assert not ProgrammeSession.objects.exists()


def test_the_forms_offer_open_groups_only(world):
    active = ThemeGroupFactory(lead_pillar=world.pillar, name="Loopt")
    proposed = ThemeGroupFactory(
        lead_pillar=world.pillar,
        name="Voorstel",
        status=ThemeGroupStatus.PROPOSED,
        started_on=None,
    )
    _ended(world, name="Afgelopen")
    _refused(world, name="Afgewezen")
    open_groups = {active, proposed}
    assert set(DigitalMeetingForm().fields["theme_group"].queryset) == open_groups
    assert set(DigitalMeetingForm(pillar_ids=[world.pillar.pk]).fields["theme_group"].queryset) == (
        open_groups
    )
    assert set(ProgrammeSessionForm().fields["theme_group"].queryset) == open_groups


def test_the_meeting_form_refuses_a_closed_group(world, closed_group):
    start = timezone.localtime() + datetime.timedelta(days=3)
    form = DigitalMeetingForm(
        {
            "title": "Overleg",
            "theme_group": closed_group.pk,
            "starts_at": start.strftime("%Y-%m-%dT10:00"),
            "ends_at": start.strftime("%Y-%m-%dT11:00"),
            "online_link": "https://meet.example.org/x",
        }
    )
    assert not form.is_valid()
    assert {e.code for e in form.errors.as_data()["theme_group"]} == {"invalid_choice"}
