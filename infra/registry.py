"""The one way an app offers something to a layer below it without being imported by
name: a module of a known name in the app (``<app>/dashboard.py``, ``city_page.py``,
``participation.py``, ``personal_data.py``, ``demo.py``, …) with a function of a known
name. Apps are visited in the order of ``settings.G40_APPS`` (dependency order).

Discovered once: the first question for a hook imports the apps' modules and keeps
what it found (``registry``; a change of ``G40_APPS`` in a test starts afresh). An app
that is not installed offers nothing.

Typed: a hook that offers something to show returns a list of one of the dataclasses
below (``HOOKS`` says which); ``offered`` checks every item and fails loudly on any
other shape, naming the app. Hooks that act (``personal_data``, ``demo``,
``login_address``) are found the same way through ``app_hooks``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed

# --- what the hooks offer ------------------------------------------------------------


@dataclass(frozen=True)
class PageSection:
    """A section of another app's page (a city, a network day, a theme group, the
    public archive): its template sees ``context`` as ``section``. A function as
    ``context`` is called when the section is rendered. What a section shows must be
    the same for everyone who may see the page, unless the app asks members.permissions
    (the city page passes the request)."""

    template: str
    context: dict | Callable[[], dict] = field(default_factory=dict)


@dataclass(frozen=True)
class DashboardPanel:
    """A panel on the dashboard: its template sees ``data`` as ``panel``."""

    template: str
    data: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ParticipationMeasure:
    """A figure per city and year for the participation page: ``counts(years)`` returns
    ``{(city id, year): figure}`` in a fixed number of queries. Measures over the same
    rows may share a ``batch(years)`` (``{measure key: counts}`` in one query), which the
    page calls once however many of its measures it shows."""

    key: str
    label: Any  # a (lazy) translated text
    definition: Any
    counts: Callable[[list[int]], dict]
    batch: Callable[[list[int]], dict] | None = None


@dataclass(frozen=True)
class LetterSection:
    """A section of the member letter's proposal: a heading and plain-text items."""

    heading: Any
    items: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Hook:
    """A kind of hook: ``<app>.<module>.<function>(…)`` returns a list of ``returns``."""

    module: str
    function: str
    returns: type


CITY_PAGE = Hook("city_page", "sections", PageSection)
NETWORK_DAY_PAGE = Hook("network_day_page", "sections", PageSection)
THEME_GROUP_PAGE = Hook("theme_group_page", "sections", PageSection)
# ``review_sections(groups)`` answers ``{group pk: [PageSection]}`` for the review queue.
THEME_GROUP_REVIEW = Hook("theme_group_page", "review_sections", PageSection)
PUBLIC_ARCHIVE_PAGE = Hook("public_archive_page", "sections", PageSection)
DASHBOARD_PANELS = Hook("dashboard", "panels", DashboardPanel)
DASHBOARD_LIVE_PANELS = Hook("dashboard", "live_panels", DashboardPanel)
PARTICIPATION_MEASURES = Hook("participation", "measures", ParticipationMeasure)
MEMBER_LETTER_SECTIONS = Hook("member_letter", "sections", LetterSection)
HOOKS = (
    CITY_PAGE,
    NETWORK_DAY_PAGE,
    THEME_GROUP_PAGE,
    THEME_GROUP_REVIEW,
    PUBLIC_ARCHIVE_PAGE,
    DASHBOARD_PANELS,
    DASHBOARD_LIVE_PANELS,
    PARTICIPATION_MEASURES,
    MEMBER_LETTER_SECTIONS,
)


# --- discovery, once -----------------------------------------------------------------


class Registry:
    """The hooks the installed apps define, found on the first question for each
    ``(module, function)`` and kept."""

    def __init__(self) -> None:
        self._found: dict[tuple[str, str], tuple[tuple[str, Callable], ...]] = {}

    def clear(self) -> None:
        self._found.clear()

    def hooks(self, module_name: str, function_name: str) -> tuple[tuple[str, Callable], ...]:
        key = (module_name, function_name)
        if key not in self._found:
            self._found[key] = tuple(self._discover(module_name, function_name))
        return self._found[key]

    @staticmethod
    def _discover(module_name: str, function_name: str) -> Iterator[tuple[str, Callable]]:
        """A missing module is skipped; an import error inside one is not."""
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


registry = Registry()


def _apps_changed(*, setting, **kwargs) -> None:
    if setting in ("G40_APPS", "INSTALLED_APPS"):
        registry.clear()


setting_changed.connect(_apps_changed)


def app_hooks(module_name: str, function_name: str) -> Iterator[tuple[str, Callable]]:
    """``(app, function)`` for every app whose ``<app>/<module_name>.py`` defines
    ``function_name`` (found once, then kept)."""
    return iter(registry.hooks(module_name, function_name))


def checked(hook: Hook, app: str, items) -> list:
    """``items`` as a list, each one a ``hook.returns``; any other shape is an error of
    the app that offered it (``TypeError``), never silently shown or left out."""
    items = list(items)
    for item in items:
        if not isinstance(item, hook.returns):
            raise TypeError(
                f"{app}.{hook.module}.{hook.function} offered {item!r}, "
                f"not a {hook.returns.__name__}"
            )
    return items


def offered(hook: Hook, *args) -> list:
    """Everything the installed apps offer through ``hook``, in settings order."""
    return [
        item
        for app, function in app_hooks(hook.module, hook.function)
        for item in checked(hook, app, function(*args))
    ]


def render_section(section: PageSection, request=None) -> str:
    from django.template.loader import render_to_string

    context = section.context() if callable(section.context) else section.context
    return render_to_string(section.template, {"section": context}, request=request)


def page_sections(hook: Hook, *args, request=None) -> list[str]:
    """The rendered sections other apps offer for a page (``hook`` returns
    ``PageSection``\\ s), in settings order."""
    return [render_section(section, request) for section in offered(hook, *args)]
