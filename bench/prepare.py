"""One data set, in-process: load it, pick each page's object, sign the roles in,
count each page's queries. Writes the spec that the load step (``bench.load``) uses.

Run by the runner as ``python -m bench.prepare DATASET OUT.json`` with
``DJANGO_SETTINGS_MODULE=bench.settings`` and ``DATABASE_URL`` of a fresh database.
The tests call :func:`prepare` directly.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from dataclasses import asdict, dataclass
from importlib import import_module

from django.conf import settings
from django.db import connection
from django.db.models import Count
from django.http import HttpRequest
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

# The accounts that use the pages (the demo accounts; the ten-year set has them too).
OFFICIAL = "ambtenaar-zwolle"
CITY_CONTACT = "contact-zwolle"
SECRETARIAT = "secretariaat"
DB_MEMBER = "db-voorzitter"
PILLAR_SECRETARY = "secretaris-sociaal"
ROLES = (OFFICIAL, CITY_CONTACT, SECRETARIAT, DB_MEMBER, PILLAR_SECRETARY)


@dataclass(frozen=True)
class Page:
    key: str
    label: str
    role: str
    url: str


def pages() -> list[Page]:
    """The main pages, each as the role that uses it, on the same kind of object in
    both data sets: the busiest network day, the theme group with the most members (and
    so the longest history)."""
    from members.models import Person
    from networkdays.models import NetworkDay
    from themegroups.models import ThemeGroup

    zwolle = Person.objects.select_related("city").get(user__username=OFFICIAL).city
    day = NetworkDay.objects.annotate(n=Count("registrations")).order_by("-n", "pk").first()
    group = ThemeGroup.objects.open().annotate(n=Count("memberships")).order_by("-n", "pk").first()
    this_year = timezone.localdate().year
    return [
        Page("reference", "reference page (limit)", OFFICIAL, reverse("bench_reference")),
        Page("dashboard", "dashboard", OFFICIAL, reverse("dashboard")),
        Page("cities", "/cities/", OFFICIAL, reverse("members:city_list")),
        Page("city", "a city's page", CITY_CONTACT, zwolle.get_absolute_url()),
        Page("network_days", "/network-days/", OFFICIAL, reverse("networkdays:list")),
        # The API's open network days (no token needed; the session is not used): held
        # to the same figures as the pages (issue 27).
        Page(
            "api_network_days",
            "/api/v1/network-days",
            OFFICIAL,
            reverse("api:network_day_list"),
        ),
        Page("day", "a day's page", OFFICIAL, day.get_absolute_url()),
        Page(
            "attendees",
            "attendee list",
            SECRETARIAT,
            reverse("networkdays:attendees", kwargs={"pk": day.pk}),
        ),
        Page(
            "attendees_xlsx",
            "attendee export (XLSX)",
            SECRETARIAT,
            reverse("networkdays:attendees_xlsx", kwargs={"pk": day.pk}),
        ),
        Page("theme_groups", "/theme-groups/", OFFICIAL, reverse("themegroups:list")),
        Page("group", "a group's page", PILLAR_SECRETARY, group.get_absolute_url()),
        Page("review_queue", "review queue", DB_MEMBER, reverse("themegroups:review_queue")),
        Page("support", "support page", PILLAR_SECRETARY, reverse("themegroups:support_overview")),
        # Knowledge products (issue 25): the list, and a Dutch search over every file's text.
        Page("knowledge", "/knowledge/", OFFICIAL, reverse("knowledge:list")),
        # One word the demo's products hold too ("Handreiking ..."): with no match the
        # list's own query is skipped, and the two sets would differ by it.
        Page(
            "knowledge_search",
            "knowledge search",
            OFFICIAL,
            reverse("knowledge:list") + "?q=handreikingen",
        ),
        # The apps of issues 18–22 (issue 24: every page held to the figures).
        Page("membership", "/membership/", SECRETARIAT, reverse("admissions:index")),
        Page(
            "contributions",
            "contributions of a year",
            SECRETARIAT,
            reverse("contributions:contributions_year", kwargs={"year": str(this_year)}),
        ),
        Page("budget", "budget", DB_MEMBER, reverse("contributions:budget")),
        Page("lobby", "/lobby/ (dossiers)", OFFICIAL, reverse("lobby:list")),
        Page("participation", "participation", SECRETARIAT, reverse("participation:overview")),
        Page("letters", "member letters (office)", SECRETARIAT, reverse("letters:list")),
        Page("archive", "public letter archive", OFFICIAL, reverse("ledenbrieven:list")),
        Page("feed", "public letter feed", OFFICIAL, reverse("ledenbrieven:feed")),
    ]


def session_for(user) -> str:
    """A signed-in session made as Django's own login makes it (the login signal
    records the login time, as the session timeouts expect); returns its key."""
    from django.contrib.auth import login

    engine = import_module(settings.SESSION_ENGINE)
    request = HttpRequest()
    request.session = engine.SessionStore()
    request.META["REMOTE_ADDR"] = "127.0.0.1"
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session.save()
    return request.session.session_key


def miss_ratio(page: Page, session_key: str, reference_session: str, times: int = 7) -> dict:
    """The page's in-process time against the reference page's, interleaved: seven
    pairs, each the page and then the reference page, so that a busy machine moves both
    alike. Returns both medians and the median ratio. (No page is cached: every view is
    what the names ``miss_*`` once meant, the first view after a write.)"""
    clients = []
    for url, session in ((page.url, session_key), (reverse("bench_reference"), reference_session)):
        client = Client(HTTP_HOST="127.0.0.1")
        client.cookies[settings.SESSION_COOKIE_NAME] = session
        client.get(url)
        clients.append((client, url))
    pairs = []
    for _ in range(times):
        pair = []
        for client, url in clients:
            started = time.perf_counter()
            response = client.get(url)
            if response.streaming:
                b"".join(response)
            pair.append((time.perf_counter() - started) * 1000)
        pairs.append(pair)
    return {
        "miss_ms": round(statistics.median(p for p, _r in pairs), 1),
        "reference_miss_ms": round(statistics.median(r for _p, r in pairs), 1),
        "miss_ratio": round(statistics.median(p / r for p, r in pairs), 2),
    }


def count_queries(page: Page, session_key: str) -> dict:
    """The page's queries and status, with Django's test client against the same
    database, after one request that warms the process. (The time: ``miss_ratio``.)"""
    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    client.get(page.url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(page.url)
    return {
        "status": response.status_code,
        "queries": len(captured.captured_queries),
        "bytes": len(response.content if not response.streaming else b"".join(response)),
    }


def burst_spec(officials: int | None = None) -> dict | None:
    """The coming days of the bursts and the opening mix, in order, and their
    officials: each with a session made directly (the bursts) and a username (the
    opening mix logs in with the form). Only in the ten-year set."""
    from django.contrib.auth import get_user_model

    from networkdays.models import NetworkDay

    from . import data

    days = list(NetworkDay.objects.filter(title__startswith=data.BURST_DAY_TITLE).order_by("pk"))
    if not days:
        return None
    users = (
        get_user_model()
        .objects.filter(username__startswith=data.BURST_USERNAME_PREFIX)
        .select_related("person")
        .order_by("username")
    )
    if officials is not None:
        users = users[:officials]
    return {
        "capacity": days[0].capacity,
        "password": data.BURST_PASSWORD,
        "days": [
            {
                "day_id": day.pk,
                "capacity": day.capacity,
                "detail_url": day.get_absolute_url(),
                "register_url": reverse("networkdays:register", kwargs={"pk": day.pk}),
                "bare_write_url": reverse("bench_bare_write", kwargs={"pk": day.pk}),
                "attendees_url": reverse("networkdays:attendees", kwargs={"pk": day.pk}),
            }
            for day in days
        ],
        "people": [
            {"person_id": user.person.pk, "session": session_for(user), "username": user.username}
            for user in users
        ],
    }


def prepare(
    dataset: str,
    *,
    small: bool = False,
    sessions_per_role: int = 10,
    size: dict | None = None,
    officials: int | None = None,
) -> dict:
    """Load ``dataset`` ("demo" or "ten-year") and return the spec of its run;
    ``small`` makes a small ten-year set (for the test suite and quick runs), ``size``
    changes some of its numbers (``bench.data.Size`` fields), ``officials`` is how many
    of the bursts' officials get a session (default: all)."""
    from dataclasses import replace

    from django.contrib.auth import get_user_model

    from . import data

    if dataset == "demo":
        data.load_demo()
    else:
        base = data.SMALL if small else data.FULL
        data.load_ten_year(size=replace(base, **(size or {})))
    if connection.vendor == "postgresql":
        # Planner statistics, as autovacuum keeps them in production: without them a
        # freshly bulk-loaded table is scanned whole where an index would do.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    User = get_user_model()
    sessions = {
        username: [
            session_for(User.objects.get(username=username)) for _ in range(sessions_per_role)
        ]
        for username in ROLES
    }
    result_pages = []
    for page in pages():
        counted = count_queries(page, sessions[page.role][0])
        counted.update(miss_ratio(page, sessions[page.role][0], sessions[OFFICIAL][0]))
        result_pages.append({**asdict(page), **counted, "sessions": sessions[page.role]})
    return {
        "dataset": dataset,
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "pages": result_pages,
        "sessions": sessions,
        "urls": {
            "login": reverse("login"),
            "network_days": reverse("networkdays:list"),
            "dashboard": reverse("dashboard"),
            "review_queue": reverse("themegroups:review_queue"),
            "support": reverse("themegroups:support_overview"),
            "reference": reverse("bench_reference"),
        },
        "burst": burst_spec(officials) if dataset != "demo" else None,
        "counts": _counts(),
        "table_rows": _table_rows(),
    }


