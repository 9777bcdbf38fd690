"""The theme-group list's rows: who supports a group today is picked by the query, not
by the template out of every open support, and the city filter reads only the names
and codes it shows and sends (issue 24)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from ..factories import CityFactory, PersonFactory
from .factories import SupportFactory, ThemeGroupFactory, days

pytestmark = pytest.mark.django_db

LIST = reverse("themegroups:list")


def test_the_list_shows_todays_support_read_by_the_query(world):
    now = ThemeGroupFactory(lead_pillar=world.pillar, name="Nu ondersteund")
    later = ThemeGroupFactory(lead_pillar=world.pillar, name="Later ondersteund")
    today = PersonFactory(name="Vandaag Steun", city=CityFactory(name="Steunstad"))
    tomorrow = PersonFactory(name="Morgen Steun", city=CityFactory(name="Laterstad"))
    SupportFactory(theme_group=now, person=today)
    SupportFactory(theme_group=later, person=tomorrow, starts_on=days(10))
    client = world.client("official_a")
    client.get(LIST)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(LIST)
    content = response.content.decode()
    assert f"{escape(today.name)} (Steunstad)" in content
    assert escape(tomorrow.name) not in content
    rows = {group.name: group for group in response.context["groups"]}
    assert [s.person.name for s in rows["Nu ondersteund"].current_supports] == [today.name]
    assert rows["Later ondersteund"].current_supports == []
    sql = [query["sql"] for query in captured.captured_queries]
    (supports,) = [q for q in sql if q.startswith('SELECT "themegroups_supportassignment"')]
    assert '"starts_on" <=' in supports
    assert not any('FROM "members_city"' in q and "population" in q for q in sql)


def test_the_page_and_the_number_of_groups_come_from_one_query(world):
    """No COUNT before the page's rows: the number in the caption is a window over the
    rows the filter keeps, read with them (issue 24); past the last page, the last."""
    from themegroups import views

    for index in range(views.THEME_GROUPS_PER_PAGE + 2):
        ThemeGroupFactory(lead_pillar=world.pillar, name=f"Groep {index:03d}")
    client = world.client("official_a")
    client.get(LIST)
    with CaptureQueriesContext(connection) as captured:
        second = client.get(LIST, {"page": "2"})
    assert not [q for q in captured.captured_queries if "COUNT(*)" in q["sql"]]
    page = second.context["page"]
    assert (page.number, page.paginator.count, page.paginator.num_pages) == (2, 52, 2)
    assert [g.name for g in second.context["groups"]] == ["Groep 050", "Groep 051"]
    assert "52 " in second.content.decode()
    beyond = client.get(LIST, {"page": "9"})
    assert beyond.context["page"].number == 2
    assert beyond.context["page"].paginator.count == 52


def test_the_filter_reads_its_options_with_one_plain_query():
    """The options are read as a list, not through ``iterator()`` (on PostgreSQL a
    server-side cursor: three round trips per select)."""
    from themegroups.forms import ThemeGroupFilterForm

    form = ThemeGroupFilterForm()
    for name in ("pillar", "city"):
        list(form.fields[name].choices)
        assert form.fields[name].queryset._result_cache is not None
