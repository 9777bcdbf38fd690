"""Back up, restore into a scratch database, and find the same rows."""

import uuid

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from infra.backup import Target, backup_create, backup_restore, row_counts
from members.models import City
from members.services import cities_load, pillars_load
from tests.factories import PersonFactory


def _live_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT count(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
        return counts


@pytest.fixture
def scratch_target(tmp_path):
    """An empty database beside the test database, dropped afterwards."""
    source = Target.from_connection(connection)
    if source.vendor == "sqlite":
        yield source.with_name(str(tmp_path / "scratch.sqlite3"))
        return
    import psycopg

    name = f"{source.name}_scratch_{uuid.uuid4().hex[:8]}"
    params = {
        "dbname": "postgres",
        "host": source.host or None,
        "port": source.port or None,
        "user": source.user or None,
        "password": source.password or None,
        "autocommit": True,
    }
    with psycopg.connect(**params) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield source.with_name(name)
    finally:
        with psycopg.connect(**params) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_gives_the_same_row_counts(tmp_path, scratch_target):
    cities_load()
    pillars_load()
    PersonFactory.create_batch(25, city=City.objects.get(cbs_code="GM0193"))
    expected = _live_counts()
    assert expected["members_city"] == 41

    path = backup_create(path=tmp_path / "infra.backup")
    assert path.stat().st_size > 0
    backup_restore(path=path, target=scratch_target)

    restored = row_counts(scratch_target)
    assert {t: restored.get(t) for t in expected} == expected


@pytest.mark.django_db
def test_restore_asks_for_confirmation(tmp_path):
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(tmp_path / "x.backup"))


@pytest.mark.django_db
def test_restore_of_a_missing_file_says_so(tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("restore", str(tmp_path / "missing.backup"), "--yes")


@pytest.mark.django_db(transaction=True)
def test_a_backup_is_readable_by_its_owner_only(tmp_path):
    """A backup holds personal data: 0600 in a 0700 folder, whatever the umask, and
    also when it replaces a file that was readable by others."""
    import os
    import stat

    folder = tmp_path / "backups"
    previous_umask = os.umask(0o022)
    try:
        new = backup_create(path=folder / "new.backup")
        existing = folder / "existing.backup"
        existing.write_bytes(b"")
        existing.chmod(0o644)
        replaced = backup_create(path=existing)
    finally:
        os.umask(previous_umask)
    assert new.stat().st_size > 0
    assert stat.S_IMODE(new.stat().st_mode) == 0o600
    assert stat.S_IMODE(replaced.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
