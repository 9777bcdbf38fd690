"""Sections of the membership app on a city's page (members.views.city_detail):
its membership dates, and its contributions to its own people and the secretariat."""

from . import city_page_applications, city_page_contributions


def sections(request, city) -> list[dict]:
    return [
        *city_page_applications.sections(request, city),
        *city_page_contributions.sections(request, city),
    ]
