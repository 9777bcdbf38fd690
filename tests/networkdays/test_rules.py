"""Where the rules of network days live: the read policy on every page, the services
asking members.permissions again (code ``forbidden``), the permission answers for lists,
and a code on every refusal of the models and forms."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import URLPattern, get_resolver, reverse
from django.utils import timezone

from members.actors import SYSTEM
from members.models import Role
from members.permissions import permissions_for
from networkdays import services, services_meetings, services_registrations
from networkdays.constants import NetworkDayStatus
from networkdays.dashboard import panels
from networkdays.forms import DigitalMeetingForm
from networkdays.models import (
    CalendarFeed,
    DigitalMeeting,
    MeetingInvitation,
    NetworkDay,
    ProgrammeSession,
    Registration,
)
from networkdays.selectors import people_user_may_register, registrations_shown_to
from tests.factories import UserFactory
from tests.helpers import field_codes

from .factories import (
    DigitalMeetingFactory,
    NetworkDayFactory,
    PersonFactory,
    ProgrammeSessionFactory,
    RegistrationFactory,
)
from .matrix import ENTRIES

# --- the read policy ------------------------------------------------------------------


def _networkdays_url_names() -> set[str]:
    resolver = get_resolver()
    (included,) = [p for p in resolver.url_patterns if getattr(p, "namespace", "") == "networkdays"]
    return {f"networkdays:{p.name}" for p in included.url_patterns if isinstance(p, URLPattern)}


GET_ENTRIES = [e for e in ENTRIES if e.method == "get" and e.url_name != "networkdays:feed"]


def test_every_get_url_of_the_app_is_checked_here():
    """Only the feed (opened by its secret address) and the POST-only URLs are left out."""
    post_only = {e.url_name for e in ENTRIES} - {e.url_name for e in ENTRIES if e.method == "get"}
    checked = {e.url_name for e in GET_ENTRIES}
    assert _networkdays_url_names() - checked - post_only == {"networkdays:feed"}


@pytest.mark.parametrize("entry", GET_ENTRIES, ids=[e.id for e in GET_ENTRIES])
def test_a_user_without_a_role_gets_403_on_every_page(world, entry):
    entry.setup(world)
    response = world.client("no_role").get(reverse(entry.url_name, kwargs=entry.kwargs(world)))
    assert response.status_code == 403


def _end_roles(person) -> None:
    Role.objects.filter(person=person).update(
        ends_on=timezone.localdate() - datetime.timedelta(days=1)
    )


def test_a_person_whose_role_ended_is_refused_and_sees_no_panel(world, rf):
    official = world.person("official_a")
    registration = RegistrationFactory(network_day=NetworkDayFactory(), person=official)
    _end_roles(official)
    client = world.client("official_a")
    day_url = registration.network_day.get_absolute_url()
    assert client.get(day_url).status_code == 403
    cancel = reverse("networkdays:registration_cancel", kwargs={"pk": registration.pk})
    assert client.post(cancel).status_code == 403
    registration.refresh_from_db()
    assert registration.is_active
    request = rf.get("/")
    request.user = official.user
    assert panels(request) == []


# --- services ask again ------------------------------------------------------------------


def _user(world, persona):
    return world.person(persona).user


def _day_save(world):
    services.network_day_save(
        day=NetworkDayFactory.build(host_city=world.city_a), by=_user(world, "official_a")
    )


REFUSALS = {
    "network_day_save by an official": _day_save,
    "network_day_cancel by a city contact": lambda w: services.network_day_cancel(
        day=NetworkDayFactory(), by=_user(w, "contact_a")
    ),
    "programme_session_save by the event bureau": lambda w: services.programme_session_save(
        session=ProgrammeSessionFactory.build(network_day=NetworkDayFactory()),
        by=_user(w, "event_bureau"),
    ),
    "programme_session_delete by an official": lambda w: services.programme_session_delete(
        session=ProgrammeSessionFactory(), by=_user(w, "official_a")
    ),
    "registration_create of a colleague by an official": (
        lambda w: services_registrations.registration_create(
            day=NetworkDayFactory(), person=w.person("contact_a"), by=_user(w, "official_a")
        )
    ),
    "registration_create of another city by a contact": (
        lambda w: services_registrations.registration_create(
            day=NetworkDayFactory(), person=w.person("official_b"), by=_user(w, "contact_a")
        )
    ),
    "registration_cancel of another city by a contact": (
        lambda w: services_registrations.registration_cancel(
            registration=RegistrationFactory(person=w.person("official_b")),
            by=_user(w, "contact_a"),
        )
    ),
    "registration_update_needs of another city by a contact": (
        lambda w: services_registrations.registration_update_needs(
            registration=RegistrationFactory(person=w.person("official_b")),
            by=_user(w, "contact_a"),
            dietary_needs="vegan",
        )
    ),
    "registration_substitute by the registrant": (
        lambda w: services_registrations.registration_substitute(
            registration=RegistrationFactory(person=w.person("official_a")),
            substitute=w.person("contact_a"),
            by=_user(w, "official_a"),
        )
    ),
    "registration_check_in by an official": lambda w: services_registrations.registration_check_in(
        registration=RegistrationFactory(person=w.person("official_a")),
        by=_user(w, "official_a"),
    ),
    "registration_undo_check_in by a contact": (
        lambda w: services_registrations.registration_undo_check_in(
            registration=RegistrationFactory(
                person=w.person("official_a"), checked_in_at=timezone.now()
            ),
            by=_user(w, "contact_a"),
        )
    ),
    "calendar_feed_regenerate of someone else": lambda w: services.calendar_feed_regenerate(
        person=w.person("official_a"), by=_user(w, "contact_a")
    ),
    "calendar_feed_revoke of someone else": lambda w: services.calendar_feed_revoke(
        person=w.person("official_a"), by=_user(w, "secretariat")
    ),
    "digital_meeting_save for another pillar": lambda w: services_meetings.digital_meeting_save(
        meeting=DigitalMeetingFactory.build(pillar=w.pillar), by=_user(w, "other_pillar_secretary")
    ),
    "meeting_attendance_record by someone who does not organise it": (
        lambda w: services_meetings.meeting_attendance_record(
            meeting=DigitalMeetingFactory(
                pillar=w.pillar, starts_at=timezone.now() - datetime.timedelta(hours=1)
            ),
            present=[],
            by=_user(w, "other_pillar_secretary"),
        )
    ),
    "meeting_answer by a login without a person": lambda w: services_meetings.meeting_answer(
        meeting=DigitalMeetingFactory(pillar=w.pillar), answer="yes", by=UserFactory()
    ),
}


def _fingerprint():
    return (
        list(NetworkDay.objects.values_list("pk", "status", "title")),
        list(ProgrammeSession.objects.values_list("pk", "title")),
        list(Registration.objects.values_list("pk", "person_id", "status", "checked_in_at")),
        list(CalendarFeed.objects.values_list("pk", "token")),
        DigitalMeeting.objects.count(),
        list(MeetingInvitation.objects.values_list("pk", "answer", "attended")),
    )


@pytest.mark.parametrize("call", REFUSALS.values(), ids=REFUSALS.keys())
def test_a_service_refuses_a_user_the_view_would_refuse(world, call, monkeypatch):
    # Objects the call makes for itself (factories) are made before the snapshot.
    made = []
    monkeypatch.setattr(
        "members.actors.require_allowed",
        lambda allowed: made.append(_fingerprint()) or _refuse_unless(allowed),
    )
    with pytest.raises(ValidationError) as error:
        call(world)
    assert error.value.code == "forbidden"
    assert _fingerprint() == made[0]


def _refuse_unless(allowed):
    from infra.services import require_allowed

    require_allowed(allowed)


def test_a_meeting_cannot_be_moved_away_from_a_pillar_one_may_not_manage(world):
    meeting = DigitalMeetingFactory(pillar=world.other_pillar)
    meeting.pillar = world.pillar
    with pytest.raises(ValidationError) as error:
        services_meetings.digital_meeting_save(meeting=meeting, by=_user(world, "pillar_secretary"))
    assert error.value.code == "forbidden"
    assert DigitalMeeting.objects.get(pk=meeting.pk).pillar == world.other_pillar


def test_the_acting_user_is_recorded_as_the_one_who_registered(world):
    registration = services_registrations.registration_create(
        day=NetworkDayFactory(), person=world.person("official_a"), by=_user(world, "contact_a")
    )
    assert registration.registered_by == world.person("contact_a")


# --- one answer for lists ----------------------------------------------------------------


def test_whom_each_persona_may_register(world):
    stranger = PersonFactory()  # a third city

    def names(persona):
        permissions = permissions_for(_user(world, persona))
        return set(people_user_may_register(permissions))

    assert names("official_a") == {world.person("official_a")}
    assert names("contact_a") == {world.person("official_a"), world.person("contact_a")}
    assert stranger in names("secretariat")
    assert world.person("official_b") in names("secretariat")


def test_whose_registrations_each_persona_sees(world):
    day = NetworkDayFactory()
    for persona in ("official_a", "contact_a", "official_b", "secretariat"):
        RegistrationFactory(network_day=day, person=world.person(persona))

    def seen(persona):
        permissions = permissions_for(_user(world, persona))
        return {r.person for r in registrations_shown_to(permissions, day.registrations.all())}

    assert seen("official_a") == {world.person("official_a")}
    assert seen("contact_a") == {world.person("official_a"), world.person("contact_a")}
    # Everyone's registrations are the attendee list's, not this one's.
    assert seen("secretariat") == {world.person("secretariat")}


def test_who_may_pass_a_place_on(world):
    official = world.person("official_a")
    assert permissions_for(_user(world, "contact_a")).may_substitute_registrant(official)
    assert permissions_for(_user(world, "secretariat")).may_substitute_registrant(official)
    assert not permissions_for(_user(world, "official_a")).may_substitute_registrant(official)
    assert not permissions_for(_user(world, "official_b")).may_substitute_registrant(official)


# --- a code on every refusal ----------------------------------------------------------------


@pytest.mark.django_db
def test_the_days_own_rules_refuse_with_codes():
    day = NetworkDayFactory.build(
        starts_at=datetime.time(16), ends_at=datetime.time(10), host_city=None
    )
    day.registration_closes_at = day.registration_opens_at - datetime.timedelta(hours=1)
    with pytest.raises(ValidationError) as error:
        day.clean()
    assert field_codes(error) == {
        "ends_at": {"ends_before_start"},
        "registration_closes_at": {"registration_closes_before_opening"},
    }
    late = NetworkDayFactory.build()
    late.registration_closes_at = late.start_datetime + datetime.timedelta(hours=1)
    with pytest.raises(ValidationError) as error:
        late.clean()
    assert field_codes(error) == {"registration_closes_at": {"registration_closes_after_start"}}


@pytest.mark.django_db
def test_constraints_refuse_with_codes():
    registration = RegistrationFactory()
    twice = Registration(
        network_day=registration.network_day, person=registration.person, status="waiting"
    )
    with pytest.raises(ValidationError) as error:
        twice.validate_constraints()
    assert [e.code for e in error.value.error_dict["__all__"]] == ["already_registered"]
    present_but_waiting = RegistrationFactory.build(status="waiting", checked_in_at=timezone.now())
    with pytest.raises(ValidationError) as error:
        present_but_waiting.validate_constraints()
    assert [e.code for e in error.value.error_dict["__all__"]] == ["not_confirmed"]
    session = ProgrammeSessionFactory.build(starts_at=datetime.time(11), ends_at=datetime.time(10))
    with pytest.raises(ValidationError) as error:
        session.validate_constraints(exclude={"network_day"})
    assert [e.code for e in error.value.error_dict["__all__"]] == ["ends_before_start"]


def test_a_meeting_form_without_pillar_or_group_says_why_by_code(world):
    start = timezone.localtime() + datetime.timedelta(days=3)
    form = DigitalMeetingForm(
        {
            "title": "Overleg",
            "starts_at": start.strftime("%Y-%m-%dT10:00"),
            "ends_at": start.strftime("%Y-%m-%dT11:00"),
            "online_link": "https://meet.example.org/x",
        }
    )
    assert not form.is_valid()
    # Said once (by the model's constraint), not twice.
    assert [e.code for e in form.errors.as_data()["__all__"]] == ["pillar_or_theme_group"]


def test_none_is_no_actor_and_the_system_is_asked_nothing(world):
    """``by=None`` is a programming error (issue 24): it is refused before anything is
    read or written, where it once meant "the system, skip the check"."""
    day = NetworkDayFactory(status=NetworkDayStatus.DRAFT)
    for call in (
        lambda: services.network_day_cancel(by=None, day=day),
        lambda: services_registrations.registration_create(
            by=None, day=day, person=world.person("official_a")
        ),
        lambda: services.calendar_feed_regenerate(by=None, person=world.person("official_a")),
    ):
        with pytest.raises(TypeError):
            call()
    assert not Registration.objects.exists() and not CalendarFeed.objects.exists()
    assert services.network_day_cancel(by=SYSTEM, day=day).status == NetworkDayStatus.CANCELLED
