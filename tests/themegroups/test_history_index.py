"""A group's history reads the audit trail by the group's id in ``additional_data``:
on PostgreSQL through an index, not a scan of the whole trail (issue 24)."""

import pytest
from django.db import connection

from themegroups.history import group_history_entries

from ..conftest import requires_postgres
from .factories import ThemeGroupFactory

pytestmark = pytest.mark.django_db


@requires_postgres
def test_the_history_reads_the_audit_trail_through_an_index(world):
    group = ThemeGroupFactory(lead_pillar=world.pillar)
    sql, params = group_history_entries(group).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "themegroups_history_entries" in plan
