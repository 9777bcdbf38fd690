"""make backup / make restore: django-dbbackup, encrypted with GnuPG, rotated.

The database is backed up with dbbackup's connector (the SQLite online-backup API here,
pg_dump's custom format on PostgreSQL), encrypted for BACKUP_GPG_RECIPIENT, and
restored with dbrestore --decrypt into a scratch database with the same rows."""

import shutil
import sqlite3
import stat

import pytest
from django.core.management import call_command
from django.db import connection, connections

from members.models import City
from members.services import cities_load, pillars_load
from tests.factories import PersonFactory

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's file restore")


def _counts(conn) -> dict[str, int]:
    tables = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def _live_counts() -> dict[str, int]:
    connection.ensure_connection()
    return _counts(connection.connection)


@pytest.fixture
def storage(tmp_path, monkeypatch, settings):
    """The dbbackup storage (settings.STORAGES["dbbackup"]) in a temporary folder."""
    from dbbackup import settings as dbbackup_settings

    folder = tmp_path / "backups"
    options = {**dbbackup_settings.STORAGE_OPTIONS, "location": str(folder)}
    monkeypatch.setattr(dbbackup_settings, "STORAGE_OPTIONS", options)
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return folder


@pytest.fixture
def gpg_key(tmp_path, monkeypatch):
    """A throwaway key pair in a temporary GNUPGHOME, as BACKUP_GPG_RECIPIENT."""
    if shutil.which("gpg") is None:
        pytest.skip("gpg is not installed")
    import gnupg
    from dbbackup import settings as dbbackup_settings

    home = tmp_path / "gnupg"
    home.mkdir(mode=0o700)
    gpg = gnupg.GPG(gnupghome=str(home))
    key = gpg.gen_key(
        gpg.gen_key_input(
            name_email="backup@g40.invalid",
            key_type="EDDSA",
            key_curve="ed25519",
            subkey_type="ECDH",
            subkey_curve="cv25519",
            no_protection=True,
        )
    )
    assert key.fingerprint
    monkeypatch.setenv("GNUPGHOME", str(home))
    monkeypatch.setattr(dbbackup_settings, "GPG_RECIPIENT", key.fingerprint)
    # dbrestore --decrypt asks for the key's passphrase; this key has none (Enter).
    monkeypatch.setattr("dbbackup.utils.getpass", lambda prompt: "")
    yield key.fingerprint
    import subprocess

    subprocess.run(["gpgconf", "--kill", "gpg-agent"], env={"GNUPGHOME": str(home)}, check=False)


@pytest.fixture
def scratch_database(tmp_path, settings):
    """A second database alias on an empty SQLite file, to restore into."""
    path = tmp_path / "scratch.sqlite3"
    sqlite3.connect(path).close()
    alias_settings = {**connections.settings["default"], "NAME": str(path)}
    alias_settings["TEST"] = {**alias_settings.get("TEST", {}), "NAME": str(path)}
    connections.settings["scratch"] = alias_settings
    settings.DATABASES = {**settings.DATABASES, "scratch": alias_settings}
    yield path
    connections["scratch"].close()
    del connections["scratch"]
    del connections.settings["scratch"]


@pytest.mark.django_db(transaction=True)
def test_an_encrypted_backup_restores_the_same_rows(storage, gpg_key, scratch_database):
    cities_load()
    pillars_load()
    PersonFactory.create_batch(25, city=City.objects.get(cbs_code="GM0193"))
    expected = _live_counts()
    assert expected["members_city"] == 41

    call_command("backup", verbosity=0)

    backups = sorted(p.name for p in storage.iterdir() if not p.name.endswith(".metadata"))
    database_backup = next(name for name in backups if name.startswith("g40-default-"))
    assert database_backup.endswith(".gpg")
    assert any(name.startswith("g40-media-") and name.endswith(".gpg") for name in backups)
    encrypted = (storage / database_backup).read_bytes()
    assert not encrypted.startswith(b"SQLite format 3")  # not readable without the key
    # A backup holds personal data: readable by its owner only.
    assert stat.S_IMODE((storage / database_backup).stat().st_mode) == 0o600
    assert stat.S_IMODE(storage.stat().st_mode) == 0o700

    call_command(
        "dbrestore",
        database="scratch",
        input_path=str(storage / database_backup),
        decrypt=True,
        interactive=False,
        verbosity=0,
    )
    restored = sqlite3.connect(scratch_database)
    try:
        assert _counts(restored) == expected
    finally:
        restored.close()


@pytest.mark.django_db(transaction=True)
def test_a_backup_keeps_the_newest_backup_keep(storage, settings, monkeypatch):
    from dbbackup import settings as dbbackup_settings

    monkeypatch.setattr(dbbackup_settings, "GPG_RECIPIENT", None)
    monkeypatch.setattr(dbbackup_settings, "CLEANUP_KEEP", 2)
    storage.mkdir(mode=0o700)
    for day in ("01", "02", "03"):
        (storage / f"g40-default-202601{day}-020000.sqlite3").write_bytes(b"old")

    call_command("backup", verbosity=0)

    kept = sorted(p.name for p in storage.glob("g40-default-*.sqlite3"))
    assert len(kept) == 2
    assert kept[0] == "g40-default-20260103-020000.sqlite3"  # and today's new one


@pytest.mark.django_db(transaction=True)
def test_an_unencrypted_backup_outside_debug_says_so(storage, settings, monkeypatch, capsys):
    from dbbackup import settings as dbbackup_settings

    monkeypatch.setattr(dbbackup_settings, "GPG_RECIPIENT", None)
    settings.DEBUG = False
    call_command("backup", verbosity=0)
    assert "BACKUP_GPG_RECIPIENT is not set" in capsys.readouterr().err
    assert list(storage.glob("g40-default-*.sqlite3"))
