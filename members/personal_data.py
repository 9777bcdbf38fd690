"""What the members app holds about a person, for the person's own download and for
erasure by the secretariat."""

from .models import Person


def collect(person: Person) -> dict:
    return {
        "name": person.name,
        "email": person.email,
        "phone": person.phone,
        "city": person.city.name,
        "function": person.function,
        "roles": [
            {
                "role": role.kind,
                "board_position": role.board_position,
                "pillar": role.pillar.name if role.pillar_id else None,
                "starts_on": role.starts_on.isoformat(),
                "ends_on": role.ends_on.isoformat() if role.ends_on else None,
            }
            for role in person.roles.select_related("pillar")
        ],
    }


def erase(person: Person) -> None:
    person.roles.all().delete()
    person.name = "—"
    person.email = f"erased-{person.pk}@erased.invalid"
    person.phone = ""
    person.user = None
    person.save()
