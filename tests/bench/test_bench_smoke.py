"""A short run of the benchmark harness (``make bench``) so that it keeps working.

Small data, the suite's own database (SQLite or PostgreSQL), the app served by the
live server with ``bench.urls``, Locust for a fraction of a second per page. It checks
that every page gets its figures, the reference ratio and the JSON, and holds the
query targets (at most 15 per page, the same with more data). It never asserts on a
timing: those are for ``make bench`` on a quiet machine.
"""

import json

import pytest
from django.core.management import call_command
from django.db import connection

from bench import figures, measure, report, servers, write_figures
from bench.prepare import prepare
from networkdays.constants import RegistrationStatus
from networkdays.models import Registration
from tests.conftest import requires_postgres

PAGES = {
    "reference",
    "dashboard",
    "cities",
    "city",
    "network_days",
    "api_network_days",
    "day",
    "attendees",
    "attendees_xlsx",
    "theme_groups",
    "group",
    "review_queue",
    "support",
    "knowledge",
    "knowledge_search",
    # The newer apps' pages (issue 24: every page held to the figures).
    "membership",
    "contributions",
    "budget",
    "lobby",
    "participation",
    "letters",
    "archive",
    "feed",
}


# Pages over the bench's query target, each with its reason: none since participation's
# measures are counted in batches (issue 24: 18 queries → 12).
OVER_QUERY_TARGET: dict[str, str] = {}


def _outcome(day_id: int) -> dict[str, int]:
    return {
        status: Registration.objects.filter(network_day_id=day_id, status=status).count()
        for status in (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING)
    }


@pytest.fixture
def bench_settings(settings):
    settings.MFA_REQUIRED = False
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]
    # As bench/settings.py: the API's limit counts, and never stops the load.
    settings.API_RATE_PER_ADDRESS = "1000000/s"
    return settings


# PostgreSQL only, as make bench itself: with SQLite in memory the live server's request
# threads share one connection, and a load client that gives up on a request and sends
# the next puts two threads on it; make test once hung there for ten minutes (a request
# thread inside SQLite, the harness waiting on its load process).
@requires_postgres
@pytest.mark.urls("bench.urls")
@pytest.mark.django_db(transaction=True)
def test_bench_harness_end_to_end(bench_settings, live_server, tmp_path):
    on_postgres = connection.vendor == "postgresql"
    users = 2 if on_postgres else 1
    runs = {}
    burst = None
    for dataset in servers.DATASETS:
        if dataset != "demo":
            call_command("flush", interactive=False, verbosity=0)
        spec = prepare(dataset, small=True, sessions_per_role=2)
        assert {page["key"] for page in spec["pages"]} == PAGES
        for page in spec["pages"]:
            assert page["status"] == 200, page
        load = measure.measure_pages(
            live_server.url, spec, users=users, warmup=0, seconds=0.1, workdir=tmp_path
        )
        runs[dataset] = {"spec": spec, "load": load}
        if dataset == "ten-year" and on_postgres:
            burst = measure.measure_burst(live_server.url, spec, workdir=tmp_path)
            burst["capacity"] = spec["burst"]["capacity"]
            burst["outcome"] = _outcome(spec["burst"]["days"][0]["day_id"])

    result = figures.figures(runs, burst)
    rows = {row["key"]: row for row in result["pages"]}
    assert set(rows) == PAGES
    assert rows["reference"]["ten-year"]["throughput_ratio"] == 1.0
    for key, row in rows.items():
        for dataset in servers.DATASETS:
            got = row[dataset]
            assert got["requests"] >= 1, (key, dataset)
            assert got["failures"] == 0, (key, dataset)
            assert got["median_ms"] is not None and got["p95_ms"] is not None
            assert got["throughput_ratio"] is not None
        checks = {check["figure"]: check for check in row["checks"]}
        if key == "reference":
            # Authenticating the session is all it does: the session and the user.
            assert row["demo"]["queries"] == row["ten-year"]["queries"] == 2
            continue
        assert "median latency ten-year / demo" in checks
        # The in-process time against the reference's, in pairs (no page cache).
        for dataset in servers.DATASETS:
            assert checks[f"in-process time / reference's ({dataset})"]["value"] is not None
            assert row[dataset]["miss_ms_in_process"] > 0
        assert "throughput / reference (ten-year)" in checks
        # The query targets hold in the suite too: at most MAX_QUERIES, the same with more
        # data; a page that misses it is named here with its reason (the bench prints
        # FAIL for it all the same).
        if key not in OVER_QUERY_TARGET:
            assert checks["queries"]["pass"], (key, checks["queries"])
        assert checks["same queries in both sets"]["pass"], (
            key,
            checks["same queries in both sets"],
        )

    if burst is not None:
        capacity, clients = burst["capacity"], burst["clients"]
        assert burst["outcome"] == {"confirmed": capacity, "waiting": clients - capacity}
        assert burst["server_errors"] == 0
        assert burst["p95_ms"] is not None
        # The reference burst ran first, with the same clients, all answered.
        assert burst["reference"]["statuses"] == {"200": clients}
        assert burst["pass"]

    path = report.write_results(result, tmp_path / "results")
    written = json.loads(path.read_text())
    assert {row["key"] for row in written["pages"]} == PAGES
    assert json.loads((tmp_path / "results" / "latest.json").read_text()) == written
    text = report.table(result)
    for row in result["pages"]:
        assert row["label"] in text


