"""Reads for the participation pages. Each is a fixed number of queries whatever the
number of cities and years: one for the cities, one call of each measure's ``counts``,
and for the invisible cities one for the rule and one for the notes."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from infra.urls import UrlFor
from members.models import City

from .charts import bar_chart
from .measures import available_measures, figures
from .models import CityNote, InvisibilityRule, RuleMatch


def recent_years(today=None) -> list[int]:
    """The years the pages show "over the years": this one and the ones before it."""
    year = (today or timezone.localdate()).year
    return list(range(year - settings.PARTICIPATION_YEARS_SHOWN + 1, year + 1))


def _total(values) -> int | Decimal:
    return sum(values, 0)


def _shown(value) -> str:
    """A figure as the template showed it (a count as is, hours localised)."""
    return str(value) if type(value) is int else localize(value)


def _rows_markup(rows) -> str:
    """The table's body, a row per city, in one pass (issue 24: a cell per city and
    measure was a template lookup each). Names escaped; the figures are numbers."""
    return mark_safe(
        "".join(
            f'<tr><th scope="row"><a href="{escape(row["url"])}">{escape(row["city"].name)}'
            "</a></th>"
            + "".join(f'<td class="text-end">{_shown(v)}</td>' for v in row["values"])
            + "</tr>"
            for row in rows
        )
    )


def network_context(year: int, measure_key: str | None = None) -> dict:
    """Every member city in ``year``: one table, a row per city and a column per
    measure; the chart of one measure (``measure_key``, default the first: the others
    one link away, so the page draws one chart, not one per measure — issue 24); and
    the network's totals per measure over the recent years."""
    measures = available_measures()
    years = sorted(set(recent_years()) | {year})
    counted = figures(measures, years)
    # The year's members: a city admitted from a later date is not among them yet.
    cities = list(City.objects.members_during(year).only("name", "cbs_code"))
    members_by_year = City.objects.member_ids_by_year(recent_years())
    # One reverse, the code put in per city (a reverse per row was most of the rows' cost).
    city_url = UrlFor("participation:city", "cbs_code", "GM0000")
    rows = [
        {
            "city": city,
            "url": city_url(city.cbs_code),
            "values": [counted[m.key].get((city.pk, year), 0) for m in measures],
        }
        for city in cities
    ]
    chosen = next((m for m in measures if m.key == measure_key), None) or (
        measures[0] if measures else None
    )
    chart = None
    if chosen is not None:
        column = measures.index(chosen)
        chart = bar_chart(
            chart_id=f"chart-{chosen.key}",
            title=_("%(measure)s in %(year)s, per member city")
            % {"measure": chosen.label, "year": year},
            description=str(chosen.definition),
            rows=[(row["city"].name, row["values"][column]) for row in rows],
        )
    shown_years = recent_years()

    def per_year(counts: dict) -> list:
        """The members' figures summed per shown year, in one pass over the counts."""
        sums = dict.fromkeys(shown_years, 0)
        for (city_id, counted_year), value in counts.items():
            if counted_year in sums and city_id in members_by_year[counted_year]:
                sums[counted_year] += value
        return [sums[shown] for shown in shown_years]

    totals = [
        {
            "measure": measure,
            "year_total": _total(row["values"][column] for row in rows),
            "years": per_year(counted[measure.key]),
        }
        for column, measure in enumerate(measures)
    ]
    return {
        "year": year,
        "measures": measures,
        "measure": chosen,
        "chart": chart,
        "rows": rows,
        "rows_markup": _rows_markup(rows),
        "cities": cities,
        "recent_years": shown_years,
        "totals": totals,
    }


def city_context(city: City) -> dict:
    """One city over the recent years: per measure a chart over the years and a table."""
    measures = available_measures()
    years = recent_years()
    counted = figures(measures, years)
    sections = []
    for measure in measures:
        counts = counted[measure.key]
        rows = [(year, counts.get((city.pk, year), 0)) for year in years]
        sections.append(
            {
                "measure": measure,
                "rows": rows,
                "chart": bar_chart(
                    chart_id=f"chart-{measure.key}",
                    title=_("%(measure)s of %(city)s per year")
                    % {"measure": measure.label, "city": city.name},
                    description=str(measure.definition),
                    rows=[(str(year), value) for year, value in rows],
                ),
            }
        )
    return {"city": city, "measures": measures, "years": years, "sections": sections}


def _member_years(years: list[int]) -> dict[int, set[int]]:
    """City → the years of ``years`` in which it was a member on at least one day (one
    query per year, at most ``MAX_PERIOD_YEARS``)."""
    result: dict[int, set[int]] = {}
    for y in years:
        for city_id in City.objects.members_during(y).values_list("pk", flat=True):
            result.setdefault(city_id, set()).add(y)
    return result


def rule_for(year: int | None = None) -> InvisibilityRule | None:
    """The rule the DB set for ``year`` (default: this year): the newest one for that
    year, else the newest one for an earlier year (or one set before years were named),
    which serves until the DB sets one for the year."""
    year = year or timezone.localdate().year
    rules = InvisibilityRule.objects.prefetch_related("conditions").order_by("-set_at", "-pk")
    return (
        rules.filter(year=year).first()
        or rules.filter(Q(year__lt=year) | Q(year__isnull=True)).first()
    )


def current_rule() -> InvisibilityRule | None:
    return rule_for()


def invisible_context(rule: InvisibilityRule | None, year: int | None = None) -> dict:
    """The cities the rule matches for ``year`` (default: the rule's year, else this
    year), each explained condition by condition: the figure behind it (summed over the
    years of the period in which the city was a member) and whether it holds. A city
    that was a member in none of those years — not yet a member — is never flagged. A
    condition on a measure no installed app offers any more cannot be judged: it is
    shown, and the rule matches nobody until it is changed."""
    measures = {measure.key: measure for measure in available_measures()}
    if rule is None:
        return {"rule": None, "matches": [], "conditions": [], "unknown": []}
    conditions = list(rule.conditions.all())
    known = [c for c in conditions if c.measure_key in measures]
    unknown = [c for c in conditions if c.measure_key not in measures]
    year = year or rule.year or timezone.localdate().year
    years = rule.years(year=year)
    counted = figures([measures[c.measure_key] for c in known], years)
    member_years = _member_years(years)
    # Judged: the cities that are a member in the rule's year itself (not a city admitted
    # from a later date, nor one that left before it).
    judged_ids = [city_id for city_id, member in member_years.items() if year in member]
    cities = list(City.objects.filter(pk__in=judged_ids).only("name", "cbs_code").order_by("name"))
    notes = {
        note.city_id: note
        for note in CityNote.objects.filter(city__in=City.objects.members()).select_related("city")
    }
    matches = []
    every = rule.match != RuleMatch.ANY
    for city in cities:
        judged = [y for y in years if y in member_years[city.pk]]
        values = []
        for condition in known:
            value = _total(counted[condition.measure_key].get((city.pk, y), 0) for y in judged)
            values.append(
                {
                    "condition": condition,
                    "measure": measures[condition.measure_key],
                    "value": value,
                    "holds": value <= condition.at_most,
                }
            )
        holds = [v["holds"] for v in values]
        if known and not unknown and (all(holds) if every else any(holds)):
            matches.append(
                {
                    "city": city,
                    "values": values,
                    "note": notes.get(city.pk),
                    "judged_years": judged,
                    "reasons": [v for v in values if v["holds"]],
                }
            )
    return {
        "rule": rule,
        "year": year,
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
