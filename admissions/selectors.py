"""Reads for the membership pages: the criteria, applications by status and the
evidence for one application. Each runs a fixed number of queries, whatever the number
of members, indicators or values."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import OuterRef, Prefetch, Subquery
from django.utils import timezone

from members.models import City

from .constants import ApplicationStatus, Criterion
from .models import (
    Application,
    ApplicationLetter,
    CriteriaSet,
    CriterionNote,
    Decision,
    Indicator,
    IndicatorValue,
)


def criteria_sets():
    """Every version of the criteria with its notes and indicators (three queries)."""
    return CriteriaSet.objects.order_by("-version").prefetch_related(
        Prefetch("criterion_notes", queryset=CriterionNote.objects.order_by("order")),
        Prefetch("indicators", queryset=Indicator.objects.order_by("order", "name")),
    )


def applications_by_status() -> list[tuple[str, list[Application]]]:
    """Applications grouped by status, open ones first (one query)."""
    applications = list(
        Application.objects.select_related("city", "criteria_set", "advice", "decision").order_by(
            "-received_on", "pk"
        )
    )
    groups = []
    for status, label in ApplicationStatus.choices:
        rows = [a for a in applications if a.status == status]
        if rows:
            groups.append((status, label, rows))
    return groups


def application_with_steps(pk: int) -> Application:
    """An application with its steps and its letter's name (without the letter)."""
    return (
        Application.objects.select_related("city", "criteria_set", "advice", "decision")
        .annotate(
            letter_name=Subquery(
                ApplicationLetter.objects.filter(application=OuterRef("pk")).values("file_name")
            )
        )
        .get(pk=pk)
    )


@dataclass
class Comparison:
    """A member's value next to the applicant's."""

    city: str
    cbs_code: str
    value: Decimal
    year: int


@dataclass
class IndicatorEvidence:
    indicator: Indicator
    value: IndicatorValue | None = None
    rank: int | None = None
    # The members compared (the applicant is never counted among them).
    ranked: int = 0
    members_with_value: int = 0
    same_or_lower: list[Comparison] = field(default_factory=list)
    members_without_value: int = 0


@dataclass
class CriterionEvidence:
    criterion: str
    label: str
    defining: bool
    general_note: str
    note: str
    indicators: list[IndicatorEvidence]


def _more_urban(indicator: Indicator, a: Decimal, b: Decimal) -> bool:
    return a > b if indicator.higher_is_more_urban else a < b


def evidence_date(application: Application) -> datetime.date:
    """The day the evidence is shown as of: the AB's decision, once it has decided
    (the evidence it decided on is frozen); today while the application is open."""
    try:
        return application.decision.decided_on
    except Decision.DoesNotExist:
        return timezone.localdate()


def evidence(application: Application, on: datetime.date | None = None) -> list[CriterionEvidence]:
    """Per criterion of the application's criteria version, per indicator: the
    applicant's latest value, its rank among the members (1 = most urban; ties share a
    rank) and the members that score the same or lower (the report's hard case: "why is
    a member that scores the same a member, and the applicant not?").

    As of ``on`` (default ``evidence_date``: the decision's date once the AB decided):
    the members are those of that day (membership periods), the values those whose
    reference date lies on or before it — a later member or figure never changes the
    evidence a decision rested on. A member is compared with its latest value of the
    same year or earlier. The applicant itself is never among "the members", also after
    its admission, and never counted in "x of N"."""
    on = on or evidence_date(application)
    criteria_set = application.criteria_set
    indicators = list(criteria_set.indicators.order_by("order", "name"))
    general = {n.criterion: n for n in criteria_set.criterion_notes.all()}
    notes = {n.criterion: n.text for n in application.notes.all()}
    members = {
        pk: (name, code)
        for pk, name, code in City.objects.members(on)
        .exclude(pk=application.city_id)
        .values_list("pk", "name", "cbs_code")
    }
    values = IndicatorValue.objects.filter(
        indicator__in=indicators,
        city_id__in=[*members, application.city_id],
        reference_date__lte=on,
    ).order_by("indicator_id", "city_id", "-year")
    applicant_values: dict[int, IndicatorValue] = {}
    member_values: dict[int, dict[int, list[IndicatorValue]]] = {}
    for value in values:
        if value.city_id == application.city_id:
            applicant_values.setdefault(value.indicator_id, value)
        else:
            member_values.setdefault(value.indicator_id, {}).setdefault(value.city_id, []).append(
                value
            )

    by_criterion: dict[str, list[IndicatorEvidence]] = {}
    for indicator in indicators:
        item = IndicatorEvidence(indicator=indicator, value=applicant_values.get(indicator.pk))
        per_city = member_values.get(indicator.pk, {})
        year = item.value.year if item.value else None
        compared: list[Comparison] = []
        for city_id, (name, code) in members.items():
            candidates = per_city.get(city_id, [])
            chosen = next((v for v in candidates if year is None or v.year <= year), None)
            if chosen is None:
                item.members_without_value += 1
                continue
            compared.append(Comparison(name, code, chosen.value, chosen.year))
        item.members_with_value = len(compared)
        if item.value is not None:
            mine = item.value.value
            item.rank = 1 + sum(1 for c in compared if _more_urban(indicator, c.value, mine))
            item.ranked = len(compared)
            lower = [c for c in compared if not _more_urban(indicator, c.value, mine)]
            # The closest first: the members that score the same, then the next lower.
            lower.sort(key=lambda c: (abs(c.value - mine), c.city))
            item.same_or_lower = lower
        by_criterion.setdefault(indicator.criterion, []).append(item)

    result = []
    order = {c: i for i, c in enumerate(Criterion.values)}
    criteria = sorted(
        set(general) | set(by_criterion),
        key=lambda c: (general[c].order if c in general else 99, order.get(c, 99)),
    )
    for criterion in criteria:
        note = general.get(criterion)
        result.append(
            CriterionEvidence(
                criterion=criterion,
                label=Criterion(criterion).label,
                defining=bool(note and note.defining),
                general_note=note.note if note else "",
                note=notes.get(criterion, ""),
                indicators=by_criterion.get(criterion, []),
            )
        )
    return result


def admitted_between(since, until) -> list[Application]:
    """Applications admitted with a membership start in ``[since, until)``."""
    return list(
        Application.objects.filter(
            decision__admitted_from__gte=since, decision__admitted_from__lt=until
        )
        .select_related("city", "decision")
        .order_by("decision__admitted_from", "city__name")
    )
