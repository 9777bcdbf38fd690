"""Reads for the participation pages. Each is a fixed number of queries whatever the
number of cities and years: one for the cities, one call of each measure's ``counts``,
and for the invisible cities one for the rule and one for the notes."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import City

from .charts import bar_chart
from .measures import available_measures, figures
from .models import CityNote, InvisibilityRule


def recent_years(today=None) -> list[int]:
    """The years the pages show "over the years": this one and the ones before it."""
    year = (today or timezone.localdate()).year
    return list(range(year - settings.PARTICIPATION_YEARS_SHOWN + 1, year + 1))


def _total(values) -> int | Decimal:
    return sum(values, 0)


def network_context(year: int) -> dict:
    """Every member city in ``year``: per measure a chart over the cities and the same
    figures as a table; and the network's totals per measure over the recent years."""
    measures = available_measures()
    years = sorted(set(recent_years()) | {year})
    counted = figures(measures, years)
    # The year's members: a city admitted from a later date is not among them yet.
    cities = list(City.objects.members_during(year).only("name", "cbs_code"))
    members_by_year = City.objects.member_ids_by_year(recent_years())
    sections = []
    for measure in measures:
        counts = counted[measure["key"]]
        rows = [(city, counts.get((city.pk, year), 0)) for city in cities]
        sections.append(
            {
                "measure": measure,
                "rows": rows,
                "total": _total(value for _city, value in rows),
                "chart": bar_chart(
                    chart_id=f"chart-{measure['key']}",
                    title=_("%(measure)s in %(year)s, per member city")
                    % {"measure": measure["label"], "year": year},
                    description=str(measure["definition"]),
                    rows=[(city.name, value) for city, value in rows],
                ),
            }
        )
    totals = [
        {
            "measure": measure,
            "years": [
                _total(
                    value
                    for (city_id, counted_year), value in counted[measure["key"]].items()
                    if counted_year == shown and city_id in members_by_year[shown]
                )
                for shown in recent_years()
            ],
        }
        for measure in measures
    ]
    return {
        "year": year,
        "measures": measures,
        "sections": sections,
        "cities": cities,
        "recent_years": recent_years(),
        "totals": totals,
    }


def city_context(city: City) -> dict:
    """One city over the recent years: per measure a chart over the years and a table."""
    measures = available_measures()
    years = recent_years()
    counted = figures(measures, years)
    sections = []
    for measure in measures:
        counts = counted[measure["key"]]
        rows = [(year, counts.get((city.pk, year), 0)) for year in years]
        sections.append(
            {
                "measure": measure,
                "rows": rows,
                "chart": bar_chart(
                    chart_id=f"chart-{measure['key']}",
                    title=_("%(measure)s of %(city)s per year")
                    % {"measure": measure["label"], "city": city.name},
                    description=str(measure["definition"]),
                    rows=[(str(year), value) for year, value in rows],
                ),
            }
        )
    return {"city": city, "measures": measures, "years": years, "sections": sections}


def current_rule() -> InvisibilityRule | None:
    return (
        InvisibilityRule.objects.prefetch_related("conditions").order_by("-set_at", "-pk").first()
    )


def invisible_context(rule: InvisibilityRule | None) -> dict:
    """The cities the rule matches, each with the figures behind it (summed over the
    rule's period) and its note. A condition on a measure no installed app offers any
    more cannot be judged: it is shown, and the rule matches nobody until it is changed."""
    measures = {measure["key"]: measure for measure in available_measures()}
    if rule is None:
        return {"rule": None, "matches": [], "conditions": [], "unknown": []}
    conditions = list(rule.conditions.all())
    known = [c for c in conditions if c.measure_key in measures]
    unknown = [c for c in conditions if c.measure_key not in measures]
    years = rule.years()
    counted = figures([measures[c.measure_key] for c in known], years)
    cities = list(City.objects.members().only("name", "cbs_code"))
    notes = {
        note.city_id: note
        for note in CityNote.objects.filter(city__in=City.objects.members()).select_related("city")
    }
    matches = []
    matched_ids = set()
    for city in cities:
        values = [
            {
                "condition": condition,
                "measure": measures[condition.measure_key],
                "value": _total(
                    counted[condition.measure_key].get((city.pk, year), 0) for year in years
                ),
            }
            for condition in known
        ]
        if known and not unknown and all(v["value"] <= v["condition"].at_most for v in values):
            matches.append({"city": city, "values": values, "note": notes.get(city.pk)})
            matched_ids.add(city.pk)
    return {
        "rule": rule,
        "years": years,
        "conditions": [{"condition": c, "measure": measures[c.measure_key]} for c in known],
        "unknown": unknown,
        "matches": matches,
        "notes_elsewhere": [
            note
            for city_id, note in notes.items()
            if city_id not in {m["city"].pk for m in matches}
        ],
    }
