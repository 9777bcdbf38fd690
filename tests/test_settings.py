"""The settings module itself, loaded in a fresh interpreter with a given environment.

These tests read what `g40/settings.py` makes of the environment, never values a test
set itself: a test that sets SECURE_HSTS_SECONDS and then finds it set cannot fail.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
PRODUCTION = {"DEBUG": "0", "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "g40.example.org"}


def load_settings(environment: dict[str, str], *names: str) -> subprocess.CompletedProcess:
    """Import g40.settings with only ``environment`` set (no .env file) and print
    ``names`` as JSON."""
    code = (
        "import json, g40.settings as s;"
        f" print(json.dumps({{n: getattr(s, n, None) for n in {list(names)!r}}}, default=str))"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT,
        env={"PATH": os.environ["PATH"], "G40_ENV_FILE": "/nonexistent", **environment},
        capture_output=True,
        text=True,
        timeout=60,
    )


def settings_values(environment: dict[str, str], *names: str) -> dict:
    result = load_settings(environment, *names)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def refusal(environment: dict[str, str]) -> str:
    """The last line of the traceback of a start that must fail."""
    result = load_settings(environment)
    assert result.returncode != 0, f"started with {environment}"
    return result.stderr.strip().splitlines()[-1]


# --- Invalid values stop the start ----------------------------------------------------


@pytest.mark.parametrize("value", ["ture", "yes please", "nee", "2"])
def test_a_boolean_typo_stops_the_start(value):
    message = refusal({**PRODUCTION, "SECURE_SSL_REDIRECT": value})
    assert message.startswith("django.core.exceptions.ImproperlyConfigured")
    assert f"SECURE_SSL_REDIRECT={value!r}" in message
    assert "true" in message and "false" in message  # the accepted values


def test_a_debug_typo_does_not_quietly_mean_off():
    message = refusal({"DEBUG": "ture"})
    assert "ImproperlyConfigured: DEBUG='ture' is not a yes/no value" in message


@pytest.mark.parametrize(
    "variable,value",
    [("EMAIL_PORT", "twenty-five"), ("DB_CONN_MAX_AGE", "5m"), ("EMAIL_PORT", "-1")],
)
def test_a_bad_number_stops_the_start(variable, value):
    message = refusal({**PRODUCTION, variable: value})
    assert f"ImproperlyConfigured: {variable}={value!r} is not a whole number" in message


@pytest.mark.parametrize("value", ["memcached://127.0.0.1:11211", "redis:/127.0.0.1", "locmem"])
def test_an_unknown_cache_url_stops_the_start(value):
    message = refusal({**PRODUCTION, "CACHE_URL": value})
    assert f"ImproperlyConfigured: CACHE_URL={value!r} has an unknown scheme" in message
    assert "redis://" in message and "locmem://" in message


@pytest.mark.parametrize(
    "value,expected",
    [
        ("mysql://u@h/g40", "DATABASE_URL='mysql://u@h/g40' has an unknown scheme"),
        ("postgres//u@h/g40", "has an unknown scheme"),
        ("postgres://u@h:notaport/g40", "DATABASE_URL cannot be read as a database URL"),
        ("postgres://u@h:5432", "DATABASE_URL names no database"),
    ],
)
def test_an_unusable_database_url_stops_the_start(value, expected):
    message = refusal({**PRODUCTION, "DATABASE_URL": value})
    assert message.startswith("django.core.exceptions.ImproperlyConfigured")
    assert expected in message


def test_an_unknown_log_level_stops_the_start():
    message = refusal({**PRODUCTION, "LOG_LEVEL": "verbose"})
    assert "LOG_LEVEL='verbose' is not one of the accepted values: DEBUG, INFO" in message


def test_accepted_spellings_are_read():
    values = settings_values(
        {
            **PRODUCTION,
            "SECURE_SSL_REDIRECT": "Off",
            "MFA_REQUIRED": " yes ",
            "EMAIL_PORT": "587",
            "CACHE_URL": "dummy://",
            "DATABASE_URL": "postgresql://u@db:5432/g40",
        },
        "SECURE_SSL_REDIRECT",
        "MFA_REQUIRED",
        "EMAIL_PORT",
        "DATABASES",
    )
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["MFA_REQUIRED"] is True
    assert values["EMAIL_PORT"] == 587
    assert values["DATABASES"]["default"]["NAME"] == "g40"


# --- What production gets (replaces tests that set the setting they checked) ---------


def test_production_sends_hsts_for_a_year_with_subdomains():
    values = settings_values(
        PRODUCTION, "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_SSL_REDIRECT"
    )
    assert values == {
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_SSL_REDIRECT": True,
    }


def test_passwords_are_hashed_with_argon2_first():
    hashers = settings_values(PRODUCTION, "PASSWORD_HASHERS")["PASSWORD_HASHERS"]
    assert hashers[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_the_environment_is_read_in_one_way():
    """One settings module, one way to read the environment (issue 24): g40/settings.py
    reads it only through infra.env's helpers (it never imports os), and the
    g40/settings_*.py modules it imports by name are plain data: no import, no call."""
    import ast

    settings_source = ast.parse((PROJECT / "g40" / "settings.py").read_text())
    imported = {
        alias.name.partition(".")[0]
        for node in ast.walk(settings_source)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {
        node.module.partition(".")[0]
        for node in ast.walk(settings_source)
        if isinstance(node, ast.ImportFrom) and node.module
    }
    assert "os" not in imported
    data_modules = sorted((PROJECT / "g40").glob("settings_*.py"))
    assert data_modules
    for path in data_modules:
        tree = ast.parse(path.read_text())
        code = [
            type(node).__name__
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom | ast.Call)
        ]
        assert not code, f"{path.name} is not plain data: {code}"
        names = {
            target.id
            for node in tree.body
            if isinstance(node, ast.Assign | ast.AnnAssign)
            for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
        }
        assert names and all(name.isupper() for name in names), path.name
