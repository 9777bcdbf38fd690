"""Backup and restore of the whole database.

PostgreSQL: ``pg_dump`` in its custom format and ``pg_restore`` (a consistent snapshot:
pg_dump reads in one transaction). SQLite: the SQLite online-backup API, which copies a
consistent state even while the app writes.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.db import connection as default_connection


class BackupError(Exception):
    pass


@dataclass(frozen=True)
class Target:
    """Where a database is: the engine and its connection settings."""

    vendor: str
    name: str
    host: str = ""
    port: str = ""
    user: str = ""
    password: str = ""

    @classmethod
    def from_connection(cls, connection=default_connection) -> Target:
        settings = connection.settings_dict
        return cls(
            vendor=connection.vendor,
            name=str(settings["NAME"]),
            host=settings.get("HOST") or "",
            port=str(settings.get("PORT") or ""),
            user=settings.get("USER") or "",
            password=settings.get("PASSWORD") or "",
        )

    def with_name(self, name: str) -> Target:
        return Target(self.vendor, name, self.host, self.port, self.user, self.password)

    # PostgreSQL command-line tools take the connection from arguments and PGPASSWORD.
    def pg_args(self) -> list[str]:
        args = ["--dbname", self.name]
        if self.host:
            args += ["--host", self.host]
        if self.port:
            args += ["--port", self.port]
        if self.user:
            args += ["--username", self.user]
        return args

    def pg_env(self) -> dict[str, str]:
        env = dict(os.environ)
        if self.password:
            env["PGPASSWORD"] = self.password
        return env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client)")
    return path


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(result.stderr.strip() or f"{command[0]} failed")


def backup_create(*, path: Path, connection=default_connection) -> Path:
    """Write a consistent copy of the database to ``path``, readable by its owner only
    (0600, in a folder of mode 0700): a backup holds personal data."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    # Made empty with mode 0600 before any byte is written, whatever the umask; the
    # tools below write into the existing file and keep its mode.
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    os.chmod(path, 0o600)
    target = Target.from_connection(connection)
    if target.vendor == "postgresql":
        _run(
            [
                _tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                "--file",
                str(path),
                *target.pg_args(),
            ],
            target.pg_env(),
        )
    elif target.vendor == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(path)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
    else:
        raise BackupError(f"no backup for {target.vendor}")
    os.chmod(path, 0o600)
    return path


def backup_restore(*, path: Path, target: Target) -> None:
    """Replace the contents of ``target`` with the backup at ``path``."""
    if not path.is_file():
        raise BackupError(f"{path} does not exist")
    if target.vendor == "postgresql":
        _run(
            [
                _tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                *target.pg_args(),
                str(path),
            ],
            target.pg_env(),
        )
    elif target.vendor == "sqlite":
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        destination = sqlite3.connect(target.name)
        try:
            source.backup(destination)
        finally:
            source.close()
            destination.close()
    else:
        raise BackupError(f"no restore for {target.vendor}")


def row_counts(target: Target) -> dict[str, int]:
    """Rows per table of a database, for checking a restore."""
    if target.vendor == "postgresql":
        import psycopg

        with psycopg.connect(
            dbname=target.name,
            host=target.host or None,
            port=target.port or None,
            user=target.user or None,
            password=target.password or None,
        ) as conn:
            tables = [
                row[0]
                for row in conn.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
                )
            ]
            return {
                table: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
                for table in tables
            }
    conn = sqlite3.connect(target.name)
    try:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY 1"
            )
        ]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        conn.close()
