"""Answers to digital meetings (yes / no / maybe) and their attendance.

The RSVP page is public: the signed, single-use link in the invitation mail is its key.
Opening it changes nothing (mail scanners follow links); its form POSTs. It shows only
what the invitee needs: the meeting's title and time, and their own answer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from .access import get_digital_meeting_for_answer, get_digital_meeting_for_attendance
from .forms import MeetingAnswerForm, MeetingAttendanceForm
from .selectors import meeting_invitation_rows
from .services_meetings import (
    meeting_answer,
    meeting_answer_by_link,
    meeting_attendance_record,
    rsvp_link_state,
)

# The status of each refusal of the RSVP page: gone for a link that did its work.
REFUSAL_STATUS = {
    "token_expired": 410,
    "token_used": 410,
    "meeting_over": 410,
    "token_other_person": 403,
    "not_invited": 403,
}


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def meeting_rsvp(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    form = MeetingAnswerForm(request.POST or None)
    invitation = error = None
    answered = False
    try:
        invitation = rsvp_link_state(token, meeting_id=pk, user=request.user)
    except ValidationError as refusal:
        error = refusal
    if request.method == "POST" and error is None and form.is_valid():
        try:
            invitation = meeting_answer_by_link(
                meeting_id=pk, token=token, answer=form.cleaned_data["answer"], user=request.user
            )
            answered = True
        except ValidationError as refusal:
            error = refusal
    status = REFUSAL_STATUS.get(error.code, 400) if error is not None else 200
    response = render(
        request,
        "networkdays/meeting_rsvp.html",
        {
            "form": form,
            "invitation": invitation,
            "meeting": invitation.meeting if invitation is not None else None,
            "error": " ".join(error.messages) if error is not None else "",
            "answered": answered,
        },
        status=status,
    )
    # The link is a key: never sent on to another site (as a referrer), never indexed.
    # ("no-referrer" would make the browser send "Origin: null" with the form, which
    # the CSRF check rightly refuses.)
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_POST
def meeting_answer_view(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_digital_meeting_for_answer(request, pk)
    form = MeetingAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose yes, no or maybe."))
        return redirect(meeting)
    try:
        invitation = meeting_answer(
            meeting=meeting, answer=form.cleaned_data["answer"], by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Your answer has been saved: %(answer)s.")
            % {"answer": invitation.get_answer_display()},
        )
    return redirect(meeting)


@require_http_methods(["GET", "POST"])
def meeting_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_digital_meeting_for_attendance(request, pk)
    invitees = meeting_invitation_rows(meeting)
    form = MeetingAttendanceForm(request.POST or None, rows=invitees["rows"])
    if request.method == "POST" and form.is_valid():
        try:
            meeting_attendance_record(
                meeting=meeting,
                present=[int(pk) for pk in form.cleaned_data["present"]],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Attendance has been recorded."))
            return redirect(meeting)
    return render(
        request,
        "networkdays/meeting_attendance.html",
        {"meeting": meeting, "form": form, "invitees": invitees},
    )
