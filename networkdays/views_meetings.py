"""One's calendar subscription, and digital meetings of pillars and theme groups."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)

from members.permissions import permissions_for

from . import services, services_meetings
from .access import (
    get_digital_meeting_for_management,
    get_digital_meeting_for_user,
    get_person_for_calendar,
    require_meeting_planner,
    require_reader,
)
from .calendar import CONTENT_TYPE, digital_meeting_ics, feed_ics
from .constants import NetworkDayStatus, RegistrationStatus
from .forms import DigitalMeetingForm, MeetingAnswerForm
from .models import CalendarFeed, NetworkDay
from .selectors import digital_meetings_for_person, meeting_invitation_rows

# --- calendar ---------------------------------------------------------------------


@require_GET
def my_calendar(request: HttpRequest) -> HttpResponse:
    person = require_reader(request).person
    feed = CalendarFeed.objects.filter(person=person).first() if person else None
    feed_url = request.build_absolute_uri(feed.get_absolute_url()) if feed else ""
    return render(
        request,
        "networkdays/calendar_feed.html",
        {"person": person, "feed": feed, "feed_url": feed_url},
    )


@require_POST
def calendar_feed_regenerate(request: HttpRequest) -> HttpResponse:
    person = get_person_for_calendar(request)
    services.calendar_feed_regenerate(person=person, by=request.user)
    messages.success(request, _("Your calendar address is new; the old address no longer works."))
    return redirect("networkdays:my_calendar")


@require_POST
def calendar_feed_revoke(request: HttpRequest) -> HttpResponse:
    person = get_person_for_calendar(request)
    services.calendar_feed_revoke(person=person, by=request.user)
    messages.success(request, _("Your calendar address has been switched off."))
    return redirect("networkdays:my_calendar")


@require_safe
@login_not_required
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The subscription feed: calendar apps fetch it without a login, so the secret
    token in the address is the key. It holds only the days the person is registered
    for (confirmed or waiting) and the digital meetings they are invited to."""
    feed = get_object_or_404(CalendarFeed.objects.select_related("person"), token=token)
    days = NetworkDay.objects.filter(
        registrations__person=feed.person,
        registrations__status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING],
    ).exclude(status=NetworkDayStatus.DRAFT)
    meetings = digital_meetings_for_person(feed.person)
    response = HttpResponse(feed_ics(days, meetings), content_type=CONTENT_TYPE)
    response["Cache-Control"] = "private, max-age=900"
    return response


# --- digital meetings -------------------------------------------------------------


def _meeting_form(request, instance=None):
    return DigitalMeetingForm(
        request.POST or None,
        instance=instance,
        pillar_ids=permissions_for(request.user).may_plan_meetings_for_pillars,
    )


@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest) -> HttpResponse:
    require_meeting_planner(request)
    return _meeting_save(request, _meeting_form(request))


@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_digital_meeting_for_management(request, pk)
    return _meeting_save(request, _meeting_form(request, instance=meeting), meeting)


def _meeting_save(request, form, meeting=None):
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services_meetings.digital_meeting_save(meeting=form.instance, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The digital meeting has been saved; invitations are sent.")
            )
            return redirect(meeting)
    return render(request, "networkdays/meeting_form.html", {"form": form, "meeting": meeting})


@require_GET
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The meeting; an invitee's answer form; per city: invited, answered, present. Each
    invitee's answer and attendance only for its organisers (no list of people's
    answers for everyone)."""
    meeting = get_digital_meeting_for_user(request, pk)
    permissions = permissions_for(request.user)
    invitees = meeting_invitation_rows(meeting)
    me = permissions.person.pk if permissions.person is not None else None
    now = timezone.now()
    return render(
        request,
        "networkdays/meeting_detail.html",
        {
            "meeting": meeting,
            "invitees": invitees,
            "my_row": next(
                (r for r in invitees["rows"] if r["person"].pk == me and not r["former"]), None
            ),
            "answer_form": MeetingAnswerForm(),
            "started": now >= meeting.starts_at,
            "over": now >= meeting.ends_at,
            "may_manage": permissions.may_manage_digital_meetings_of(meeting.owner_pillar_id),
            "may_record_attendance": permissions.may_record_meeting_attendance(
                meeting.owner_pillar_id
            ),
        },
    )


@require_safe
def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_digital_meeting_for_user(request, pk)
    response = HttpResponse(digital_meeting_ics(meeting), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="overleg-{meeting.pk}.ics"'
    return response
