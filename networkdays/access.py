"""Access helpers: every view calls one of these first. Each goes through the one read
policy (``members.access.require_network_reader``: a signed-in user without a current
role gets 403), then asks ``members.permissions``. 404 for what the user may not see
(drafts, another city's registrations), 403 for what they may see but not do."""

from collections.abc import Callable

from django.http import Http404
from django.shortcuts import get_object_or_404

from members.access import require_network_reader
from members.models import Person
from members.permissions import Permissions

from .constants import NetworkDayStatus
from .models import DigitalMeeting, NetworkDay, ProgrammeSession, Registration


def require_reader(request, question: Callable[[Permissions], bool] | None = None):
    """The read policy, then (if given) ``question`` asked of ``members.permissions``:
    403 when either says no. Returns the user's permissions."""
    return require_network_reader(request, question)


def require_day_manager(request) -> Permissions:
    return require_reader(request, lambda p: p.may_manage_network_days)


def require_meeting_planner(request) -> Permissions:
    return require_reader(request, lambda p: p.may_create_digital_meetings)


def get_person_for_calendar(request) -> Person:
    """One's own calendar subscription (a login without a person has none)."""
    return require_reader(request, lambda p: p.may_manage_calendar_feed_of(p.person)).person


def get_network_day_for_user(request, pk: int, days=None) -> NetworkDay:
    """Published and cancelled days are for every reader; drafts only for those who
    manage days. ``days``: the queryset to read it from (say with its counts)."""
    permissions = require_reader(request)
    days = NetworkDay.objects.all() if days is None else days
    day = get_object_or_404(days.select_related("host_city"), pk=pk)
    if day.status == NetworkDayStatus.DRAFT and not permissions.may_manage_network_days:
        raise Http404
    return day


def get_network_day_for_management(request, pk: int) -> NetworkDay:
    day = get_network_day_for_user(request, pk)
    require_day_manager(request)
    return day


def get_network_day_for_registration(request, pk: int) -> NetworkDay:
    day = get_network_day_for_user(request, pk)
    require_reader(request, lambda p: p.may_register_for_network_days)
    return day


def get_network_day_for_attendees(request, pk: int) -> NetworkDay:
    """Attendee lists, exports and check-in: the secretariat and the event bureau."""
    day = get_network_day_for_user(request, pk)
    require_reader(request, lambda p: p.may_see_attendees)
    return day


def get_programme_session_for_management(request, pk: int) -> ProgrammeSession:
    require_day_manager(request)
    session = get_object_or_404(ProgrammeSession.objects.select_related("network_day"), pk=pk)
    get_network_day_for_management(request, session.network_day_id)
    return session


def get_registration_for_user(request, pk: int) -> Registration:
    """A registration to cancel or pass on: one's own, a colleague's for the contact of
    the same city, any for the secretariat. Another city's registration is a 404."""
    permissions = require_reader(request)
    registration = get_object_or_404(
        Registration.objects.select_related("person__city", "network_day__host_city"), pk=pk
    )
    if not permissions.may_act_for_person(registration.person):
        raise Http404
    return registration


def get_registration_for_substitution(request, pk: int) -> Registration:
    """Passing a place on: the contact of the registrant's city or the secretariat."""
    registration = get_registration_for_user(request, pk)
    require_reader(request, lambda p: p.may_substitute_registrant(registration.person))
    return registration


def get_registration_for_check_in(request, pk: int) -> Registration:
    """Check-in: those who see the attendees; to anyone else the registration is a 404."""
    permissions = require_reader(request)
    registration = get_object_or_404(
        Registration.objects.select_related("person", "network_day"), pk=pk
    )
    if not permissions.may_see_attendees:
        raise Http404
    return registration


def get_digital_meeting_for_user(request, pk: int) -> DigitalMeeting:
    require_reader(request)
    return get_object_or_404(DigitalMeeting.objects.select_related("pillar", "theme_group"), pk=pk)


def get_digital_meeting_for_management(request, pk: int) -> DigitalMeeting:
    meeting = get_digital_meeting_for_user(request, pk)
    require_reader(request, lambda p: p.may_manage_digital_meetings_of(meeting.owner_pillar_id))
    return meeting


def get_digital_meeting_for_answer(request, pk: int) -> DigitalMeeting:
    """Answering an invitation on the meeting's page: a signed-in person, for themselves
    (whether they are invited is the service's question: ``not_invited``)."""
    meeting = get_digital_meeting_for_user(request, pk)
    require_reader(request, lambda p: p.may_answer_digital_meetings)
    return meeting


def get_digital_meeting_for_attendance(request, pk: int) -> DigitalMeeting:
    """Recording who attended: the meeting's organisers."""
    meeting = get_digital_meeting_for_user(request, pk)
    require_reader(request, lambda p: p.may_record_meeting_attendance(meeting.owner_pillar_id))
    return meeting
