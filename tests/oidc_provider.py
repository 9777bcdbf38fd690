"""A real OpenID Connect provider for the tests: panva's oidc-provider (npm) through
``scripts/oidc-provider.mjs``, started once per test process on a free loopback port.
Skipped, with the reason, where node or the package is missing (``npm ci`` installs it).

Nothing of the protocol is mocked: the app talks HTTP to the provider (discovery,
authorization, token, JWKS, userinfo, end-session), and the test plays the person's
browser between the two (``ProviderBrowser``)."""

from __future__ import annotations

import json
import os
import pathlib
import select
import shutil
import subprocess
import time
from urllib.parse import urljoin

import pytest
import requests
import time_machine

ROOT = pathlib.Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "oidc-provider.mjs"
STARTUP_SECONDS = 30


class RunningProvider:
    def __init__(self, process: subprocess.Popen, issuer: str):
        self.process = process
        self.issuer = issuer

    @property
    def discovery_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    def register_client(self, *, redirect_uri: str, post_logout_redirect_uri: str) -> dict:
        """Dynamic client registration (RFC 7591): the app as this provider's client."""
        answer = requests.post(
            f"{self.issuer}/reg",
            json={
                "redirect_uris": [redirect_uri],
                "post_logout_redirect_uris": [post_logout_redirect_uri],
                "token_endpoint_auth_method": "client_secret_post",
                "grant_types": ["authorization_code"],
                "response_types": ["code"],
            },
            timeout=10,
        )
        assert answer.status_code == 201, answer.text
        return answer.json()

    def misbehave(self, mode: str) -> None:
        """Make the token endpoint misbehave (see scripts/oidc-provider.mjs); "" heals."""
        answer = requests.post(
            f"{self.issuer}/_test/mode", data=json.dumps({"mode": mode}), timeout=10
        )
        assert answer.status_code == 204


def clock_offset_ms() -> int:
    """How far the tests' pinned clock (``--clock``, time_machine) is from the real one,
    in milliseconds: the provider's clock follows it, so its tokens and cookies are valid
    at the moment the app thinks it is. 0 on the real clock."""
    if not time_machine.escape_hatch.is_travelling():
        return 0
    return round((time.time() - time_machine.escape_hatch.time.time()) * 1000)


def start_provider() -> tuple[RunningProvider | None, str]:
    node = shutil.which("node")
    if node is None:
        return None, "node is not installed: the OpenID provider of the tests cannot start"
    if not (ROOT / "node_modules" / "oidc-provider").is_dir():
        return None, "node_modules/oidc-provider is missing: run `npm ci --ignore-scripts`"
    env = {"PATH": "/usr/bin:/bin", "PORT": "0", "HOST": "127.0.0.1"}
    offset = clock_offset_ms()
    if offset:
        env["CLOCK_OFFSET_MS"] = str(offset)
    process = subprocess.Popen(
        [node, str(SCRIPT)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        ready, _, _ = select.select([process.stdout], [], [], 1)
        if ready:
            line = process.stdout.readline()
            if line.startswith("ready "):
                return RunningProvider(process, line.split()[1]), ""
            if not line:
                break
    process.kill()
    errors = process.stderr.read()[-500:] if process.stderr else ""
    return None, f"the OpenID provider did not start: {errors}"


@pytest.fixture(scope="session")
def oidc_provider():
    provider, reason = start_provider()
    if provider is None:
        # CI installs node and the package: there, a provider that cannot start fails.
        if os.environ.get("G40_REQUIRE_OIDC_PROVIDER"):
            pytest.fail(reason)
        pytest.skip(reason)
    yield provider
    provider.process.terminate()
    provider.process.wait(timeout=10)


class ProviderBrowser:
    """The person's browser at the provider: follows the authorization request to the
    provider's login page, logs in there as ``email`` (with or without a second
    factor), and returns the redirect back to the app (the callback URL with code and
    state), which the test then opens with the app's test client."""

    def __init__(self, issuer: str):
        self.issuer = issuer
        self.session = requests.Session()

    def log_in(
        self,
        authorization_url: str,
        *,
        email: str,
        sub: str = "",
        name: str = "",
        mfa: bool = False,
        verified: bool = True,
    ) -> str:
        url = authorization_url
        for _ in range(10):
            answer = self.session.get(url, allow_redirects=False, timeout=10)
            if answer.status_code in (302, 303):
                location = urljoin(url, answer.headers["Location"])
                if not location.startswith(self.issuer):
                    return location
                url = location
                continue
            assert answer.status_code == 200, answer.text[:500]
            assert "/interaction/" in url, url
            form = {"email": email, "sub": sub, "name": name}
            if mfa:
                form["mfa"] = "on"
            if not verified:
                form["unverified"] = "on"
            answer = self.session.post(f"{url}/login", data=form, allow_redirects=False, timeout=10)
            assert answer.status_code in (302, 303), answer.text[:500]
            url = urljoin(url, answer.headers["Location"])
            if not url.startswith(self.issuer):
                return url
        raise AssertionError("the provider never sent the browser back")
