"""Every participation measure the installed apps offer, through the hook
``<app>/participation.py`` ``measures()`` (hooks.md #2). This app imports no feature:
an app that is not installed offers no measure, so its column is absent, not zero."""

from __future__ import annotations

from collections.abc import Iterable

from infra.registry import PARTICIPATION_MEASURES, ParticipationMeasure, offered

# The order on the page, by the start of a measure's key; the rest after, as found.
ORDER = ("network_days", "digital_meetings", "theme_group", "support", "roles", "lobby")


def _rank(key: str) -> int:
    return next((i for i, prefix in enumerate(ORDER) if key.startswith(prefix)), len(ORDER))


def available_measures() -> list[ParticipationMeasure]:
    return sorted(offered(PARTICIPATION_MEASURES), key=lambda m: _rank(m.key))


def figures(measures: list[ParticipationMeasure], years: Iterable[int]) -> dict[str, dict]:
    """``{measure key: {(city id, year): figure}}``: one call of each measure's
    ``counts`` (a fixed number of queries each) — or, for the measures that name a
    ``batch(years)`` (``{measure key: counts}``, the measures of one kind of row in
    one query), one call of each batch, however many of its measures are asked."""
    years = sorted(set(years))
    batches: dict = {}
    result = {}
    for measure in measures:
        batch = measure.batch
        if batch is None:
            result[measure.key] = measure.counts(years)
            continue
        if batch not in batches:
            batches[batch] = batch(years)
        result[measure.key] = batches[batch].get(measure.key, {})
    return result
