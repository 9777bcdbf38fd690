"""Answers to digital meetings (yes / no / maybe) by the signed single-use link in the
invitation or on the meeting's page, and attendance recorded by the organiser."""

import datetime
import re
import time
import zoneinfo
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from members.actors import SYSTEM
from networkdays.models import MeetingInvitation, RsvpTokenUse
from networkdays.rsvp import rsvp_token_make
from networkdays.services_meetings import (
    digital_meeting_save,
    meeting_answer,
    meeting_answer_by_link,
    meeting_attendance_record,
)
from tests.conftest import requires_postgres

from ..helpers import outcomes, race
from .factories import DigitalMeetingFactory

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def _planned(world, **kwargs):
    """A meeting of the Sociale Pijler, planned through the service: its secretary (the
    ``pillar_secretary`` persona) is invited by mail."""
    return digital_meeting_save(
        meeting=DigitalMeetingFactory.build(pillar=world.pillar, **kwargs), by=SYSTEM
    )


def _link(mail) -> str:
    body = mail.body if hasattr(mail, "body") else mail.text_body
    return re.search(r"https?://\S+/rsvp/\S+/", body).group(0).split("://", 1)[1].split("/", 1)[1]


def _invitation(world, meeting, persona="pillar_secretary"):
    return MeetingInvitation.objects.get(meeting=meeting, person=world.person(persona))


@pytest.fixture
def link(world, mails):
    meeting = _planned(world)
    (mail,) = mails("digital-meeting:")
    return meeting, "/" + _link(mail)


def test_the_invitation_is_kept_and_its_mail_carries_a_personal_rsvp_link(world, mails, link):
    meeting, url = link
    assert _invitation(world, meeting).answer == ""
    assert url.startswith(f"/network-days/meetings/{meeting.pk}/rsvp/")


def test_opening_the_link_changes_nothing_and_its_form_answers_once(world, link):
    meeting, url = link
    client = world.client("anonymous")
    page = client.get(url)
    assert page.status_code == 200
    assert page["Referrer-Policy"] == "same-origin"
    assert meeting.title in page.content.decode()
    # Nothing personal beyond the invitee's own answer: no names, no other invitees.
    assert world.person("pillar_secretary").name not in page.content.decode()
    assert _invitation(world, meeting).answer == ""  # a GET (a mail scanner) changes nothing
    assert client.post(url, {"answer": "yes"}).status_code == 200
    invitation = _invitation(world, meeting)
    assert (invitation.answer, invitation.answered_at is not None) == ("yes", True)
    again = client.post(url, {"answer": "no"})
    assert again.status_code == 410
    assert _invitation(world, meeting).answer == "yes"  # nothing changed
    assert client.get(url).status_code == 410  # and opening it says so


def test_the_service_refuses_a_used_link_with_its_code(world, link):
    meeting, url = link
    token = url.rstrip("/").rsplit("/", 1)[1]
    meeting_answer_by_link(meeting_id=meeting.pk, token=token, answer="maybe")
    with pytest.raises(ValidationError) as excinfo:
        meeting_answer_by_link(meeting_id=meeting.pk, token=token, answer="no")
    assert excinfo.value.code == "token_used"
    assert _invitation(world, meeting).answer == "maybe"
    assert RsvpTokenUse.objects.count() == 1


def test_an_expired_link_is_refused_and_changes_nothing(world, settings):
    meeting = _planned(world)
    person = world.person("pillar_secretary")
    made_at = time.time() - (settings.DIGITAL_MEETING_RSVP_LINK_DAYS + 1) * 86400
    with mock.patch("django.core.signing.time.time", return_value=made_at):
        token = rsvp_token_make(meeting_id=meeting.pk, person_id=person.pk)
    with pytest.raises(ValidationError) as excinfo:
        meeting_answer_by_link(meeting_id=meeting.pk, token=token, answer="yes")
    assert excinfo.value.code == "token_expired"
    url = reverse("networkdays:meeting_rsvp", kwargs={"pk": meeting.pk, "token": token})
    assert world.client("anonymous").post(url, {"answer": "yes"}).status_code == 410
    assert _invitation(world, meeting).answer == ""
    assert not RsvpTokenUse.objects.exists()


def test_a_link_of_another_meeting_or_an_altered_link_is_refused(world):
    meeting, other = _planned(world), _planned(world)
    token = rsvp_token_make(meeting_id=meeting.pk, person_id=world.person("pillar_secretary").pk)
    with pytest.raises(ValidationError) as excinfo:
        meeting_answer_by_link(meeting_id=other.pk, token=token, answer="yes")
    assert excinfo.value.code == "token_other_meeting"
    client = world.client("anonymous")
    url = reverse("networkdays:meeting_rsvp", kwargs={"pk": other.pk, "token": token})
    assert client.post(url, {"answer": "yes"}).status_code == 400
    altered = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    url = reverse("networkdays:meeting_rsvp", kwargs={"pk": meeting.pk, "token": altered})
    assert client.post(url, {"answer": "yes"}).status_code == 400
    assert not MeetingInvitation.objects.exclude(answer="").exists()


