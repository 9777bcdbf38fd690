"""The OpenAPI document that /api/v1/openapi.json serves passes Logius's linter of the
NL API Design Rules (api/adr-ruleset.yaml, Spectral from npm: ``npm ci``) with 0 errors.
Skipped, saying why, where node or the installed Spectral CLI is missing."""

import json
import pathlib
import shutil
import subprocess

import pytest

from .factories import ApiClient

ROOT = pathlib.Path(__file__).resolve().parents[2]
RULESET = ROOT / "api" / "adr-ruleset.yaml"
SPECTRAL = ROOT / "node_modules" / ".bin" / "spectral"
ERROR, WARNING = 0, 1


def spectral(document: dict, tmp_path) -> list[dict]:
    if shutil.which("node") is None:
        pytest.skip("node is not installed (Spectral, the ADR linter, runs on node)")
    if not SPECTRAL.exists():
        pytest.skip("the Spectral CLI is not installed: run `npm ci` in the project folder")
    path = tmp_path / "openapi.json"
    path.write_text(json.dumps(document))
    result = subprocess.run(
        [
            str(SPECTRAL),
            "lint",
            "--ruleset",
            str(RULESET),
            "--format",
            "json",
            "--quiet",
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=ROOT,
    )
    output = result.stdout.strip()
    assert output.startswith("["), f"spectral said: {result.stdout}\n{result.stderr}"
    return json.loads(output)


def served_document(language: str = "nl") -> dict:
    response = ApiClient().get("/api/v1/openapi.json", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return json.loads(response.content)


def _summary(results):
    return "\n".join(
        f"{r['code']}: {r['message']} at {'.'.join(map(str, r['path']))}" for r in results
    )


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_served_document_passes_the_adr_linter(db, tmp_path, language):
    results = spectral(served_document(language), tmp_path)
    errors = [r for r in results if r["severity"] == ERROR]
    warnings = [r for r in results if r["severity"] == WARNING]
    print(f"ADR linter ({language}): {len(errors)} errors, {len(warnings)} warnings")
    assert errors == [], _summary(errors)


def test_the_linter_really_checks(db, tmp_path):
    """The same document without its contact and with a trailing slash fails: the linter
    runs with Logius's rules, not with nothing."""
    document = served_document()
    del document["info"]["contact"]
    document["paths"]["/cities/"] = document["paths"]["/cities"]
    codes = {r["code"] for r in spectral(document, tmp_path) if r["severity"] == ERROR}
    assert {"info-contact", "path-keys-no-trailing-slash"} <= codes


def test_the_ruleset_names_its_source_and_licence():
    head = RULESET.read_text(encoding="utf-8")[:1500]
    assert "github.com/Logius-standaarden/API-Design-Rules/blob/" in head
    assert "media/linter.yaml" in head
    assert "CC BY 4.0" in head
