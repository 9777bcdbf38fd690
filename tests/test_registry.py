"""The hook registry (infra.registry, issue 24): discovered once, typed, and an app
that is not installed offers nothing."""

import pytest
from django.test import RequestFactory

from infra import registry as registry_module
from infra.registry import (
    DASHBOARD_PANELS,
    HOOKS,
    MEMBER_LETTER_SECTIONS,
    PARTICIPATION_MEASURES,
    DashboardPanel,
    LetterSection,
    ParticipationMeasure,
    app_hooks,
    offered,
    registry,
)


@pytest.fixture
def imports(monkeypatch):
    """The modules the registry imports, in order."""
    seen = []
    real = registry_module.importlib.import_module

    def counting(name, *args):
        seen.append(name)
        return real(name, *args)

    monkeypatch.setattr(registry_module.importlib, "import_module", counting)
    registry.clear()
    yield seen
    registry.clear()


def test_hooks_are_discovered_once(imports):
    first = list(app_hooks("participation", "measures"))
    assert "lobby.participation" in imports
    assert {app for app, _hook in first} >= {"members", "networkdays", "themegroups", "lobby"}
    imports.clear()
    assert list(app_hooks("participation", "measures")) == first
    assert list(offered(PARTICIPATION_MEASURES))  # and through offered too
    assert imports == []


def test_an_app_that_is_not_installed_offers_nothing(db, settings, imports):
    assert "lobby" in [app for app, _hook in app_hooks("participation", "measures")]
    imports.clear()
    settings.G40_APPS = [app for app in settings.G40_APPS if app != "lobby"]
    assert "lobby" not in [app for app, _hook in app_hooks("participation", "measures")]
    keys = {measure.key for measure in offered(PARTICIPATION_MEASURES)}
    assert "lobby_stances_answered" not in keys and "network_days_registered" in keys
    # Discovered afresh for the new list of apps, which the lobby is not in.
    assert "members.participation" in imports and "lobby.participation" not in imports


def test_a_hook_of_the_wrong_shape_fails_loudly(monkeypatch):
    def hooks(module, function):
        return (("lobby", lambda *args: [{"heading": "Old shape", "items": ["a dict"]}]),)

    monkeypatch.setattr(registry, "hooks", hooks)
    with pytest.raises(TypeError, match=r"lobby\.member_letter\.sections .* not a LetterSection"):
        offered(MEMBER_LETTER_SECTIONS, None, None)


def test_the_right_shape_passes(monkeypatch):
    section = LetterSection("Kop", ["regel"])
    monkeypatch.setattr(registry, "hooks", lambda module, function: (("x", lambda *a: [section]),))
    assert offered(MEMBER_LETTER_SECTIONS, None, None) == [section]


def test_every_installed_hook_of_a_typed_kind_answers_in_its_shape(world):
    """The real hooks, called: each item is its kind's dataclass (the dashboard's for
    several users, so that panels that depend on the viewer are made)."""
    for persona in ("secretariat", "db_member", "contact_a", "pillar_secretary"):
        request = RequestFactory().get("/")
        request.user = world.person(persona).user
        for hook in (DASHBOARD_PANELS, registry_module.DASHBOARD_LIVE_PANELS):
            assert all(isinstance(panel, DashboardPanel) for panel in offered(hook, request))
    measures = offered(PARTICIPATION_MEASURES)
    assert measures and all(isinstance(m, ParticipationMeasure) for m in measures)
    assert {hook.module for hook in HOOKS} >= {"city_page", "dashboard", "member_letter"}
