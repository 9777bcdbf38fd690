"""Demo: the DB chair's "onzichtbaar" rule (nobody present at a network day and no
theme-group seat this year) and a note on one city it matches. Idempotent: once a rule
exists, nothing is added. Runs after the apps whose figures it reads."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from members.models import Person

from .models import CityNote, InvisibilityCondition, InvisibilityRule
from .selectors import invisible_context

CHAIR_EMAIL = "h.molenaar@example.org"


def load() -> list[tuple[str, str]]:
    if InvisibilityRule.objects.exists():
        return []
    chair = Person.objects.filter(email=CHAIR_EMAIL).first()
    name = chair.name if chair else "DB"
    with transaction.atomic():
        rule = InvisibilityRule.objects.create(
            period_years=1, set_by=chair, set_by_name=name, year=timezone.localdate().year
        )
        for key in ("network_days_present", "theme_group_seats"):
            InvisibilityCondition.objects.create(rule=rule, measure_key=key, at_most=Decimal(0))
        matches = invisible_context(rule)["matches"]
        if matches:
            CityNote.objects.get_or_create(
                city=matches[0]["city"],
                defaults={
                    "text": (
                        "Gebeld met de gemeentesecretaris: de netwerkdagen vielen dit jaar "
                        "steeds op raadsvergaderingen. Afgesproken: de wethouder krijgt de "
                        "data voor volgend jaar nu al, en een ambtenaar sluit aan bij de "
                        "themagroep Woningmarkt."
                    ),
                    "updated_by": chair,
                    "updated_by_name": name,
                    "updated_at": timezone.now(),
                },
            )
    return []
