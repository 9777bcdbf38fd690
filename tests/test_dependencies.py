"""Every package the code imports is declared in pyproject.toml, and the lock files
(requirements/*.txt, `make lock`) pin every declared package at a version it allows.

The app's code (everything but tests/ and bench/) may only use `dependencies`; the
tests and the benchmark may also use the `dev` extra.
"""

import ast
import importlib.metadata
import re
import sys
import tomllib
from collections import defaultdict
from pathlib import Path

from django.conf import settings
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

PROJECT = Path(__file__).resolve().parents[1]
DEV_ONLY_FOLDERS = {"tests", "bench"}
PYPROJECT = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))


def _requirements(entries: list[str]) -> dict[str, Requirement]:
    requirements = (Requirement(entry) for entry in entries)
    return {canonicalize_name(requirement.name): requirement for requirement in requirements}


RUNTIME = _requirements(PYPROJECT["project"]["dependencies"])
DEV = _requirements(PYPROJECT["project"]["optional-dependencies"]["dev"])


def _python_files():
    for path in sorted(PROJECT.rglob("*.py")):
        relative = path.relative_to(PROJECT)
        if relative.parts[0].startswith(".") or "migrations" in relative.parts:
            continue
        yield relative


def _local_modules() -> set[str]:
    return {path.parts[0].removesuffix(".py") for path in _python_files()}


def _imported_top_level_modules(path: Path) -> set[str]:
    tree = ast.parse((PROJECT / path).read_text(encoding="utf-8"), filename=str(path))
    modules = set()
    for node in ast.walk(tree):  # function-level imports count too
        if isinstance(node, ast.Import):
            modules.update(alias.name.partition(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.add(node.module.partition(".")[0])
    return modules


def _settings_modules() -> set[str]:
    """Packages named by string in the settings: apps, middleware, storage backends."""
    dotted = [
        *settings.INSTALLED_APPS,
        *settings.MIDDLEWARE,
        *(storage["BACKEND"] for storage in settings.STORAGES.values()),
    ]
    return {path.partition(".")[0] for path in dotted}


def third_party_imports() -> dict[str, set[str]]:
    """Top-level module -> the files importing it, for modules neither stdlib nor ours."""
    local = _local_modules()
    imports: dict[str, set[str]] = defaultdict(set)
    for path in _python_files():
        for module in _imported_top_level_modules(path):
            imports[module].add(str(path))
    for module in _settings_modules():
        imports[module].add("g40/settings.py (by name)")
    return {
        module: files
        for module, files in imports.items()
        if module not in sys.stdlib_module_names and module not in local
    }


def _is_dev_only(files: set[str]) -> bool:
    return all(Path(file).parts[0] in DEV_ONLY_FOLDERS for file in files)


def test_every_imported_package_is_declared():
    distributions = importlib.metadata.packages_distributions()
    missing = []
    for module, files in sorted(third_party_imports().items()):
        declared = RUNTIME | DEV if _is_dev_only(files) else RUNTIME
        provided_by = {canonicalize_name(name) for name in distributions.get(module, [])}
        if not provided_by & declared.keys():
            where = "[project.optional-dependencies] dev" if _is_dev_only(files) else "dependencies"
            missing.append(
                f"{module} (from {sorted(provided_by) or 'no installed distribution'}),"
                f" imported by {sorted(files)[:3]}: declare it in pyproject.toml {where}"
            )
    assert not missing, "\n".join(missing)


def test_the_scan_sees_third_party_and_skips_stdlib_and_our_apps():
    imports = third_party_imports()
    assert {"django", "celery", "pytest", "whitenoise"} <= imports.keys()
    assert not {"json", "members", "g40", "tests"} & imports.keys()
    assert _is_dev_only(imports["pytest"]) and not _is_dev_only(imports["celery"])


def _locked(lock_file: str) -> dict[str, str]:
    text = (PROJECT / "requirements" / lock_file).read_text(encoding="utf-8")
    pins = re.findall(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)", text, re.M)
    return {canonicalize_name(name): version for name, version in pins}


def _stale(declared: dict[str, Requirement], locked: dict[str, str]) -> list[str]:
    return [
        f"{name}: declared {requirement.specifier or 'any'}, locked {locked.get(name)}"
        for name, requirement in sorted(declared.items())
        if name not in locked or not requirement.specifier.contains(locked[name], prereleases=True)
    ]


def test_the_lock_files_pin_every_declared_package():
    stale = _stale(RUNTIME, _locked("base.txt")) + _stale(RUNTIME | DEV, _locked("dev.txt"))
    assert not stale, "run `make lock` and commit requirements/:\n" + "\n".join(stale)


def test_every_locked_package_carries_a_hash():
    for lock_file in ("base.txt", "dev.txt"):
        text = (PROJECT / "requirements" / lock_file).read_text(encoding="utf-8")
        for block in re.split(r"\n(?=[A-Za-z0-9])", text):
            if "==" in block.partition("\n")[0]:
                assert "--hash=sha256:" in block, f"{lock_file}: {block.partition(chr(10))[0]}"