def test_a_link_opened_while_signed_in_as_someone_else_is_refused(world, link):
    meeting, url = link
    response = world.client("official_b").post(url, {"answer": "yes"})
    assert response.status_code == 403
    assert _invitation(world, meeting).answer == ""
    assert not RsvpTokenUse.objects.exists()  # the link still works for its invitee
    assert world.client("pillar_secretary").post(url, {"answer": "yes"}).status_code == 200


def test_a_link_for_someone_not_invited_is_refused(world):
    meeting = _planned(world)
    token = rsvp_token_make(meeting_id=meeting.pk, person_id=world.person("official_b").pk)
    with pytest.raises(ValidationError) as excinfo:
        meeting_answer_by_link(meeting_id=meeting.pk, token=token, answer="yes")
    assert excinfo.value.code == "not_invited"


def test_no_answer_after_the_meeting_is_over(world):
    meeting = _planned(world)
    meeting.starts_at = timezone.now() - datetime.timedelta(hours=3)
    meeting.ends_at = timezone.now() - datetime.timedelta(hours=2)
    meeting.save()
    with pytest.raises(ValidationError) as excinfo:
        meeting_answer(meeting=meeting, answer="yes", by=world.person("pillar_secretary").user)
    assert excinfo.value.code == "meeting_over"
    assert _invitation(world, meeting).answer == ""


def test_an_invitee_answers_on_the_meetings_page_and_may_change_it(world):
    meeting = _planned(world)
    client = world.client("pillar_secretary")
    url = reverse("networkdays:meeting_answer", kwargs={"pk": meeting.pk})
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert url in page
    assert client.post(url, {"answer": "no"}).status_code == 302
    assert client.post(url, {"answer": "maybe"}).status_code == 302
    assert _invitation(world, meeting).answer == "maybe"
    assert client.post(url, {"answer": "perhaps"}).status_code == 302  # refused
    assert _invitation(world, meeting).answer == "maybe"


def test_someone_not_invited_cannot_answer(world):
    meeting = _planned(world)
    with pytest.raises(ValidationError) as excinfo:
        meeting_answer(meeting=meeting, answer="yes", by=world.person("official_a").user)
    assert excinfo.value.code == "not_invited"
    assert not MeetingInvitation.objects.filter(person=world.person("official_a")).exists()


def test_a_current_invitee_without_an_invitation_yet_can_answer(world):
    """A meeting planned before invitations were kept (or a later member)."""
    meeting = DigitalMeetingFactory(pillar=world.pillar)
    meeting_answer(meeting=meeting, answer="yes", by=world.person("pillar_secretary").user)
    assert _invitation(world, meeting).answer == "yes"


def test_attendance_is_refused_before_the_meeting_starts(world):
    meeting = _planned(world)
    secretary = world.person("pillar_secretary")
    with pytest.raises(ValidationError) as excinfo:
        meeting_attendance_record(meeting=meeting, present=[secretary.pk], by=secretary.user)
    assert excinfo.value.code == "meeting_not_started"
    assert _invitation(world, meeting).attended is None


def test_the_organiser_records_attendance_once_started(world):
    meeting = _planned(world)
    meeting.starts_at = timezone.now() - datetime.timedelta(minutes=5)
    meeting.save()
    secretary = world.person("pillar_secretary")
    meeting_attendance_record(meeting=meeting, present=[secretary.pk], by=secretary.user)
    invitation = _invitation(world, meeting)
    assert invitation.attended is True
    assert invitation.attendance_recorded_by == secretary
    with pytest.raises(ValidationError) as excinfo:
        meeting_attendance_record(
            meeting=meeting, present=[world.person("official_a").pk], by=secretary.user
        )
    assert excinfo.value.code == "not_invited"
    with pytest.raises(ValidationError) as excinfo:
        meeting_attendance_record(meeting=meeting, present=[], by=world.person("official_a").user)
    assert excinfo.value.code == "forbidden"
    assert _invitation(world, meeting).attended is True


@pytest.fixture
def new_years_night(time_machine):
    """Fifteen minutes into a new year: a meeting two hours ago was last year's."""
    time_machine.move_to(datetime.datetime(2027, 1, 1, 0, 15, tzinfo=AMSTERDAM), tick=False)


def test_the_year_attendance_page_shows_digital_meetings_per_city(new_years_night, world):
    meeting = _planned(world, starts_at=timezone.now() - datetime.timedelta(hours=2))
    invitation = _invitation(world, meeting)
    invitation.answer, invitation.answered_at = "yes", timezone.now()
    invitation.save()
    year = timezone.localtime(meeting.starts_at).year
    page = world.client("db_member").get(
        reverse("networkdays:year_attendance", kwargs={"year": year})
    )
    rows = {r["city"].pk: r["meetings"] for r in page.context["rows"]}
    assert rows[world.city_b.pk] == {"invited": 1, "answered": 1, "present": 0} | {
        "person__city_id": world.city_b.pk
    }


