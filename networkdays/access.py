"""Access helpers: every view calls one of these first. 404 for what the user may not
see (drafts, another city's registrations), 403 for what they may see but not do."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from members.models import Person
from members.permissions import permissions_for

from .constants import NetworkDayStatus
from .models import DigitalMeeting, NetworkDay, ProgrammeSession, Registration


def get_network_day_for_user(request, pk: int) -> NetworkDay:
    """Published and cancelled days are for every signed-in user; drafts only for those
    who manage days."""
    day = get_object_or_404(NetworkDay.objects.select_related("host_city"), pk=pk)
    if day.status == NetworkDayStatus.DRAFT and not (
        permissions_for(request.user).may_manage_network_days
    ):
        raise Http404
    return day


def get_network_day_for_management(request, pk: int) -> NetworkDay:
    day = get_network_day_for_user(request, pk)
    if not permissions_for(request.user).may_manage_network_days:
        raise PermissionDenied
    return day


def get_network_day_for_attendees(request, pk: int) -> NetworkDay:
    """Attendee lists, exports and check-in: the secretariat and the event bureau."""
    day = get_network_day_for_user(request, pk)
    if not permissions_for(request.user).may_see_attendees:
        raise PermissionDenied
    return day


def get_programme_session_for_management(request, pk: int) -> ProgrammeSession:
    session = get_object_or_404(ProgrammeSession.objects.select_related("network_day"), pk=pk)
    get_network_day_for_management(request, session.network_day_id)
    return session


def get_registration_for_user(request, pk: int) -> Registration:
    """A registration to cancel or pass on: one's own, a colleague's for the contact of
    the same city, any for the secretariat. Another city's registration is a 404."""
    registration = get_object_or_404(
        Registration.objects.select_related("person__city", "network_day__host_city"), pk=pk
    )
    if not permissions_for(request.user).may_act_for_person(registration.person):
        raise Http404
    return registration


def get_registration_for_check_in(request, pk: int) -> Registration:
    registration = get_object_or_404(
        Registration.objects.select_related("person", "network_day"), pk=pk
    )
    if not permissions_for(request.user).may_see_attendees:
        raise Http404
    return registration


def get_person_to_register(request, pk: int) -> Person:
    """Whom the user may register: themselves, or (contact, secretariat) colleagues."""
    person = get_object_or_404(Person.objects.select_related("city"), pk=pk)
    if not permissions_for(request.user).may_act_for_person(person):
        raise Http404
    return person


def people_user_may_register(request):
    """The people the user may register or pass a place on to."""
    permissions = permissions_for(request.user)
    if permissions.is_secretariat:
        return Person.objects.select_related("city").order_by("city__name", "name")
    if permissions.is_city_contact:
        return Person.objects.filter(city_id=permissions.city_id).order_by("name")
    if permissions.person is not None:
        return Person.objects.filter(pk=permissions.person.pk)
    return Person.objects.none()


def get_digital_meeting_for_user(request, pk: int) -> DigitalMeeting:
    return get_object_or_404(DigitalMeeting.objects.select_related("pillar", "theme_group"), pk=pk)


def get_digital_meeting_for_management(request, pk: int) -> DigitalMeeting:
    meeting = get_digital_meeting_for_user(request, pk)
    if not permissions_for(request.user).may_manage_digital_meetings_of(meeting.owner_pillar_id):
        raise PermissionDenied
    return meeting
