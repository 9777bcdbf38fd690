"""What the theme-groups app holds about a person, for their own download and for
erasure. Seats and support stay (the network's counts per city must add up); the
person's name disappears from them with the person. The group's history is the audit
trail, which the audit app scrubs (audit/personal_data.py)."""

from .models import Membership, ReviewDecision, SupportAssignment

ERASED = "—"


def collect(person) -> dict:
    return {
        "memberships": [
            {
                "theme_group": m.theme_group.name,
                "role": m.role,
                "joined_on": m.joined_on.isoformat() if m.joined_on else None,
            }
            for m in Membership.objects.filter(person=person).select_related("theme_group")
        ],
        "support": [
            {
                "theme_group": s.theme_group.name,
                "hours_per_month": str(s.hours_per_month),
                "starts_on": s.starts_on.isoformat(),
                "ends_on": s.ends_on.isoformat(),
            }
            for s in SupportAssignment.objects.filter(person=person).select_related("theme_group")
        ],
        "review_decisions": [
            {
                "theme_group": d.theme_group.name,
                "outcome": d.outcome,
                "reason": d.reason,
                "decided_at": d.decided_at.isoformat(),
            }
            for d in ReviewDecision.objects.filter(decided_by_person=person).select_related(
                "theme_group"
            )
        ],
    }


def erase(person) -> None:
    ReviewDecision.objects.filter(decided_by_person=person).update(decided_by_name=ERASED)