def test_the_database_keeps_a_link_single_use_and_answers_with_their_moment(world):
    meeting = _planned(world)
    invitation = _invitation(world, meeting)
    RsvpTokenUse.objects.create(nonce="abc", invitation=invitation)
    with pytest.raises(IntegrityError), transaction.atomic():
        RsvpTokenUse.objects.create(nonce="abc", invitation=invitation)
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingInvitation.objects.filter(pk=invitation.pk).update(answer="yes")
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingInvitation.objects.filter(pk=invitation.pk).update(
            answer="sure", answered_at=timezone.now()
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingInvitation.objects.filter(pk=invitation.pk).update(attended=True)


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_one_link_used_twice_at_the_same_moment_answers_once(world):
    meeting = _planned(world)
    person = world.person("pillar_secretary")
    token = rsvp_token_make(meeting_id=meeting.pk, person_id=person.pk)

    def use(answer):
        return lambda: meeting_answer_by_link(meeting_id=meeting.pk, token=token, answer=answer)

    results, errors = outcomes(race([use("yes"), use("no")]))
    assert len(results) == 1
    assert [e.code for e in errors] == ["token_used"]
    assert RsvpTokenUse.objects.count() == 1
    assert _invitation(world, meeting).answer == results[0].answer
    connection.close()


def test_an_invitation_queued_twice_is_mailed_once(world, mails):
    """A retried task queues the same key: one mail, with the link of the first."""
    from networkdays import mails as meeting_mails

    meeting = _planned(world)
    invitation = _invitation(world, meeting)
    first = mails("digital-meeting:")[0]
    meeting_mails.digital_meeting_invitation(meeting, invitation)
    assert [m.pk for m in mails("digital-meeting:")] == [first.pk]
    digital_meeting_save(meeting=meeting, by=SYSTEM)  # nothing changed: nothing sent
    assert len(mails("digital-meeting:")) == 1
    assert MeetingInvitation.objects.filter(meeting=meeting).count() == 1


def test_ones_answers_are_in_ones_data_download(world):
    from networkdays.personal_data import collect

    meeting = _planned(world)
    meeting_answer(meeting=meeting, answer="maybe", by=world.person("pillar_secretary").user)
    (row,) = collect(world.person("pillar_secretary"))["digital_meeting_invitations"]
    assert (row["meeting"], row["answer"], row["attended"]) == (meeting.title, "maybe", None)


@pytest.mark.parametrize("invitees", [2, 30])
def test_the_meeting_pages_run_a_fixed_number_of_queries(
    world, invitees, django_assert_max_num_queries
):
    from tests.themegroups.factories import MembershipFactory, ThemeGroupFactory

    from .factories import CityFactory, PersonFactory

    group = ThemeGroupFactory(lead_pillar=world.pillar)
    for _ in range(invitees):
        MembershipFactory(theme_group=group, person=PersonFactory(city=CityFactory()))
    meeting = digital_meeting_save(
        meeting=DigitalMeetingFactory.build(
            theme_group=group, starts_at=timezone.now() - datetime.timedelta(minutes=5)
        ),
        by=SYSTEM,
    )
    client = world.client("pillar_secretary")
    client.get(meeting.get_absolute_url())  # warm up the session and the permissions
    with django_assert_max_num_queries(8):
        assert client.get(meeting.get_absolute_url()).status_code == 200
    url = reverse("networkdays:meeting_attendance", kwargs={"pk": meeting.pk})
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200


def test_used_links_are_forgotten_once_every_link_has_expired(world, link, settings):
    from networkdays.services_meetings import rsvp_links_purge
    from networkdays.tasks import purge_used_rsvp_links

    meeting, url = link
    token = url.rstrip("/").rsplit("/", 1)[1]
    meeting_answer_by_link(meeting_id=meeting.pk, token=token, answer="yes")
    lifetime = datetime.timedelta(days=settings.DIGITAL_MEETING_RSVP_LINK_DAYS)
    assert purge_used_rsvp_links() == 0  # the task: today, nothing has expired
    assert rsvp_links_purge(now=timezone.now() + lifetime - datetime.timedelta(hours=1)) == 0
    later = timezone.now() + lifetime + datetime.timedelta(hours=1)
    assert rsvp_links_purge(now=later) == 1
    assert not RsvpTokenUse.objects.exists()
    # Forgotten, the link still cannot answer again: by then it has expired.
    with (
        mock.patch("django.core.signing.time.time", return_value=later.timestamp()),
        pytest.raises(ValidationError) as excinfo,
    ):
        meeting_answer_by_link(meeting_id=meeting.pk, token=token, answer="no")
    assert excinfo.value.code == "token_expired"
    assert _invitation(world, meeting).answer == "yes"
