"""What the admissions app holds about a person, for their own download and for
erasure: the DB's advice and the AB's decisions they recorded (criteria and
applications). The steps stay (they are the network's record); the person's name
disappears from them with the person. The applicant's contact is no Person: it is
blanked by the retention purge (``application_contacts_purge``)."""

from .models import Advice, Decision

ERASED = "—"


def collect(person) -> dict:
    def steps(model, day):
        return [
            {
                "application": step.application.city.name,
                "outcome": step.outcome,
                "reasons": step.reasons,
                "date": getattr(step, day).isoformat(),
            }
            for step in model.objects.filter(recorded_by_person=person).select_related(
                "application__city"
            )
        ]

    return {
        "membership_advice": steps(Advice, "advised_on"),
        "membership_decisions": steps(Decision, "decided_on"),
    }


def erase(person) -> None:
    for model in (Advice, Decision):
        model.objects.filter(recorded_by_person=person).update(recorded_by_name=ERASED)
