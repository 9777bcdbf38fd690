"""Headless Chromium for browser tests: Debian's chromium, driven by Playwright, with
axe-core (shipped inside axe-playwright-python) checking each page.

Nothing is downloaded: ``playwright install`` cannot work here, so the browser is the
system's (``which chromium``) and a test is skipped, saying why, where there is none.
"""

import os
import shutil

import pytest

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SERIOUS = {"serious", "critical"}


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")


@pytest.fixture(scope="session")
def chromium():
    path = chromium_path()
    if not path:
        pytest.skip("no chromium on this machine (apt-get install chromium chromium-driver)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests
    # make between page actions are still plain synchronous calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):
    """A fresh browser page on the live server. Any Content-Security-Policy violation
    the browser reports during the test fails it."""
    context = chromium.new_context(base_url=live_server.url, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(10_000)
    csp_violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            csp_violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    context.close()
    assert not csp_violations, f"Content-Security-Policy violations: {csp_violations}"


def log_in(page, username: str, password: str) -> None:
    page.goto("/login/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen", exact=True).click()


def assert_accessible(page) -> None:
    """axe-core finds no serious or critical WCAG 2.1 A/AA violation on the page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={
            "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
        },
    )
    violations = [v for v in results.response["violations"] if v.get("impact") in SERIOUS]
    assert not violations, f"{page.url}: " + "; ".join(
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + ", ".join(str(node["target"]) for node in v["nodes"][:3])
        for v in violations
    )
