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

from bench import run
from bench.prepare import prepare
from networkdays.constants import RegistrationStatus
from networkdays.models import Registration

PAGES = {
    "reference",
    "dashboard",
    "cities",
    "city",
    "network_days",
    "day",
    "attendees",
    "attendees_xlsx",
    "theme_groups",
    "group",
    "review_queue",
    "support",
}


@pytest.fixture
def bench_settings(settings):
    settings.MFA_REQUIRED = False
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]
    return settings


@pytest.mark.urls("bench.urls")
@pytest.mark.django_db(transaction=True)
def test_bench_harness_end_to_end(bench_settings, live_server, tmp_path):
    on_postgres = connection.vendor == "postgresql"
    # SQLite in memory shares one connection with the live server: one client at a time.
    users = 2 if on_postgres else 1
    runs = {}
    burst = None
    for dataset in run.DATASETS:
        if dataset != "demo":
            call_command("flush", interactive=False, verbosity=0)
        spec = prepare(dataset, small=True, sessions_per_role=2)
        assert {page["key"] for page in spec["pages"]} == PAGES
        for page in spec["pages"]:
            assert page["status"] == 200, page
        load = run.measure_pages(
            live_server.url, spec, users=users, warmup=0, seconds=0.1, workdir=tmp_path
        )
        runs[dataset] = {"spec": spec, "load": load}
        if dataset == "ten-year" and on_postgres:
            burst = run.measure_burst(live_server.url, spec, workdir=tmp_path)
            burst["capacity"] = spec["burst"]["capacity"]
            day = spec["burst"]["day_id"]
            burst["outcome"] = {
                status: Registration.objects.filter(network_day_id=day, status=status).count()
                for status in (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING)
            }

    result = run.figures(runs, burst)
    rows = {row["key"]: row for row in result["pages"]}
    assert set(rows) == PAGES
    assert rows["reference"]["ten-year"]["throughput_ratio"] == 1.0
    for key, row in rows.items():
        for dataset in run.DATASETS:
            figures = row[dataset]
            assert figures["requests"] >= 1, (key, dataset)
            assert figures["failures"] == 0, (key, dataset)
            assert figures["median_ms"] is not None and figures["p95_ms"] is not None
            assert figures["throughput_ratio"] is not None
        checks = {check["figure"]: check for check in row["checks"]}
        if key == "reference":
            # Authenticating the session is all it does: the session and the user.
            assert row["demo"]["queries"] == row["ten-year"]["queries"] == 2
            continue
        assert "median latency ten-year / demo" in checks
        assert "throughput / reference (ten-year)" in checks
        # The query targets hold in the suite too: at most 15, the same with more data.
        assert checks["queries"]["pass"], (key, checks["queries"])
        assert checks["same queries in both sets"]["pass"], (
            key,
            checks["same queries in both sets"],
        )
        assert checks["queries on a hit"]["pass"], (key, checks["queries on a hit"])
        assert checks["same queries on a hit in both sets"]["pass"], key
        # Every main page keeps its shared part in the cache: a hit asks less.
        for dataset in run.DATASETS:
            assert row[dataset]["queries_hit"] < row[dataset]["queries"], (key, dataset)

    if burst is not None:
        capacity, clients = burst["capacity"], burst["clients"]
        assert burst["outcome"] == {"confirmed": capacity, "waiting": clients - capacity}
        assert burst["server_errors"] == 0
        assert burst["p95_ms"] is not None
        assert burst["pass"]

    path = run.write_results(result, tmp_path / "results")
    written = json.loads(path.read_text())
    assert {row["key"] for row in written["pages"]} == PAGES
    assert json.loads((tmp_path / "results" / "latest.json").read_text()) == written
    text = run.table(result)
    for row in result["pages"]:
        assert row["label"] in text
