"""A section on a city's page (members.views.city_detail): the city's participation
this year and last year, with a link to its page over the years. For the city's own
people, the secretariat and the DB (``may_view_city_participation``)."""

from django.utils import timezone

from members.permissions import permissions_for

from .measures import available_measures, figures


def sections(request, city) -> list[dict]:
    if not permissions_for(request.user).may_view_city_participation(city):
        return []
    year = timezone.localdate().year
    years = [year - 1, year]
    measures = available_measures()
    counted = figures(measures, years)
    rows = [
        {
            "measure": measure,
            "values": [counted[measure["key"]].get((city.pk, y), 0) for y in years],
        }
        for measure in measures
    ]
    return [
        {
            "template": "participation/_city_section.html",
            "context": {"city": city, "years": years, "rows": rows},
        }
    ]
