"""A city's page: the contributions app's section.

Shown to the city's own people, the secretariat and the DB
(``Permissions.may_view_statements_of``); to anybody else the section is absent. The
list holds the statements issued to the city and those issued under a predecessor's
CBS code (``MunicipalMerger``)."""

from django.utils import timezone

from infra.registry import PageSection
from members.permissions import permissions_for

from .selectors import city_statements


def sections(request, city) -> list[PageSection]:
    permissions = permissions_for(request.user)
    if not permissions.may_view_statements_of(city.pk):
        return []
    this_year = timezone.localdate().year
    may_view_all = permissions.may_view_contributions
    return [
        PageSection(
            template="contributions/contributions_city_section.html",
            context=lambda: {
                "city": city,
                "statements": list(city_statements(city)),
                "may_view_all": may_view_all,
                "this_year": this_year,
            },
        )
    ]
