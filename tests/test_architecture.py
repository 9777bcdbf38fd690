"""The layers of docs/architecture.md, checked against the code: every import of one
of our packages by another (module level or inside a function) must point down, and
the graph of apps has no cycle."""

import ast
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent

# Lower number = lower layer. An app may import apps of a lower layer only, plus the
# pairs in ALLOWED_SIDEWAYS (features that build on one another, one way).
LAYERS: dict[str, int] = {
    # Shared infrastructure: knows no app.
    "infra": 0,
    # Below the core: the pillars (the network's structure; roles point to them).
    "pillars": 1,
    # The core: cities, people, roles, and the one place for "may this user…".
    "members": 2,
    # Beside the core, knowing no feature: the one mail path (its dashboard panel asks
    # members.permissions); logins, second factor, security log, personal data.
    "outbox": 3,
    "accounts": 4,
    # Beside the core, knowing no feature: the audit trail (django-auditlog's request
    # context, the secretariat's page, purge and erasure).
    "audit": 4,
    # Features.
    "themegroups": 5,
    "networkdays": 5,
    # Who may join; what members pay (until issue 24 one app, "membership").
    "admissions": 5,
    "contributions": 5,
    "letters": 5,
    # Reads every figure through the hook <app>/participation.py, importing no feature.
    "participation": 5,
    "lobby": 5,
    # Knowledge products: made by groups, pillars and sessions (string foreign keys);
    # shown on their pages through hooks (theme_group_page, network_day_page).
    "knowledge": 5,
    # /api/v1: the other features' data through their own selectors, services and access
    # helpers (ALLOWED_SIDEWAYS), so that the API holds no second copy of any rule.
    "api": 5,
    # The project's configuration (settings, urls, celery, wsgi): it may import any app.
    "g40": 9,
    # The benchmark tool: runs the project with its own settings on top of g40's.
    "bench": 10,
}

# Within the feature layer a dependency must run one way: network days hold the digital
# meetings of theme groups (and invite their members); theme groups read their meetings
# through the reverse relation, never by import.
# The API reads and writes through the features' own selectors, services and access
# helpers (networkdays, themegroups, admissions, contributions, letters); no feature
# imports the API. Taking back an admission asks whether the city has been billed for it
# (contributions.selectors.billed_from); contributions knows nothing of admissions.
ALLOWED_SIDEWAYS: set[tuple[str, str]] = {
    ("networkdays", "themegroups"),
    ("api", "networkdays"),
    ("api", "themegroups"),
    ("api", "contributions"),
    ("admissions", "contributions"),
    ("api", "letters"),
}


def imports_between_apps() -> dict[tuple[str, str], list[str]]:
    edges: dict[tuple[str, str], list[str]] = {}
    for app in LAYERS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    modules = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    modules = [node.module]
                else:
                    continue
                for module in modules:
                    target = module.split(".")[0]
                    if target in LAYERS and target != app:
                        where = f"{path.relative_to(ROOT)}:{node.lineno} imports {module}"
                        edges.setdefault((app, target), []).append(where)
    return edges


def find_cycle(edges) -> list[str] | None:
    graph: dict[str, set[str]] = {}
    for source, target in edges:
        graph.setdefault(source, set()).add(target)
    state: dict[str, str] = {}
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = "open"
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                return path[path.index(nxt) :] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_every_app_is_in_a_layer():
    apps = {
        path.parent.name for path in ROOT.glob("*/apps.py") if not path.parent.name.startswith(".")
    }
    assert apps <= set(LAYERS), f"apps without a layer: {sorted(apps - set(LAYERS))}"


def test_imports_only_point_down():
    upward = [
        where
        for (source, target), places in imports_between_apps().items()
        if LAYERS[target] >= LAYERS[source] and (source, target) not in ALLOWED_SIDEWAYS
        for where in places
    ]
    assert upward == [], "imports that do not point down:\n" + "\n".join(upward)


