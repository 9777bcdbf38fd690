"""The one way an app offers something to a layer below it without being imported by
name: a module of a known name in the app (``<app>/dashboard.py``, ``personal_data.py``,
``demo.py``) with a function of a known name. Apps are visited in the order of
``settings.G40_APPS`` (dependency order)."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator

from django.conf import settings


def app_hooks(module_name: str, function_name: str) -> Iterator[tuple[str, Callable]]:
    """``(app, function)`` for every app whose ``<app>/<module_name>.py`` defines
    ``function_name``. A missing module is skipped; an import error inside one is not."""
    for app in settings.G40_APPS:
        try:
            module = importlib.import_module(f"{app}.{module_name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.{module_name}":
                raise
            continue
        hook = getattr(module, function_name, None)
        if hook is not None:
            yield app, hook


def page_sections(module_name: str, *args) -> list[str]:
    """Sections another app offers for a page: each ``<app>.<module_name>.sections(*args)``
    returns dicts with a ``template`` and its ``context`` (seen as ``section``), rendered
    here in settings order. What a section shows must be the same for everyone who may
    see the page."""
    from django.template.loader import render_to_string

    return [
        render_to_string(section["template"], {"section": section["context"]})
        for _app, hook in app_hooks(module_name, "sections")
        for section in hook(*args)
    ]
