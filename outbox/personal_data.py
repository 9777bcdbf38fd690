"""Mail kept for a person until the retention period ends."""

from .models import OutgoingMail


def _mails_to(email: str) -> list[OutgoingMail]:
    # A text match narrows it down on every database; the exact check is made here.
    candidates = OutgoingMail.objects.filter(to__icontains=email).only(
        "pk", "to", "subject", "created_at"
    )
    return [mail for mail in candidates if email in mail.to]


def collect(person) -> dict:
    return {
        "mails": [
            {"subject": m.subject, "created_at": m.created_at.isoformat()}
            for m in _mails_to(person.email)
        ]
    }


def erase(person) -> None:
    OutgoingMail.objects.filter(pk__in=[m.pk for m in _mails_to(person.email)]).delete()
