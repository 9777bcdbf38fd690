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
