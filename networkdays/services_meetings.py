"""Digital meetings: saving one (and inviting its people), the answers to their
invitations (yes / no / maybe) and their attendance.

- Answering by the RSVP link (no login): the link is signed (``rsvp.py``) and works
  once; its random code is stored in ``RsvpTokenUse`` under a unique constraint, inside
  the transaction that records the answer, so that two uses at the same moment give one
  answer and one refusal (``token_used``).
- Answering on the meeting's page: a signed-in invitee, for themselves.
- Attendance: the meeting's organisers (``may_record_meeting_attendance``), once the
  meeting has started (``meeting_not_started`` before).

Every refusal is a ``ValidationError`` with a code; nothing is written then.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from infra.locking import locked_transaction
from infra.services import require_allowed
from members.actors import acting_person
from members.permissions import permissions_for
from themegroups.rules import lock_groups_to_write

from . import mails
from .constants import NetworkDayStatus, RsvpAnswer
from .models import DigitalMeeting, MeetingInvitation, NetworkDay, RsvpTokenUse
from .rsvp import rsvp_token_read
from .selectors import digital_meeting_invitees


def invitations_ensure(meeting: DigitalMeeting) -> list[MeetingInvitation]:
    """The invitations of the meeting's current invitees, made where missing (inside the
    caller's transaction). Earlier invitees keep theirs: what was counted stays."""
    people = digital_meeting_invitees(meeting)
    MeetingInvitation.objects.bulk_create(
        [MeetingInvitation(meeting=meeting, person=person) for person in people],
        ignore_conflicts=True,
    )
    return list(
        MeetingInvitation.objects.filter(meeting=meeting, person__in=people).select_related(
            "person"
        )
    )


def _lock_meeting(meeting_id: int) -> DigitalMeeting:
    meeting = DigitalMeeting.objects.select_for_update().filter(pk=meeting_id).first()
    if meeting is None:
        raise ValidationError(_("This meeting no longer exists."), code="meeting_gone")
    return meeting


def _invitation_of(meeting: DigitalMeeting, person_id: int) -> MeetingInvitation:
    """The person's invitation, locked; made for a current invitee who has none yet
    (a meeting planned before invitations were kept, a member who joined later)."""
    invitation = (
        MeetingInvitation.objects.select_for_update().filter(meeting=meeting, person_id=person_id)
    ).first()
    if invitation is None and any(p.pk == person_id for p in digital_meeting_invitees(meeting)):
        invitations_ensure(meeting)
        invitation = MeetingInvitation.objects.select_for_update().get(
            meeting=meeting, person_id=person_id
        )
    if invitation is None:
        raise ValidationError(_("You are not invited to this meeting."), code="not_invited")
    return invitation


def _answer(meeting: DigitalMeeting, invitation: MeetingInvitation, answer: str) -> None:
    if answer not in RsvpAnswer.values:
        raise ValidationError(_("Choose yes, no or maybe."), code="answer_unknown")
    if timezone.now() >= meeting.ends_at:
        raise ValidationError(
            _("This meeting is over; answers are no longer taken."), code="meeting_over"
        )
    invitation.answer = answer
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["answer", "answered_at"])


def meeting_answer_by_link(*, meeting_id: int, token: str, answer: str, user=None):
    """Answer with the RSVP link. ``user``: who is signed in, if anyone; a link opened
    while signed in as someone else is refused (``token_other_person``). Returns the
    invitation."""
    parsed = _read_for(token, meeting_id, user)
    with locked_transaction():
        meeting = _lock_meeting(parsed.meeting_id)
        invitation = _invitation_of(meeting, parsed.person_id)
        try:
            with transaction.atomic():
                RsvpTokenUse.objects.create(nonce=parsed.nonce, invitation=invitation)
        except IntegrityError:
            raise ValidationError(
                _("This link has been used already. Answer on the meeting's page to change it."),
                code="token_used",
            ) from None
        _answer(meeting, invitation, answer)
    return invitation


def _read_for(token: str, meeting_id: int, user):
    """The link's content; refused when someone other than its invitee is signed in."""
    parsed = rsvp_token_read(token, meeting_id=meeting_id)
    if user is not None and user.is_authenticated:
        person = permissions_for(user).person
        if person is None or person.pk != parsed.person_id:
            raise ValidationError(
                _("This link was sent to someone else. Answer on the meeting's page instead."),
                code="token_other_person",
            )
    return parsed


def rsvp_link_state(token: str, *, meeting_id: int, user=None):
    """What the RSVP page shows on opening (a GET changes nothing): the invitation the
    link is for, or the refusal it would get."""
    parsed = _read_for(token, meeting_id, user)
    if RsvpTokenUse.objects.filter(nonce=parsed.nonce).exists():
        raise ValidationError(
            _("This link has been used already. Answer on the meeting's page to change it."),
            code="token_used",
        )
    invitation = (
        MeetingInvitation.objects.select_related("meeting")
        .filter(meeting_id=parsed.meeting_id, person_id=parsed.person_id)
        .first()
    )
    if invitation is None:
        raise ValidationError(_("You are not invited to this meeting."), code="not_invited")
    return invitation


