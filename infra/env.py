"""The one way the settings read the environment (``g40/settings.py`` only).

Each helper reads one variable; empty counts as unset. A value outside what a helper
accepts raises ``ImproperlyConfigured`` naming the variable and what it accepts, so the
start stops: a typo such as DEBUG=ture must never quietly mean "off".
"""

import datetime
import os
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

# Yes/no values (like healthchecks' envbool); anything else stops the start.
TRUE_VALUES = ("1", "true", "yes", "on")
FALSE_VALUES = ("0", "false", "no", "off")
DATABASE_SCHEMES = ("postgres", "postgresql", "pgsql", "sqlite")
# A django-ratelimit rate: "<n>/<s|m|h|d>", e.g. 60/m.
RATE_REGEX = r"[1-9][0-9]*/[0-9]*[smhd]"


def read_env_file(path: Path) -> None:
    """Values from a local ``.env`` file (KEY=value lines) fill in what the real
    environment does not set; the environment always wins. ``make`` writes one
    for development from ``.env.example``."""
    if not path.is_file():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _sep, value = line.partition("=")
        os.environ.setdefault(key.strip(), value.strip().strip('"').strip("'"))


def env(name: str, default: str = "") -> str:
    """An environment value; empty counts as unset."""
    return os.environ.get(name) or default


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name).strip().lower()
    if not value:
        return default
    if value in TRUE_VALUES:
        return True
    if value in FALSE_VALUES:
        return False
    raise ImproperlyConfigured(
        f"{name}={os.environ[name]!r} is not a yes/no value; "
        f"use one of {', '.join(TRUE_VALUES)} or {', '.join(FALSE_VALUES)}."
    )


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    value = env(name).strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        number = None
    if number is None or number < minimum:
        raise ImproperlyConfigured(
            f"{name}={os.environ[name]!r} is not a whole number of at least {minimum}."
        )
    return number


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = env(name, default).strip()
    if value not in choices:
        raise ImproperlyConfigured(
            f"{name}={value!r} is not one of the accepted values: {', '.join(choices)}."
        )
    return value


def env_url(name: str, default: str, schemes: tuple[str, ...]) -> str:
    """A URL whose scheme is one of ``schemes`` (``redis`` accepts ``redis://…``)."""
    value = env(name, default).strip()
    scheme, separator, _rest = value.partition("://")
    if not separator or scheme not in schemes:
        accepted = ", ".join(f"{scheme}://" for scheme in schemes)
        raise ImproperlyConfigured(
            f"{name}={value!r} has an unknown scheme; it must start with one of: {accepted}."
        )
    return value


def env_database(name: str, default: str, **options) -> dict:
    """A database from a URL (dj-database-url): PostgreSQL or SQLite, with a name."""
    url = env_url(name, default, DATABASE_SCHEMES)
    try:
        database = dj_database_url.parse(url, **options)
    except ValueError as error:  # dj-database-url's ParseError and UnknownSchemeError
        raise ImproperlyConfigured(f"{name} cannot be read as a database URL: {error}") from None
    if not database.get("NAME"):
        raise ImproperlyConfigured(
            f"{name} names no database; e.g. postgres://user:password@host:5432/g40 "
            "or sqlite:////path/to/db.sqlite3."
        )
    return database


def env_rate(name: str, default: str) -> str:
    """A django-ratelimit rate such as 60/m; anything else stops the start."""
    value = env(name, default).strip()
    if not re.fullmatch(RATE_REGEX, value):
        raise ImproperlyConfigured(f"{name}={value!r} is not a rate such as 60/m.")
    return value


def env_date(name: str) -> datetime.date | None:
    """An ISO date (2027-06-30) or nothing."""
    value = env(name).strip()
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a date such as 2027-06-30.") from None


def env_iban(name: str) -> str:
    """An IBAN, checked (ISO 13616 mod 97), printed in groups of four; empty: unset."""
    value = "".join(env(name).split()).upper()
    if not value:
        return ""
    ok = 15 <= len(value) <= 34 and value.isascii() and value.isalnum() and value[:2].isalpha()
    if not ok or int("".join(str(int(c, 36)) for c in value[4:] + value[:4])) % 97 != 1:
        raise ImproperlyConfigured(f"{name} is no valid IBAN: {env(name)!r}")
    return " ".join(value[i : i + 4] for i in range(0, len(value), 4))
