"""Every page and export a demo persona reaches, read as a machine and as a person
(issue 22, items 9 and 16): no localised number where a program reads it (SVG, CSS,
``data-*``, input values, CSV, JSON), and in what a person reads no ISO date, no raw
audit action, no large number without grouping, no English sentence of the
project's catalogues, and no two landmarks of one kind with one name (axe's
``landmark-unique``, which the browser crawl checks too); see ``tests/page_values.py``
and ``tests/catalogues.py``.

Without a browser: the test client follows same-origin links from the dashboard as each
demo account (as ``tests/test_crawl.py`` does in Chromium), bounded per link shape, and
reads the exports it links to (CSV, calendar files, the feed). The admin is Django's
own and is not read here."""

from __future__ import annotations

import re
from collections import deque
from io import StringIO
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client

from members.demo import ACCOUNT_DESCRIPTIONS

from .catalogues import english_sentences
from .page_values import (
    csv_problems,
    english_problems,
    json_problems,
    landmark_problems,
    raw_value_problems,
    read_page,
)

pytestmark = pytest.mark.django_db

MAX_PAGES = 150
PER_SHAPE = 2
SKIP = re.compile(r"(/logout/|/static/|/media/|/admin/|\.(xlsx|pdf|png|svg|docx|pptx)$|/i18n/)")
LINK = re.compile(r'<a\b[^>]*\bhref="([^"#]+)', re.IGNORECASE)
DEMO_USERNAMES = sorted({*ACCOUNT_DESCRIPTIONS, "lobbycoordinator"})
PUBLIC_START = ["/ledenbrieven/", "/ledenbrieven/aanmelden/", "/login/"]

# Known findings left to another piece of work: (path pattern, text in the finding).
ALLOWED: dict[tuple[str, str], str] = {}


def shape(url: str) -> str:
    parts = urlsplit(url)
    names = sorted({pair.split("=")[0] for pair in parts.query.split("&") if pair})
    return re.sub(r"\d+", "N", parts.path) + ("?" + "&".join(names) if names else "")


def problems_in(path: str, content_type: str, body: str) -> list[str]:
    if "html" in content_type:
        machine, texts = read_page(body)
        found = [f"machine reads {problem}" for problem in machine]
        found += raw_value_problems(texts)
        found += [f"English: {problem}" for problem in english_problems(texts, english_sentences())]
        found += landmark_problems(body)
    elif "csv" in content_type:
        found = [f"CSV {problem}" for problem in csv_problems(body)]
    elif "json" in content_type:
        found = [f"JSON {problem}" for problem in json_problems(body)]
    else:
        found = []
    return [
        f"{path}: {problem}"
        for problem in found
        if not any(re.search(pattern, path) and text in problem for (pattern, text) in ALLOWED)
    ]


def crawl(client: Client, start: list[str], limit: int = MAX_PAGES) -> tuple[list[str], list[str]]:
    queue = deque(start)
    seen: set[str] = set(start)
    shapes: dict[str, int] = {}
    visited: list[str] = []
    problems: list[str] = []
    while queue and len(visited) < limit:
        url = queue.popleft()
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="nl")
        visited.append(url)
        if response.status_code in (301, 302):
            continue
        if response.status_code >= 400:
            problems.append(f"{url}: answered {response.status_code}")
            continue
        content_type = response.get("Content-Type", "")
        raw = b"".join(response.streaming_content) if response.streaming else response.content
        if not any(kind in content_type for kind in ("html", "csv", "json", "xml", "calendar")):
            continue
        body = raw.decode("utf-8", errors="replace")
        problems += problems_in(urlsplit(url).path, content_type, body)
        if "html" not in content_type:
            continue
        for href in LINK.findall(body):
            href = urljoin(url, href.replace("&amp;", "&"))
            parts = urlsplit(href)
            if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
                continue
            local = parts.path + (f"?{parts.query}" if parts.query else "")
            if local in seen or SKIP.search(parts.path):
                continue
            key = shape(local)
            if shapes.get(key, 0) >= PER_SHAPE:
                continue
            shapes[key] = shapes.get(key, 0) + 1
            seen.add(local)
            queue.append(local)
    return visited, problems


@pytest.fixture
def demo(settings):
    settings.MFA_REQUIRED = False
    call_command("load_demo", force=True, stdout=StringIO())


@pytest.mark.parametrize("username", DEMO_USERNAMES)
def test_every_page_a_persona_reaches_reads_right_for_machine_and_person(demo, username):
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    visited, problems = crawl(client, ["/"])
    assert len(visited) > 5, visited
    assert not problems, f"{len(problems)} problems on {len(visited)} pages:\n" + "\n".join(
        problems
    )


def test_the_public_pages_read_right_for_machine_and_person(demo):
    visited, problems = crawl(Client(), PUBLIC_START)
    assert any(url.startswith("/ledenbrieven/feed/") for url in visited), visited
    assert not problems, "\n".join(problems)


def test_the_reader_finds_each_kind_of_fault():
    # Guard: each check sees what it is for.
    page = (
        '<html lang="nl"><body><svg viewBox="0 0 100 20"><rect x="0" width="104,0"/></svg>'
        '<div style="width: 12,5%" data-share="0,25"></div>'
        '<input type="hidden" name="n" value="1,5"><input inputmode="decimal" value="1,61">'
        "<p>Op 2026-03-18 (create): 92883 inwoners. Dear members of the council and the "
        "college,</p><p>GM0796, factuur 2026-042, 18 maart 2026, 92.883</p></body></html>"
    )
    found = "\n".join(problems_in("/x/", "text/html", page))
    for expected in (
        'width="104,0"',
        "width: 12,5%",
        'data-share="0,25"',
        'value="1,5"',
        "ISO date '2026-03-18'",
        "raw audit action '(create)'",
        "number without grouping '92883'",
        "English: 'Dear members of the council and the college'",
    ):
        assert expected in found, (expected, found)
    assert "1,61" not in found and "GM0796" not in found and "2026-042" not in found
    assert "92.883" not in found
    twice = (
        '<section aria-labelledby="h"><h2 id="h">Leden</h2>'
        '<div role="region" aria-labelledby="h"><table></table></div></section>'
        '<nav aria-label="Kruimelpad"></nav><nav aria-label="Menu"></nav>'
    )
    assert problems_in("/y/", "text/html", twice) == ["/y/: 2 landmarks 'region' named 'leden'"]
    assert problems_in("/x.csv", "text/csv", "a;b\nZwolle;1,5\n") == ["/x.csv: CSV row 2: 1,5"]
    assert problems_in("/x.json", "application/json", '{"a": ["0,5", 2]}') == [
        "/x.json: JSON $.a[0]: 0,5"
    ]