@requires_postgres
@pytest.mark.urls("bench.urls")
@pytest.mark.django_db(transaction=True)
def test_the_issue_16_scenarios_run_in_a_tiny_mode(bench_settings, live_server, tmp_path):
    """The bursts in rounds, the opening mix and the scale-out's proxy, each in a tiny
    mode against the live server: they run, count exactly, fail nothing and print
    their tables. (Figures against their targets: ``make bench``.)"""
    spec = prepare("ten-year", small=True, sessions_per_role=2)
    people = spec["burst"]["people"]
    days = iter(spec["burst"]["days"])
    capacity = spec["burst"]["capacity"]
    clients = len(people)
    assert clients > capacity

    # Bursts: two rounds, interleaved, a fresh day each.
    runs = []
    for n in range(2):
        runs += measure.burst_runs(live_server.url, spec, clients, next(days), f"{n}:{clients}")
    measured = measure.measure_bursts(runs, spec["session_cookie"], workdir=tmp_path)
    rows = [
        {
            "round": int(r["id"].split(":")[0]),
            "clients": clients,
            "capacity": capacity,
            "reference": measured[r["id"].replace("register", "reference")],
            "register": measured[r["id"]],
            "outcome": _outcome(r["day_id"]),
        }
        for r in runs
        if r["kind"] == "register"
    ]
    bursts = write_figures.burst_figures(rows, target_clients=clients)
    (size,) = bursts["sizes"]
    assert size["rounds"] == 2 and len(size["ratios"]) == 2 and size["ratio"] is not None
    assert size["ratio_spread"] is not None
    exact = [c for c in size["checks"] if not c["figure"].startswith("p95")]
    assert exact and all(c["pass"] for c in exact), exact

    # The opening mix: officials log in with the form and register; others read.
    day = next(days)
    job = measure.mix_spec(
        live_server.url, spec, day, officials=clients, ramp=0.5, readers=1, think=0.1
    )
    load = measure.measure_mix(job, workdir=tmp_path)
    mix = write_figures.mix_figures(
        [{"load": load, "outcome": _outcome(day["day_id"]), "capacity": capacity}]
    )
    assert all(c["pass"] for c in mix["checks"]), mix["checks"]
    pages = {row["key"]: row for row in mix["pages"]}
    assert set(pages) >= {
        "reference",
        "login_form",
        "log_in",
        "network_days",
        "day",
        "register",
        "review_queue",
        "attendees",
        "support",
        "dashboard",
    }
    for key, row in pages.items():
        assert row["failures"] == 0, (key, row)
        assert row["p95_ms"] is not None
    # (The hit rate seen comes from bench.middleware's header, which the live server
    # here does not have: test_the_cache_seen_is_counted_per_answer.)

    # The scale-out's single address: the proxy, here in front of the live server twice.
    port = servers._port(live_server.url)
    with servers.proxy([port, port]) as address:
        day = next(days)
        runs = measure.burst_runs(address, spec, clients, day, "0:scale")
        measured = measure.measure_bursts(runs, spec["session_cookie"], workdir=tmp_path)
        shown = measure.seats_shown(
            address, day["detail_url"], spec["session_cookie"], people[0]["session"]
        )
    scale = write_figures.scale_figures(
        [
            {
                "round": 0,
                "clients": clients,
                "capacity": capacity,
                "groups": 2,
                "workers_per_group": 1,
                "reference": measured["0:scale:reference"],
                "register": measured["0:scale:register"],
                "outcome": _outcome(day["day_id"]),
                "shown": {"1": shown},
            }
        ],
        size,
    )
    assert scale["pass"], scale["checks"]
    assert shown == {"confirmed": capacity, "waiting": clients - capacity}

    result = {
        "datasets": {},
        "pages": [],
        "bursts": bursts,
        "mix": mix,
        "scale_out": scale,
        "settings": {"mix_ramp": 0.5},
        "pass": True,
    }
    text = report.table(result)
    for part in ("bursts:", "opening mix:", "scale-out:", "log_in", "attendees"):
        assert part in text
