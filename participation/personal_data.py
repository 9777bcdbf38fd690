"""What the participation app holds about a person: the rules they set and the notes
they wrote. Figures are per city and hold nobody. Erasure keeps the rule and the note
(the network's record) without the writer's name."""

from .models import CityNote, InvisibilityRule

ERASED = "—"


def collect(person) -> dict:
    return {
        "invisibility_rules_set": [
            rule.set_at.isoformat() for rule in InvisibilityRule.objects.filter(set_by=person)
        ],
        "notes_written": [
            {"city": note.city.name, "text": note.text, "written_at": note.updated_at.isoformat()}
            for note in CityNote.objects.filter(updated_by=person).select_related("city")
        ],
    }


def erase(person) -> None:
    InvisibilityRule.objects.filter(set_by=person).update(set_by_name=ERASED)
    CityNote.objects.filter(updated_by=person).update(updated_by_name=ERASED)
