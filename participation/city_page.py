"""A section on a city's page (members.views.city_detail): a link to the city's
participation page, where its figures stand over the years with their definitions. For
the city's own people, the secretariat and the DB (``may_view_city_participation``).

Only the link, not the figures: each measure is one query, and with every app's
measures (twelve today) the city's page would run 25 queries on a cache miss, over the
15 the benchmark holds every page to (docs/benchmarks.md). The network days the city
attended stay on the page (networkdays' own section, one query)."""

from infra.registry import PageSection
from members.permissions import permissions_for


def sections(request, city) -> list[PageSection]:
    if not permissions_for(request.user).may_view_city_participation(city):
        return []
    return [PageSection("participation/_city_section.html", {"city": city})]
