"""What the letters app holds about a person (for accounts' export and erasure).

A person's council-clerk or college-contact roles are members' data. Here: a
subscription of the person's address, and confirmations of their roles after an
election. Erasing deletes the subscription; confirmations go with the role. Letters keep
who drafted and approved them only as a login (set to nothing when the login is
deleted); the public archive never shows either."""

from .models import RoleConfirmation, Subscriber


def collect(person) -> dict:
    subscriber = Subscriber.objects.filter(email=person.email.lower()).first()
    return {
        "letter_subscription": (
            {
                "email": subscriber.email,
                "requested_at": subscriber.requested_at.isoformat(),
                "confirmed_at": (
                    subscriber.confirmed_at.isoformat() if subscriber.confirmed_at else None
                ),
            }
            if subscriber
            else None
        ),
        "role_confirmations": [
            {"election": c.election.name, "role": c.role.kind, "confirmed_on": str(c.confirmed_on)}
            for c in RoleConfirmation.objects.filter(role__person=person).select_related(
                "election", "role"
            )
        ],
    }


def erase(person) -> None:
    Subscriber.objects.filter(email=person.email.lower()).delete()