def test_no_cycle_between_apps():
    assert find_cycle(imports_between_apps()) is None


def test_the_checker_sees_function_level_imports_and_cycles(tmp_path, monkeypatch):
    """The checker itself: an import inside a function counts, and a cycle is found."""
    for app, code in {
        "infra": "def f():\n    from members.models import City\n",
        "members": "import infra.locking\n",
    }.items():
        (tmp_path / app).mkdir()
        (tmp_path / app / "x.py").write_text(code)
    monkeypatch.setitem(globals(), "ROOT", tmp_path)
    edges = imports_between_apps()
    assert ("infra", "members") in edges
    assert find_cycle(edges) in (
        ["infra", "members", "infra"],
        ["members", "infra", "members"],
    )
    with pytest.raises(AssertionError):
        test_imports_only_point_down()


# "by" is the acting user or members.actors.SYSTEM, never None (issue 24): a call that
# passes by=None, a parameter by that defaults to None, or a test `by is None` would let
# "skip the check" happen by accident.


def _is_none(node) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _is_by(node) -> bool:
    return isinstance(node, ast.Name) and node.id == "by"


def none_actors_in(tree: ast.AST) -> list[tuple[int, str]]:
    """Where a tree passes, defaults or compares ``by`` to None: (line, what)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            found += [
                (node.lineno, "passes by=None")
                for keyword in node.keywords
                if keyword.arg == "by" and _is_none(keyword.value)
            ]
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            arguments = node.args
            positional = arguments.posonlyargs + arguments.args
            pairs = list(zip(positional[::-1], arguments.defaults[::-1], strict=False))
            pairs += list(zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True))
            found += [
                (node.lineno, "defaults by to None")
                for argument, default in pairs
                if argument.arg == "by" and default is not None and _is_none(default)
            ]
        elif isinstance(node, ast.Compare) and any(
            isinstance(op, ast.Is | ast.IsNot) for op in node.ops
        ):
            operands = [node.left, *node.comparators]
            if any(_is_by(o) for o in operands) and any(_is_none(o) for o in operands):
                found.append((node.lineno, "compares by with None"))
    return found


def none_actors() -> list[str]:
    places = []
    for app in sorted(LAYERS):
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            places += [
                f"{path.relative_to(ROOT)}:{line} {what}" for line, what in none_actors_in(tree)
            ]
    return places


def test_no_service_is_called_or_defined_with_by_none():
    """``by`` is a user or SYSTEM everywhere: use ``members.actors.SYSTEM`` and
    ``is_system(by)``/``acting_person``, never None."""
    places = none_actors()
    assert places == [], "by=None in the apps (use members.actors.SYSTEM):\n" + "\n".join(places)


def test_the_actor_checker_sees_every_form_of_by_none(tmp_path, monkeypatch):
    snippet = (
        "def save(*, day, by=None):\n"
        "    if by is None:\n"
        "        return\n"
        "    if None is not by:\n"
        "        pass\n"
        "def old(day, by=None, now=None):\n"
        "    pass\n"
        "save(day=1, by=None)\n"
        "fine = lambda *, by: by\n"
        "save(day=1, by=SYSTEM, other=None)\n"
        "def also_fine(*, by, at=None):\n"
        "    return by.pk is None\n"
    )
    assert sorted(none_actors_in(ast.parse(snippet))) == [
        (1, "defaults by to None"),
        (2, "compares by with None"),
        (4, "compares by with None"),
        (6, "defaults by to None"),
        (8, "passes by=None"),
    ]
    (tmp_path / "lobby").mkdir()
    (tmp_path / "lobby" / "services.py").write_text(snippet)
    monkeypatch.setitem(globals(), "ROOT", tmp_path)
    assert len(none_actors()) == 5 and all(p.startswith("lobby/") for p in none_actors())
    with pytest.raises(AssertionError):
        test_no_service_is_called_or_defined_with_by_none()
