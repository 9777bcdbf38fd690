"""What the network days hold about a person (for accounts' export and erasure).

Erasing clears needs and the calendar feed; registrations stay (anonymous with the
person's placeholder name), so that attendance counts per city do not change."""

from .models import CalendarFeed, MeetingInvitation, Registration


def collect(person) -> dict:
    registrations = Registration.objects.filter(person=person).select_related("network_day")
    return {
        "registrations": [
            {
                "network_day": r.network_day.title,
                "date": r.network_day.date.isoformat(),
                "status": r.status,
                "registered_at": r.queued_at.isoformat(),
                "dietary_needs": r.dietary_needs,
                "accessibility_needs": r.accessibility_needs,
                "present_since": r.checked_in_at.isoformat() if r.checked_in_at else None,
            }
            for r in registrations
        ],
        "calendar_feed": CalendarFeed.objects.filter(person=person).exists(),
        # Answers and attendance stay on erasure (counts per city), like registrations.
        "digital_meeting_invitations": [
            {
                "meeting": i.meeting.title,
                "starts_at": i.meeting.starts_at.isoformat(),
                "answer": i.answer,
                "attended": i.attended,
            }
            for i in MeetingInvitation.objects.filter(person=person).select_related("meeting")
        ],
    }


def erase(person) -> None:
    Registration.objects.filter(person=person).update(dietary_needs="", accessibility_needs="")
    CalendarFeed.objects.filter(person=person).delete()
