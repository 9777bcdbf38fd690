"""Every URL, every persona: the status each gets (the permission matrix)."""

import importlib
import pkgutil

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests

from .conftest import PERSONAS
from .helpers import assert_matrix_status
from .matrix import PUBLIC_URL_NAMES, Entry


def _all_entries() -> list[Entry]:
    entries: list[Entry] = []
    for module_info in pkgutil.iter_modules(tests.__path__):
        if not module_info.ispkg:
            continue
        try:
            module = importlib.import_module(f"tests.{module_info.name}.matrix")
        except ModuleNotFoundError:
            continue
        entries.extend(module.ENTRIES)
    return entries


ENTRIES = _all_entries()
CASES = [(entry, persona) for entry in ENTRIES for persona in PERSONAS]


@pytest.mark.parametrize(("entry", "persona"), CASES, ids=[f"{e.id}-{p}" for e, p in CASES])
def test_permission_matrix(world, entry: Entry, persona: str):
    _url, response = assert_matrix_status(world, entry, persona)
    if (
        response.status_code == 302
        and persona == "anonymous"
        and entry.url_name not in PUBLIC_URL_NAMES
    ):
        assert response["Location"].startswith(reverse(settings.LOGIN_URL))


def _named_urls(resolver=None, prefix: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # the admin has its own gate, tested in tests/members
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names |= _named_urls(pattern, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{prefix}{pattern.name}")
    return names


def test_every_url_is_in_the_matrix():
    covered = {entry.url_name for entry in ENTRIES}
    missing = sorted(_named_urls() - covered)
    assert not missing, f"URLs missing from the permission matrix: {missing}"