def meeting_answer(*, by, meeting: DigitalMeeting, answer: str) -> MeetingInvitation:
    """A signed-in invitee answers for themselves on the meeting's page."""
    with locked_transaction():
        person = acting_person(by, lambda p: p.may_answer_digital_meetings)
        require_allowed(person is not None)
        meeting = _lock_meeting(meeting.pk)
        invitation = _invitation_of(meeting, person.pk)
        _answer(meeting, invitation, answer)
    return invitation


def meeting_attendance_record(
    *, by, meeting: DigitalMeeting, present: Iterable[int]
) -> list[MeetingInvitation]:
    """Record who attended: the invitees in ``present`` (person ids) attended, the other
    invitees did not. Not before the meeting starts (``meeting_not_started``); only
    invitees (``not_invited``)."""
    present = set(present)
    with locked_transaction():
        meeting = _lock_meeting(meeting.pk)
        recorder = acting_person(
            by, lambda p: p.may_record_meeting_attendance(meeting.owner_pillar_id)
        )
        now = timezone.now()
        if now < meeting.starts_at:
            raise ValidationError(
                _("Attendance can be recorded once the meeting has started."),
                code="meeting_not_started",
            )
        invitations_ensure(meeting)
        invitations = list(
            MeetingInvitation.objects.select_for_update()
            .filter(meeting=meeting)
            .select_related("person")
        )
        if present - {i.person_id for i in invitations}:
            raise ValidationError(
                _("Only invitees can be recorded as present."), code="not_invited"
            )
        for invitation in invitations:  # one save each: each is in the audit trail
            invitation.attended = invitation.person_id in present
            invitation.attendance_recorded_at = now
            invitation.attendance_recorded_by = recorder
            invitation.save(
                update_fields=["attended", "attendance_recorded_at", "attendance_recorded_by"]
            )
    return invitations


def rsvp_links_purge(*, now=None) -> int:
    """Forget used RSVP links once no link could still be valid: a link is used before
    it expires, so ``DIGITAL_MEETING_RSVP_LINK_DAYS`` after its use it has expired, and
    its signature refuses it (``token_expired``) without the stored code. Returns how
    many were deleted (a daily task)."""
    import datetime

    from django.conf import settings

    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.DIGITAL_MEETING_RSVP_LINK_DAYS)
    deleted, _counts = RsvpTokenUse.objects.filter(used_at__lt=cutoff).delete()
    return deleted


# --- digital meetings -------------------------------------------------------------


def _check_no_network_day_clash(meeting: DigitalMeeting) -> None:
    """A digital meeting never takes the time of a network day (the report: digital
    meetings must not replace network days): one overlapping the hours of a day that is
    not cancelled is refused, naming the day (code ``network_day_clash``)."""
    start = timezone.localtime(meeting.starts_at)
    end = timezone.localtime(meeting.ends_at)
    days = NetworkDay.objects.exclude(status=NetworkDayStatus.CANCELLED).filter(
        date__gte=start.date(), date__lte=end.date()
    )
    for day in days.order_by("date"):
        day_start = timezone.make_aware(datetime.datetime.combine(day.date, day.starts_at))
        day_end = timezone.make_aware(datetime.datetime.combine(day.date, day.ends_at))
        if start < day_end and day_start < end:
            raise ValidationError(
                {
                    "starts_at": ValidationError(
                        _(
                            "On %(date)s the network day “%(title)s” runs from %(start)s to "
                            "%(end)s; a digital meeting does not replace a network day. "
                            "Choose another time."
                        )
                        % {
                            "date": date_format(day.date, "j F Y"),
                            "title": day.title,
                            "start": day.starts_at.strftime("%H:%M"),
                            "end": day.ends_at.strftime("%H:%M"),
                        },
                        code="network_day_clash",
                    )
                }
            )


def digital_meeting_save(*, by, meeting: DigitalMeeting, durable: bool = True) -> DigitalMeeting:
    """Create or change a digital meeting and invite its people (again, with a higher
    SEQUENCE, when the time or link changes). Not counted toward the yearly cap. ``by``
    must manage the meetings of the meeting's pillar, before and after the change. A theme
    group that has ended or was refused gets no meeting, and its meetings stay as they
    are (code ``read_only``). ``durable=False`` only for the admin, which saves inside
    its own transaction."""
    with locked_transaction(durable=durable):
        _check_no_network_day_clash(meeting)
        previous = None
        if meeting.pk:
            previous = DigitalMeeting.objects.select_for_update().filter(pk=meeting.pk).first()
        owners = {meeting.owner_pillar_id}
        if previous is not None:
            owners.add(previous.owner_pillar_id)
        acting = acting_person(
            by, lambda p: all(p.may_manage_digital_meetings_of(owner) for owner in owners)
        )
        meeting.full_clean()  # after who acts (issue 22, item 20)
        lock_groups_to_write(
            {meeting.theme_group_id, previous.theme_group_id if previous else None}
        )
        if previous is None:
            meeting.created_by = meeting.created_by or acting
            meeting.save()
            invite = True
        else:
            invite = any(
                getattr(previous, f) != getattr(meeting, f)
                for f in (
                    "title",
                    "starts_at",
                    "ends_at",
                    "online_link",
                    "agenda",
                    "invite_theme_group_members",
                )
            )
            if invite:
                meeting.sequence = previous.sequence + 1
            meeting.save()
        if invite:
            # Each invitee's invitation is kept (answers, attendance), with an RSVP link.
            for invitation in invitations_ensure(meeting):
                mails.digital_meeting_invitation(meeting, invitation)
    return meeting
