"""Writes of the participation app: the DB's rule, a city's note. Each takes ``by``
(the acting user), asks ``members.permissions`` again inside its transaction and refuses
with a coded ``ValidationError``; nothing is half-written."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from infra.locking import locked_transaction
from infra.services import require_allowed
from members.actors import actor_name, is_system
from members.models import City
from members.permissions import permissions_for

from .measures import available_measures
from .models import CityNote, InvisibilityCondition, InvisibilityRule, RuleMatch


def _writer(by):
    """The acting person (none for a login without one, or for ``SYSTEM``) and the
    name to keep."""
    person = None if is_system(by) else permissions_for(by).person
    return person, actor_name(by)


def invisibility_rule_set(
    *,
    by,
    period_years: int,
    conditions: dict[str, Decimal],
    year: int | None = None,
    match: str = RuleMatch.ALL,
) -> InvisibilityRule:
    """A new rule (the newest is the rule): the DB only. ``conditions`` maps a measure's
    key to its limit; at least one (``no_conditions``), each a measure an installed app
    offers (``unknown_measure``)."""
    with locked_transaction():
        # Who acts first (issue 22, item 20), then the input.
        require_allowed(is_system(by) or permissions_for(by).may_set_invisibility_rule)
        if not conditions:
            raise ValidationError(
                _("Choose at least one measure for the rule."), code="no_conditions"
            )
        known = {measure.key for measure in available_measures()}
        if set(conditions) - known:
            raise ValidationError(
                _("The rule names a measure that does not exist."), code="unknown_measure"
            )
        person, name = _writer(by)
        rule = InvisibilityRule(
            period_years=period_years,
            set_by=person,
            set_by_name=name,
            year=year or timezone.localdate().year,
            match=match,
        )
        rule.full_clean()
        rule.save()
        for key, at_most in conditions.items():
            condition = InvisibilityCondition(rule=rule, measure_key=key, at_most=at_most)
            condition.full_clean()
            condition.save()
    return rule


def city_note_save(*, by, city: City, text: str) -> CityNote:
    """Write or rewrite the city's note: the DB and the secretariat. The earlier text
    stays in the audit trail."""
    with locked_transaction():
        # Who acts first (issue 22, item 20), then the input.
        require_allowed(is_system(by) or permissions_for(by).may_write_participation_notes)
        text = text.strip()
        if not text:
            raise ValidationError(_("A note cannot be empty."), code="note_empty")
        City.objects.select_for_update().filter(pk=city.pk).first()  # one writer at a time
        note = CityNote.objects.filter(city=city).first() or CityNote(city=city)
        note.text = text
        note.updated_by, note.updated_by_name = _writer(by)
        note.updated_at = timezone.now()
        note.full_clean()
        note.save()
    return note