def _table_rows() -> dict:
    """Rows per table of the app (what grows with the network: docs/benchmarks.md)."""
    from django.apps import apps

    rows = {}
    for model in apps.get_models():
        if model._meta.managed and not model._meta.proxy:
            rows[model._meta.db_table] = model._default_manager.using("default").count()
    return dict(sorted(rows.items(), key=lambda item: -item[1]))


def _counts() -> dict:
    from members.models import City, Person
    from networkdays.models import NetworkDay, Registration
    from themegroups.models import ReviewDecision, SupportAssignment, ThemeGroup

    return {
        "cities": City.objects.count(),
        "people": Person.objects.count(),
        "network_days": NetworkDay.objects.count(),
        "registrations": Registration.objects.count(),
        "theme_groups": ThemeGroup.objects.count(),
        "review_decisions": ReviewDecision.objects.count(),
        "support_assignments": SupportAssignment.objects.count(),
    }


def main(argv: list[str]) -> None:
    import argparse

    import django

    parser = argparse.ArgumentParser(prog="python -m bench.prepare")
    parser.add_argument("dataset")
    parser.add_argument("out")
    parser.add_argument("--small", action="store_true")
    parser.add_argument("--size", default="{}", help="JSON: bench.data.Size fields")
    parser.add_argument("--officials", type=int, default=None)
    args = parser.parse_args(argv)
    django.setup()
    spec = prepare(
        args.dataset, small=args.small, size=json.loads(args.size), officials=args.officials
    )
    with open(args.out, "w", encoding="utf-8") as handle:
        json.dump(spec, handle, indent=1)


if __name__ == "__main__":
    main(sys.argv[1:])
