"""The attendee list and its exports ask a fixed number of queries, as many for one
registration as for many, and build their rows from plain values (issue 24)."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from networkdays.constants import RegistrationStatus

from ..factories import CityFactory, PersonFactory
from .factories import NetworkDayFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

# Measured 7 for 1 and for 40 registrations: session, user, the viewer's person with
# the roles (one query), the day, the count for the pager, the filter's cities, one
# page of rows.
LIST_QUERIES = 7
# Session, user, person with roles, the day, the security log's row, the rows.
XLSX_QUERIES = 6


@pytest.fixture
def day(world):
    return NetworkDayFactory(host_city=world.city_a, capacity=100)


def _register(day, count):
    for index in range(count):
        waiting = {"status": RegistrationStatus.WAITING, "confirmed_at": None}
        RegistrationFactory(
            network_day=day,
            person=PersonFactory(city=CityFactory()),
            **(waiting if index % 3 == 1 else {}),
        )


def _get(client, url):
    client.get(url)  # the session in place: what is counted next is the page's own
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response, [query["sql"] for query in captured.captured_queries]


@pytest.mark.parametrize("count", [1, 40])
def test_the_attendee_list_asks_a_fixed_number_of_queries(world, day, count):
    _register(day, count)
    url = reverse("networkdays:attendees", kwargs={"pk": day.pk})
    response, queries = _get(world.client("secretariat"), url)
    assert len(queries) == LIST_QUERIES
    rows = response.context["registrations"]
    assert len(rows) == count
    # Plain values, not registration, person and city objects.
    assert all(isinstance(row, dict) for row in rows)
    # The filter reads the cities' names only.
    (cities,) = [sql for sql in queries if 'FROM "members_city"' in sql]
    assert "population" not in cities


def test_the_attendee_rows_keep_their_labels_badges_and_actions(world, day):
    _register(day, 2)
    cancelled = RegistrationFactory(
        network_day=day,
        person=PersonFactory(city=CityFactory()),
        status=RegistrationStatus.CANCELLED,
    )
    url = reverse("networkdays:attendees", kwargs={"pk": day.pk})
    content = world.client("secretariat").get(url).content.decode()
    assert '<span class="badge text-bg-success">Aangemeld</span>' in content
    assert '<span class="badge text-bg-warning">' in content
    assert '<span class="badge text-bg-secondary">' in content
    # Passing on and cancelling are offered for the active registrations only.
    for registration in day.registrations.all():
        for name in ("registration_cancel", "registration_substitute"):
            link = reverse(f"networkdays:{name}", kwargs={"pk": registration.pk})
            assert (link in content) == (registration != cancelled)


@pytest.mark.parametrize("count", [1, 40])
def test_the_excel_export_asks_a_fixed_number_of_queries(world, day, count):
    _register(day, count)
    url = reverse("networkdays:attendees_xlsx", kwargs={"pk": day.pk})
    response, queries = _get(world.client("secretariat"), url)
    assert len(queries) == XLSX_QUERIES
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 1 + count
