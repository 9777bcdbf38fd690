"""The runner behind ``make bench``: both data sets on PostgreSQL and gunicorn, as in
production; the figures against their targets; a table and a JSON file.

For each data set (demo, ten-year): a fresh database ``g40_bench_<set>_<pid>``
(cloned from a migrated template), the data loaded and the queries counted
(``bench.prepare``, in-process), gunicorn started on 127.0.0.1 on a free port with
``bench.settings`` and a Celery worker on a Redis broker (as in production: the
worker sends the mails), then, in rounds:

1. every page under N clients, each after the reference page (``bench.load pages``);
2. on the ten-year set, the bursts: N clients at once at the reference page, then N
   officials at once at the register form of a fresh day (``bench.load bursts``);
3. the opening mix: officials log in, open the list and the day and register over a
   ramp while the DB, the secretariat and a pillar secretary read their pages and
   other clients the reference page (``bench.load mix``);
4. the scale-out: two gunicorn groups behind one address (``bench.proxy``), the same
   burst, and each group asked afterwards what it shows.

Databases are dropped and the run's Redis keys deleted at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DATASETS = ("demo", "ten-year")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
# The servers hand mails to this broker; the run's worker sends them (dummy backend).
BROKER_URL = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/1")

# One key for the whole run: the sessions made while preparing are read by gunicorn.
SECRET_KEY = os.environ.get("BENCH_SECRET_KEY") or "bench-" + os.urandom(24).hex()

# The issue's targets. Queries: 15 until issue 25; a theme group's page now lists its
# knowledge products (one more query on a miss), so 16 (see docs/benchmarks.md).
MAX_QUERIES = 16
MIN_THROUGHPUT_RATIO = 0.5
MAX_GROWTH_RATIO = 1.5
MAX_MISS_RATIO = 4.0  # a page's in-process miss time ÷ the reference page's
MAX_BURST_RATIO = 1.5  # the registration burst's p95 ÷ the bare write burst's (issue 24)
MAX_MIX_RATIO = 3.0  # a page's p95 in the opening mix ÷ the reference page's there
# A ratio whose rounds spread more than this (max - min, relative to the median) is
# printed with a warning: the machine moved too much to trust it.
MAX_SPREAD = 0.25
# Pages in the mix whose p95 is printed but not held to MAX_MIX_RATIO, and why.
MIX_EXEMPT = {
    "log_in": "checks the password (Argon2, about 100 ms of CPU by design)",
    "register": "a write; its target is the burst's (p95 <= 1.5 x the bare write's burst)",
}


# --- environment and database ------------------------------------------------------


def server_environment(
    database_url: str, cache_prefix: str = "", broker: bool = False
) -> dict[str, str]:
    """Production settings (DEBUG off) on plain HTTP at 127.0.0.1, no second factor
    (sessions are made directly), mails recorded and then dropped by the dummy mail
    backend, the cache in Redis (``BENCH_REDIS_URL``) under a prefix of the run and
    data set — or, without a prefix (the in-process prepare step), in the process's
    memory. With ``broker`` tasks go to ``BENCH_BROKER_URL`` (the worker sends the
    mails, as in production); without it they run in-process."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DEBUG="0",
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        MFA_REQUIRED="0",
        DATABASE_URL=database_url,
        CELERY_BROKER_URL=BROKER_URL if broker else "",
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
        CACHE_URL=REDIS_URL if cache_prefix else "locmem://",
        CACHE_KEY_PREFIX=cache_prefix or "g40",
    )
    return env


def _redis_check() -> None:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        raise SystemExit(
            f"bench: Redis at {REDIS_URL} does not answer ({exc}); the servers keep their "
            "cache there, as in production (BENCH_REDIS_URL=redis://… for another one)"
        ) from exc


def _broker_forget() -> None:
    """Delete what the run left in the broker (tasks not yet taken, kombu's bindings)."""
    import redis

    with contextlib.suppress(redis.RedisError):
        client = redis.Redis.from_url(BROKER_URL, socket_connect_timeout=2)
        for pattern in ("celery", "_kombu.*", "unacked*"):
            for key in client.scan_iter(match=pattern, count=1000):
                client.delete(key)


def _redis_forget(prefix: str) -> None:
    """Delete the run's keys (rate limits and flags)."""
    import redis

    with contextlib.suppress(redis.RedisError):
        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
        for key in client.scan_iter(match=f"{prefix}:*", count=1000):
            client.delete(key)


def _postgres_url(name: str) -> str:
    base = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
    return f"{base.rstrip('/')}/{name}"


def _admin_sql(*statements: str) -> None:
    import psycopg

    with psycopg.connect(_postgres_url("postgres"), autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement)


def _run(args: list[str], env: dict[str, str], what: str) -> None:
    completed = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True)
    if completed.returncode != 0:
        sys.stderr.write(completed.stdout[-4000:] + completed.stderr[-4000:])
        raise SystemExit(f"bench: {what} failed")


def burst_outcome(database_url: str, day_id: int) -> dict[str, int]:
    """What the database says of a day after its burst: registrations per status."""
    import psycopg

    with psycopg.connect(database_url) as connection:
        rows = connection.execute(
            "SELECT status, count(*) FROM networkdays_registration "
            "WHERE network_day_id = %s GROUP BY status",
            (day_id,),
        ).fetchall()
    return dict(rows)


def outbox_drained(database_url: str, timeout: float = 180) -> float | None:
    """Wait until the worker has sent every mail recorded so far (none unsent or being
    rendered); returns the seconds waited, ``None`` after ``timeout``. Each burst
    starts with the previous burst's mails sent, so it does not share the machine with
    that batch; the time it took is printed (the mails of a burst of registrations go
    out ``OUTBOX_BATCH_DELAY_SECONDS`` after the first, in one batch)."""
    import psycopg

    started = time.monotonic()
    with psycopg.connect(database_url, autocommit=True) as connection:
        while time.monotonic() - started < timeout:
            (waiting,) = connection.execute(
                "SELECT count(*) FROM outbox_outgoingmail WHERE status IN ('unsent', 'rendering')"
            ).fetchone()
            if not waiting:
                return round(time.monotonic() - started, 1)
            time.sleep(0.2)
    return None


# --- gunicorn ------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def gunicorn(env: dict[str, str], workers: int):
    """A gunicorn group of ``workers`` sync workers on a free port; yields its address."""
    port = _free_port()
    process = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "g40.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "60",
            "--log-level",
            "warning",
            "--backlog",
            "4096",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    host = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{host}/health/", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("bench: gunicorn did not start")
            time.sleep(0.3)
        yield host
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextlib.contextmanager
def celery_worker(env: dict[str, str]):
    """The worker that sends the mails, one process, at a lower priority than the web
    servers (mail is what can wait)."""
    process = subprocess.Popen(
        [
            "nice",
            "-n",
            "10",
            str(Path(PYTHON).parent / "celery"),
            "-A",
            "g40",
            "worker",
            "--pool",
            "solo",
            "--loglevel",
            "warning",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
    )
    try:
        yield process
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextlib.contextmanager
def proxy(ports: list[int]):
    """``bench.proxy`` on a free port in front of ``ports``; yields its address."""
    port = _free_port()
    process = subprocess.Popen(
        [PYTHON, "-m", "bench.proxy", str(port), *(str(p) for p in ports)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        if process.stdout.readline().strip() != "ready":
            raise SystemExit("bench: the proxy did not start")
        yield f"http://127.0.0.1:{port}"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)


def _port(host: str) -> int:
    return int(host.rsplit(":", 1)[1])


# --- load (Locust, in its own process) ------------------------------------------------


def preflight(host: str, spec: dict) -> None:
    """Each page once, as its role, before any load: a page that does not answer 200
    (a session not accepted, a redirect to the second factor) stops the run."""
    for page in spec["pages"]:
        request = urllib.request.Request(
            host + page["url"],
            headers={"Cookie": f"{spec['session_cookie']}={page['sessions'][0]}"},
        )
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            status = opener.open(request, timeout=60).status
        except urllib.error.HTTPError as error:
            status = error.code
        if status != 200:
            raise SystemExit(f"bench: {spec['dataset']} {page['url']} answered {status}, not 200")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def measure(
    targets: dict[str, tuple[str, dict]],
    *,
    users: int,
    warmup: float,
    seconds: float,
    reference_seconds: float | None = None,
    rounds: int = 1,
    workdir: Path,
) -> dict[str, dict]:
    """Every page of every data set under ``users`` clients. ``targets`` maps a data
    set to its server's address and spec. Runs are interleaved: for each page, for
    each data set, the reference page and then the page, so that a page is compared
    with the reference measured just before it, and the two data sets' pages with
    each other, seconds apart (the machine's other load changes slowly). With
    ``rounds`` > 1 the whole sequence is repeated and each figure is the median of
    the rounds'.

    Returns per data set ``{page key: figures}``; each page's figures carry
    ``reference_rps`` (its neighbour's) and ``throughput_ratio``; ``reference`` sums
    up all reference runs."""
    reference_seconds = reference_seconds or max(seconds / 2, 0.1)
    first_spec = next(iter(targets.values()))[1]
    keys = [page["key"] for page in first_spec["pages"] if page["key"] != "reference"]
    runs = []
    for round_number in range(rounds):
        for key in keys:
            for dataset, (host, spec) in targets.items():
                by_key = {p["key"]: p for p in spec["pages"]}
                for what, length in (("reference", reference_seconds), (key, seconds)):
                    runs.append(
                        {
                            "id": f"{round_number}:{dataset}:{key}:{what}",
                            "host": host,
                            "key": what,
                            "url": by_key[what]["url"],
                            "sessions": by_key[what]["sessions"],
                            "seconds": length,
                        }
                    )
    job = {
        "session_cookie": first_spec["session_cookie"],
        "users": users,
        "warmup": warmup,
        "runs": runs,
    }
    job_path, out_path = workdir / "pages.json", workdir / "pages-out.json"
    job_path.write_text(json.dumps(job))
    subprocess.run(
        [PYTHON, "-m", "bench.load", "pages", str(job_path), str(out_path)],
        cwd=ROOT,
        check=True,
        timeout=60 + len(runs) * (warmup + seconds + 35),
    )
    measured = json.loads(out_path.read_text())
    results: dict[str, dict] = {}
    for dataset in targets:
        loads: dict[str, dict] = {}
        references = []
        for key in keys:
            pairs = [
                (
                    measured[f"{n}:{dataset}:{key}:{key}"],
                    measured[f"{n}:{dataset}:{key}:reference"],
                )
                for n in range(rounds)
            ]
            references.extend(reference for _page, reference in pairs)
            pages = [page for page, _reference in pairs]
            ratios = [_ratio(page["rps"], reference["rps"]) for page, reference in pairs]
            loads[key] = {
                "requests": sum(page["requests"] for page in pages),
                "failures": sum(page["failures"] for page in pages),
                "median_ms": _middle(page["median_ms"] for page in pages),
                "p95_ms": _middle(page["p95_ms"] for page in pages),
                "mean_ms": _middle(page["mean_ms"] for page in pages),
                "rps": _middle(page["rps"] for page in pages),
                "reference_rps": _middle(reference["rps"] for _page, reference in pairs),
                "throughput_ratio": _middle(ratios),
                "ratios": ratios,
                "ratio_spread": _spread(ratios),
                "rounds": rounds,
            }
        loads["reference"] = _combined(references)
        results[dataset] = loads
    return results


def _middle(values):
    """The median (the upper one of an even count): robust to one noisy round."""
    values = sorted(v for v in values if v is not None)
    return values[len(values) // 2] if values else None


def _spread(values) -> float | None:
    """max - min of the rounds' figures, relative to their median (None for one)."""
    values = [v for v in values if v is not None]
    middle = _middle(values)
    if len(values) < 2 or not middle:
        return None
    return round((max(values) - min(values)) / middle, 2)


def _trust(spread: float | None) -> str:
    """What the table says of a ratio measured in rounds: half its range, relative to
    its median, and UNSURE when the range is over MAX_SPREAD ("-": one round)."""
    if spread is None:
        return "-"
    return f"±{spread / 2:.0%}" + ("?" if spread > MAX_SPREAD else "")


def _combined(runs: list[dict]) -> dict:
    """The reference page over all its runs: requests and failures summed, req/s
    overall, latencies the median of the runs' figures."""

    seconds = sum(r["requests"] / r["rps"] for r in runs if r["rps"])
    requests = sum(r["requests"] for r in runs)
    rps = round(requests / seconds, 1) if seconds else 0.0
    return {
        "requests": requests,
        "failures": sum(r["failures"] for r in runs),
        "median_ms": _middle(r["median_ms"] for r in runs),
        "p95_ms": _middle(r["p95_ms"] for r in runs),
        "mean_ms": _middle(r["mean_ms"] for r in runs),
        "rps": rps,
        "reference_rps": rps,
        "throughput_ratio": 1.0,
        "runs": len(runs),
    }


def measure_pages(host, spec, *, users, warmup, seconds, workdir: Path) -> dict:
    """One data set's pages (the test suite's run)."""
    return measure(
        {spec["dataset"]: (host, spec)},
        users=users,
        warmup=warmup,
        seconds=seconds,
        workdir=workdir,
    )[spec["dataset"]]


def measure_bursts(runs: list[dict], session_cookie: str, *, workdir: Path) -> dict:
    """The bursts, in the given order (``bench.load bursts``); figures by run id."""
    job_path, out_path = workdir / "bursts.json", workdir / "bursts-out.json"
    job_path.write_text(json.dumps({"session_cookie": session_cookie, "runs": runs}))
    budget = sum(120 + 0.5 * len(run["people"]) for run in runs)
    subprocess.run(
        [PYTHON, "-m", "bench.load", "bursts", str(job_path), str(out_path)],
        cwd=ROOT,
        check=True,
        timeout=60 + budget,
    )
    return json.loads(out_path.read_text())


def burst_runs(
    host: str, spec: dict, clients: int, day: dict, tag: str, bare_day: dict | None = None
) -> list[dict]:
    """A reference burst, with ``bare_day`` a bare write burst on that day
    (``bench.views.bare_write``), and a registration burst for ``day``: ``clients``
    officials, the same people, each with their own session."""
    people = spec["burst"]["people"][:clients]
    if len(people) < clients:
        raise SystemExit(f"bench: {clients} clients asked, {len(people)} officials in the data")
    return [
        {
            "id": f"{tag}:reference",
            "kind": "reference",
            "host": host,
            "open_url": spec["urls"]["reference"],
            "people": people,
        },
        *(
            [
                {
                    "id": f"{tag}:bare",
                    "kind": "bare",
                    "host": host,
                    "open_url": bare_day["detail_url"],
                    "post_url": bare_day["bare_write_url"],
                    "people": people,
                    "day_id": bare_day["day_id"],
                }
            ]
            if bare_day is not None
            else []
        ),
        {
            "id": f"{tag}:register",
            "kind": "register",
            "host": host,
            "open_url": day["detail_url"],
            "post_url": day["register_url"],
            "people": people,
            "day_id": day["day_id"],
        },
    ]


def mix_spec(host: str, spec: dict, day: dict, *, officials, ramp, readers, think) -> dict:
    """The opening mix on ``day``: ``officials`` log in and register over ``ramp``
    seconds; ``readers`` clients each read the review queue (DB member), the attendee
    list of the day (secretariat), the support page (pillar secretary), the dashboard
    (all three) and the reference page (an official)."""
    from bench.prepare import DB_MEMBER, OFFICIAL, PILLAR_SECRETARY, SECRETARIAT

    sessions = spec["sessions"]
    urls = spec["urls"]
    people = spec["burst"]["people"][:officials]
    if len(people) < officials:
        raise SystemExit(f"bench: {officials} officials asked, {len(people)} in the data")
    page_readers = [
        ("reference", urls["reference"], sessions[OFFICIAL]),
        ("review_queue", urls["review_queue"], sessions[DB_MEMBER]),
        ("attendees", day["attendees_url"], sessions[SECRETARIAT]),
        ("support", urls["support"], sessions[PILLAR_SECRETARY]),
        (
            "dashboard",
            urls["dashboard"],
            [*sessions[DB_MEMBER], *sessions[SECRETARIAT], *sessions[PILLAR_SECRETARY]],
        ),
    ]
    return {
        "host": host,
        "session_cookie": spec["session_cookie"],
        "login_url": urls["login"],
        "list_url": urls["network_days"],
        "day_url": day["detail_url"],
        "register_url": day["register_url"],
        "ramp": ramp,
        "think": think,
        "officials": [
            {
                "username": person["username"],
                "password": spec["burst"]["password"],
                "person_id": person["person_id"],
            }
            for person in people
        ],
        "readers": [
            {"key": key, "url": url, "sessions": group, "clients": readers}
            for key, url, group in page_readers
        ],
    }


def measure_mix(job: dict, *, workdir: Path) -> dict:
    job_path, out_path = workdir / "mix.json", workdir / "mix-out.json"
    job_path.write_text(json.dumps(job))
    subprocess.run(
        [PYTHON, "-m", "bench.load", "mix", str(job_path), str(out_path)],
        cwd=ROOT,
        check=True,
        timeout=300 + job["ramp"] + 2 * len(job["officials"]),
    )
    return json.loads(out_path.read_text())


SEATS_SHOWN = re.compile(
    r"(\d+) (?:van|of) (\d+) (?:bezet|taken)(?:, (\d+) (?:op de wachtlijst|on the waiting list))?"
)


def seats_shown(host: str, url: str, cookie: str, session: str) -> dict[str, int] | None:
    """The seats a day's page shows (confirmed, waiting), as an official sees it."""
    request = urllib.request.Request(host + url, headers={"Cookie": f"{cookie}={session}"})
    with urllib.request.urlopen(request, timeout=60) as response:
        html = response.read().decode()
    match = SEATS_SHOWN.search(html)
    if match is None:
        return None
    return {"confirmed": int(match.group(1)), "waiting": int(match.group(3) or 0)}


def measure_burst(host, spec, *, workdir: Path, clients: int | None = None, day: int = 0) -> dict:
    """One reference burst and one registration burst (the test suite's run): the
    registration's figures, with the reference burst's as ``reference``."""
    people = spec["burst"]["people"]
    runs = burst_runs(host, spec, clients or len(people), spec["burst"]["days"][day], "0")
    measured = measure_bursts(runs, spec["session_cookie"], workdir=workdir)
    return {**measured["0:register"], "reference": measured["0:reference"]}


# --- figures ---------------------------------------------------------------------------


def _ratio(a, b):
    return round(a / b, 2) if a is not None and b else None


def figures(runs: dict[str, dict], burst: dict | None) -> dict:
    """Each figure with its target and PASS/FAIL. ``runs`` maps a data set to
    ``{"spec": ..., "load": ...}``; a set missing from ``runs`` is left out."""
    present = [name for name in DATASETS if name in runs]
    keys = [page["key"] for page in runs[present[0]]["spec"]["pages"]]
    pages = []
    for key in keys:
        row = {"key": key}
        for name in present:
            spec_page = next(p for p in runs[name]["spec"]["pages"] if p["key"] == key)
            load = runs[name]["load"][key]
            row[name] = {
                "url": spec_page["url"],
                "role": spec_page["role"],
                "status": spec_page["status"],
                "queries": spec_page["queries"],
                "miss_ms_in_process": spec_page.get("miss_ms"),
                "reference_miss_ms_in_process": spec_page.get("reference_miss_ms"),
                **load,
                "throughput_ratio": load.get("throughput_ratio")
                or _ratio(load["rps"], load["reference_rps"]),
            }
        row["label"] = next(
            p["label"] for p in runs[present[0]]["spec"]["pages"] if p["key"] == key
        )
        checks = []
        if key != "reference":
            for kind, field in (("queries", "queries"),):
                counts = [row[name][field] for name in present]
                if None in counts:
                    continue
                checks.append(
                    _check(kind, max(counts), f"<= {MAX_QUERIES}", max(counts) <= MAX_QUERIES)
                )
                if len(present) == 2:
                    checks.append(
                        _check(
                            f"same {kind} in both sets",
                            f"{counts[0]} / {counts[1]}",
                            "equal",
                            counts[0] == counts[1],
                        )
                    )
            for name in present:
                # Measured in pairs with the reference page, interleaved (bench.prepare).
                row[name]["miss_ratio"] = spec_page_of(runs[name]["spec"], key).get("miss_ratio")
                checks.append(
                    _check(
                        f"in-process time / reference's ({name})",
                        row[name]["miss_ratio"],
                        f"<= {MAX_MISS_RATIO}",
                        row[name]["miss_ratio"] is not None
                        and row[name]["miss_ratio"] <= MAX_MISS_RATIO,
                    )
                )
            for name in present:
                ratio = row[name]["throughput_ratio"]
                checks.append(
                    _check(
                        f"throughput / reference ({name})",
                        ratio,
                        f">= {MIN_THROUGHPUT_RATIO}",
                        ratio is not None and ratio >= MIN_THROUGHPUT_RATIO,
                    )
                )
            if len(present) == 2:
                growth = _ratio(row["ten-year"]["median_ms"], row["demo"]["median_ms"])
                row["latency_growth"] = growth
                checks.append(
                    _check(
                        "median latency ten-year / demo",
                        growth,
                        f"<= {MAX_GROWTH_RATIO}",
                        growth is not None and growth <= MAX_GROWTH_RATIO,
                    )
                )
        errors = sum(row[name]["failures"] for name in present)
        checks.append(_check("failed requests", errors, "0", errors == 0))
        row["checks"] = checks
        row["pass"] = all(check["pass"] for check in checks)
        pages.append(row)
    result = {
        "datasets": {name: runs[name]["spec"]["counts"] for name in present},
        "pages": pages,
    }
    if burst is not None and "checks" not in burst:
        capacity = burst["capacity"]
        clients = burst["clients"]
        outcome = burst["outcome"]
        confirmed, waiting = outcome.get("confirmed", 0), outcome.get("waiting", 0)
        burst["checks"] = [
            _check("confirmed", confirmed, f"== {capacity}", confirmed == capacity),
            _check("waiting", waiting, f"== {clients - capacity}", waiting == clients - capacity),
            _check("server errors", burst["server_errors"], "0", burst["server_errors"] == 0),
            _check("p95 latency (ms)", burst["p95_ms"], "printed", burst["p95_ms"] is not None),
        ]
        burst["pass"] = all(check["pass"] for check in burst["checks"])
        result["burst"] = burst
    result["pass"] = all(row["pass"] for row in pages) and (burst is None or burst["pass"])
    return result


def spec_page_of(spec: dict, key: str) -> dict:
    return next(p for p in spec["pages"] if p["key"] == key)


def burst_figures(bursts: list[dict], *, target_clients: int) -> dict:
    """``bursts``: per round and size ``{"clients", "round", "reference", "bare",
    "register", "outcome", "capacity"}``. Per size: the p95 ratio register ÷ bare write
    per round (issue 24; without a bare burst: ÷ reference), its median and spread; at
    every size the ratio is held to MAX_BURST_RATIO, the count must be exact and
    nothing may fail."""
    sizes = []
    for clients in sorted({b["clients"] for b in bursts}):
        mine = [b for b in bursts if b["clients"] == clients]
        ratios = [
            _ratio(b["register"]["p95_ms"], b.get("bare", b["reference"])["p95_ms"]) for b in mine
        ]
        ratio = _middle(ratios)
        checks = []
        if clients == target_clients or all("bare" in b for b in mine):
            checks.append(
                _check(
                    "p95 register / bare write burst",
                    ratio,
                    f"<= {MAX_BURST_RATIO}",
                    ratio is not None and ratio <= MAX_BURST_RATIO,
                )
            )
        for b in mine:
            capacity, outcome = b["capacity"], b["outcome"]
            confirmed, waiting = outcome.get("confirmed", 0), outcome.get("waiting", 0)
            errors = (
                b["register"]["server_errors"]
                + b["reference"]["server_errors"]
                + b.get("bare", {}).get("server_errors", 0)
            )
            checks += [
                _check(
                    f"round {b['round']}: confirmed",
                    confirmed,
                    f"== {capacity}",
                    confirmed == capacity,
                ),
                _check(
                    f"round {b['round']}: waiting",
                    waiting,
                    f"== {clients - capacity}",
                    waiting == clients - capacity,
                ),
                _check(f"round {b['round']}: server errors", errors, "0", errors == 0),
                _check(
                    f"round {b['round']}: every mail sent",
                    b.get("mail_sent_within_s", 0),
                    "sent",
                    b.get("mail_sent_within_s", 0) is not None,
                ),
                _check(
                    f"round {b['round']}: every reference answered 200",
                    b["reference"]["statuses"],
                    f"{{'200': {clients}}}",
                    b["reference"]["statuses"] == {"200": clients},
                ),
            ]
        sizes.append(
            {
                "clients": clients,
                "capacity": mine[0]["capacity"],
                "rounds": len(mine),
                "reference_p95_ms": _middle(b["reference"]["p95_ms"] for b in mine),
                "reference_median_ms": _middle(b["reference"]["median_ms"] for b in mine),
                "register_p95_ms": _middle(b["register"]["p95_ms"] for b in mine),
                "bare_p95_ms": _middle(b["bare"]["p95_ms"] for b in mine if "bare" in b),
                "bare_median_ms": _middle(b["bare"]["median_ms"] for b in mine if "bare" in b),
                "register_median_ms": _middle(b["register"]["median_ms"] for b in mine),
                "ratio": ratio,
                "ratios": ratios,
                "ratio_spread": _spread(ratios),
                "target": clients == target_clients or all("bare" in b for b in mine),
                "outcomes": [b["outcome"] for b in mine],
                "statuses": [b["register"]["statuses"] for b in mine],
                # Seconds from the burst's end until the worker had sent its mails
                # (the batch delay included); None: not within the wait.
                "mail_sent_within_s": [b.get("mail_sent_within_s") for b in mine],
                "checks": checks,
                "pass": all(c["pass"] for c in checks),
            }
        )
    return {"sizes": sizes, "pass": all(size["pass"] for size in sizes)}


def mix_figures(mixes: list[dict]) -> dict:
    """``mixes``: per round ``{"load": bench.load mix's result, "outcome", "capacity"}``.
    Per page: the medians over rounds of p50, p95 and req/s,
    and of the p95 ÷ the reference page's p95 in the same round."""
    keys = []
    for m in mixes:
        keys += [k for k in m["load"]["pages"] if k not in keys]
    rows = []
    for key in keys:
        seen = [m["load"]["pages"][key] for m in mixes if key in m["load"]["pages"]]
        ratios = [
            _ratio(m["load"]["pages"][key]["p95_ms"], m["load"]["pages"]["reference"]["p95_ms"])
            for m in mixes
            if key in m["load"]["pages"] and "reference" in m["load"]["pages"]
        ]
        ratio = _middle(ratios)
        failures = sum(page["failures"] for page in seen)
        checks = [_check("failed requests", failures, "0", failures == 0)]
        if key != "reference" and key not in MIX_EXEMPT:
            checks.append(
                _check(
                    "p95 / reference's p95",
                    ratio,
                    f"<= {MAX_MIX_RATIO}",
                    ratio is not None and ratio <= MAX_MIX_RATIO,
                )
            )
        rows.append(
            {
                "key": key,
                "requests": sum(page["requests"] for page in seen),
                "failures": failures,
                "median_ms": _middle(page["median_ms"] for page in seen),
                "p95_ms": _middle(page["p95_ms"] for page in seen),
                "rps": _middle(page["rps"] for page in seen),
                "ratio": ratio,
                "ratio_spread": _spread(ratios),
                "exempt": MIX_EXEMPT.get(key),
                "checks": checks,
                "pass": all(c["pass"] for c in checks),
            }
        )
    order = ["reference", "login_form", "log_in", "network_days", "day", "register"]
    rows.sort(key=lambda r: (order.index(r["key"]) if r["key"] in order else len(order), r["key"]))
    checks = []
    for n, m in enumerate(mixes):
        capacity, officials = m["capacity"], m["load"]["officials"]
        confirmed = m["outcome"].get("confirmed", 0)
        waiting = m["outcome"].get("waiting", 0)
        checks += [
            _check(f"round {n}: confirmed", confirmed, f"== {capacity}", confirmed == capacity),
            _check(
                f"round {n}: waiting",
                waiting,
                f"== {officials - capacity}",
                waiting == officials - capacity,
            ),
            _check(
                f"round {n}: server errors",
                m["load"]["server_errors"],
                "0",
                m["load"]["server_errors"] == 0,
            ),
            _check(
                f"round {n}: every official done",
                m["load"]["finished"],
                "True",
                m["load"]["finished"] and not m["load"]["client_errors"],
            ),
        ]
    return {
        "officials": mixes[0]["load"]["officials"],
        "seconds": [m["load"]["seconds"] for m in mixes],
        "client_errors": [m["load"]["client_errors"] for m in mixes],
        "outcomes": [m["outcome"] for m in mixes],
        "pages": rows,
        "checks": checks,
        "pass": all(r["pass"] for r in rows) and all(c["pass"] for c in checks),
    }


def scale_figures(bursts: list[dict], single: dict | None) -> dict:
    """The same burst through two server groups behind one address: exact, no
    error, and each group showing the database's count afterwards (nothing stale)."""
    checks = []
    for b in bursts:
        capacity, clients, outcome = b["capacity"], b["clients"], b["outcome"]
        errors = b["register"]["server_errors"] + b["reference"]["server_errors"]
        checks += [
            _check(
                f"round {b['round']}: confirmed",
                outcome.get("confirmed", 0),
                f"== {capacity}",
                outcome.get("confirmed", 0) == capacity,
            ),
            _check(
                f"round {b['round']}: waiting",
                outcome.get("waiting", 0),
                f"== {clients - capacity}",
                outcome.get("waiting", 0) == clients - capacity,
            ),
            _check(f"round {b['round']}: server errors", errors, "0", errors == 0),
        ]
        for group, shown in b["shown"].items():
            expected = {
                "confirmed": outcome.get("confirmed", 0),
                "waiting": outcome.get("waiting", 0),
            }
            checks.append(
                _check(
                    f"round {b['round']}: group {group} shows",
                    shown,
                    f"== {expected}",
                    shown == expected,
                )
            )
    ratios = [_ratio(b["register"]["p95_ms"], b["reference"]["p95_ms"]) for b in bursts]
    return {
        "clients": bursts[0]["clients"],
        "capacity": bursts[0]["capacity"],
        "groups": bursts[0]["groups"],
        "workers_per_group": bursts[0]["workers_per_group"],
        "reference_p95_ms": _middle(b["reference"]["p95_ms"] for b in bursts),
        "register_p95_ms": _middle(b["register"]["p95_ms"] for b in bursts),
        "ratio": _middle(ratios),
        "ratio_spread": _spread(ratios),
        "single_group_ratio": single["ratio"] if single else None,
        "checks": checks,
        "pass": all(c["pass"] for c in checks),
    }


def _check(name, value, target, passed) -> dict:
    return {"figure": name, "value": value, "target": target, "pass": bool(passed)}


def _mark(passed: bool) -> str:
    return "PASS" if passed else "FAIL"


def table(result: dict) -> str:
    present = [name for name in DATASETS if name in result["datasets"]]
    lines = []
    header = f"{'page':<24}{'role':<20}{'queries':>9}{'ms':>13}{'ms×ref':>11}"
    for name in present:
        header += f" | {name + ' med/p95 ms':>22}{'req/s':>8}{'×ref':>6}{'spread':>8}"
    if len(present) == 2:
        header += f" | {'growth':>6}"
    header += " | result"
    lines.append(header)
    lines.append("-" * len(header))
    for row in result["pages"]:
        counts = "/".join(str(row[name]["queries"]) for name in present)
        misses = "/".join(f"{row[name].get('miss_ms_in_process')}" for name in present)
        miss_ratios = "/".join(f"{row[name].get('miss_ratio') or '-'}" for name in present)
        line = (
            f"{row['label']:<24}{row[present[0]]['role']:<20}{counts:>9}{misses:>13}"
            f"{miss_ratios:>11}"
        )
        for name in present:
            r = row[name]
            latency = f"{r['median_ms']}/{r['p95_ms']}"
            spread = _trust(r.get("ratio_spread")) if row["key"] != "reference" else ""
            line += f" | {latency:>22}{r['rps']:>8}{(r['throughput_ratio'] or 0):>6.2f}"
            line += f"{spread:>8}"
        if len(present) == 2:
            growth = row.get("latency_growth")
            line += f" | {growth if growth is not None else '-':>6}"
        failed = [c["figure"] for c in row["checks"] if not c["pass"]]
        line += " | " + (_mark(row["pass"]) + (f" ({', '.join(failed)})" if failed else ""))
        lines.append(line)
    lines.append("")
    lines.append(
        "queries: per view (no page is cached); ms: in-process, one client; ms×ref: the "
        "median of seven pairs, the page's time ÷ the reference page's measured right after it"
    )
    lines.append(
        f"targets: queries <= {MAX_QUERIES} and equal in both sets; ms <= {MAX_MISS_RATIO} × "
        f"reference's; throughput >= {MIN_THROUGHPUT_RATIO} × reference; median latency "
        f"ten-year <= {MAX_GROWTH_RATIO} × demo; spread: ± half the range of a ratio over "
        f"the rounds, relative to its median; '?': the range is over {MAX_SPREAD:.0%} of "
        "the median — too wide to trust the ratio (run more rounds, or on a quiet machine)"
    )
    failing = [
        f"{row['label']} ({name}: {row[name]['miss_ms_in_process']} ms, "
        f"{row[name].get('miss_ratio')} × reference)"
        for row in result["pages"]
        for name in present
        if row["key"] != "reference"
        and (row[name].get("miss_ratio") is None or row[name]["miss_ratio"] > MAX_MISS_RATIO)
    ]
    if failing:
        lines.append("in-process time over target: " + "; ".join(failing))
    bursts = result.get("bursts")
    if bursts:
        lines.append("")
        lines.append(
            "bursts: N clients at once at the reference page, then N officials at once at a "
            "bare write (lock the day, insert a row and its audit entry, redirect) on a fresh "
            "day, then at the register form of another fresh day (medians over the rounds); "
            "p95 ratio: register ÷ bare write"
        )
        head = (
            f"{'clients':>8}{'seats':>7}{'rounds':>8} | {'reference med/p95 ms':>21} | "
            f"{'bare write med/p95 ms':>22} | "
            f"{'register med/p95 ms':>20} | {'p95 ratio':>9}{'spread':>8} | outcome | result"
        )
        lines.append(head)
        lines.append("-" * len(head))
        for size in bursts["sizes"]:
            ref = f"{size['reference_median_ms']}/{size['reference_p95_ms']}"
            reg = f"{size['register_median_ms']}/{size['register_p95_ms']}"
            bare = f"{size.get('bare_median_ms')}/{size.get('bare_p95_ms')}"
            outcomes = ", ".join(
                f"{o.get('confirmed', 0)}+{o.get('waiting', 0)}" for o in size["outcomes"]
            )
            failed = [c["figure"] for c in size["checks"] if not c["pass"]]
            mark = _mark(size["pass"]) + (f" ({', '.join(failed)})" if failed else "")
            target = f" (target <= {MAX_BURST_RATIO})" if size["target"] else " (printed)"
            lines.append(
                f"{size['clients']:>8}{size['capacity']:>7}{size['rounds']:>8} | {ref:>21} | "
                f"{bare:>22} | {reg:>20} | {size['ratio']!s:>9}{_trust(size['ratio_spread']):>8} | "
                f"{outcomes} | {mark}{target}"
            )
            sent = size.get("mail_sent_within_s") or []
            if any(s is not None for s in sent):
                lines.append(
                    f"{'':>23} mails of the burst sent by the worker within "
                    + ", ".join("?" if s is None else f"{s} s" for s in sent)
                    + " after it (the batch delay included)"
                )
    mix = result.get("mix")
    if mix:
        lines.append("")
        lines.append(
            f"opening mix: {mix['officials']} officials log in, open the list and the day "
            f"and register over {result['settings'].get('mix_ramp')} s while others read "
            f"(took {mix['seconds']} s; confirmed+waiting {mix['outcomes']})"
        )
        head = (
            f"{'page':<16}{'requests':>9}{'med/p95 ms':>14}{'req/s':>8}"
            f"{'p95×ref':>9}{'spread':>8} | result"
        )
        lines.append(head)
        lines.append("-" * len(head))
        for row in mix["pages"]:
            failed = [c["figure"] for c in row["checks"] if not c["pass"]]
            mark = _mark(row["pass"]) + (f" ({', '.join(failed)})" if failed else "")
            if row["exempt"]:
                mark += f" — p95 printed: {row['exempt']}"
            lines.append(
                f"{row['key']:<16}{row['requests']:>9}"
                f"{str(row['median_ms']) + '/' + str(row['p95_ms']):>14}{row['rps']:>8}"
                f"{row['ratio']!s:>9}{_trust(row['ratio_spread']):>8} | {mark}"
            )
        failed = [c for c in mix["checks"] if not c["pass"]]
        lines.append(
            f"mix: capacity exact, 0 server errors, every official done — {_mark(not failed)}"
            + (f" ({failed})" if failed else "")
        )
    scale = result.get("scale_out")
    if scale:
        lines.append("")
        failed = [c for c in scale["checks"] if not c["pass"]]
        lines.append(
            f"scale-out: {scale['groups']} gunicorn groups × {scale['workers_per_group']} workers "
            f"behind one address (bench.proxy), shared PostgreSQL and Redis: {scale['clients']} "
            f"clients, {scale['capacity']} seats; reference p95 {scale['reference_p95_ms']} ms, "
            f"register p95 {scale['register_p95_ms']} ms, ratio {scale['ratio']} "
            f"(one group: {scale['single_group_ratio']}); exact, no error, every group shows "
            f"the database's count — {_mark(scale['pass'])}" + (f" ({failed})" if failed else "")
        )
    burst = result.get("burst")
    if burst:
        lines.append(
            f"registration burst: {burst['clients']} clients at once, {burst['capacity']} seats: "
            f"{burst['outcome'].get('confirmed', 0)} confirmed, "
            f"{burst['outcome'].get('waiting', 0)} waiting, "
            f"{burst['server_errors']} server errors, statuses {burst['statuses']}, "
            f"median {burst['median_ms']} ms, p95 {burst['p95_ms']} ms — {_mark(burst['pass'])}"
        )
    lines.append(f"overall: {_mark(result['pass'])}")
    return "\n".join(lines)


def write_results(result: dict, directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S")
    path = directory / f"bench-{stamp}.json"
    text = json.dumps(result, indent=1, default=str)
    path.write_text(text)
    (directory / "latest.json").write_text(text)
    return path


# --- the whole run -----------------------------------------------------------------------

QUICK = {
    # A few seconds per part on small data: proves that every part runs and prints.
    "users": 2,
    "seconds": 1.0,
    "reference_seconds": 0.5,
    "warmup": 0.2,
    "rounds": 1,
    "burst_clients": "12",
    "burst_capacity": 4,
    "mix_officials": 12,
    "mix_ramp": 3.0,
    "mix_readers": 1,
    "mix_think": 0.3,
    "workers": 2,
    "small": True,
}


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--quick",
        action="store_true",
        help="every part, small and short (proves it runs; the figures mean little): "
        + ", ".join(f"{k}={v}" for k, v in QUICK.items()),
    )
    parser.add_argument("--users", type=int, default=10, help="concurrent clients per page")
    parser.add_argument("--seconds", type=float, default=5, help="measured seconds per page")
    parser.add_argument(
        "--reference-seconds", type=float, default=3, help="measured seconds per reference run"
    )
    parser.add_argument("--warmup", type=float, default=1, help="unmeasured seconds first")
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="repeat the pages and the bursts, interleaved; figures are the medians",
    )
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 2))
    parser.add_argument("--datasets", default=",".join(DATASETS))
    parser.add_argument("--pages", default="", help="only these page keys (and the reference)")
    parser.add_argument("--no-pages", action="store_true", help="skip the pages under load")
    parser.add_argument("--no-burst", action="store_true")
    parser.add_argument(
        "--burst-clients",
        default="300,1000",
        help="clients per burst; the first size is held to the target, the others printed",
    )
    parser.add_argument("--burst-capacity", type=int, default=100, help="seats of each day")
    parser.add_argument("--no-mix", action="store_true")
    parser.add_argument("--mix-officials", type=int, default=300)
    parser.add_argument("--mix-ramp", type=float, default=30, help="seconds over which they come")
    parser.add_argument("--mix-readers", type=int, default=3, help="clients per read page")
    parser.add_argument("--mix-think", type=float, default=1.0, help="a reader's pause (s)")
    parser.add_argument("--mix-rounds", type=int, default=1)
    parser.add_argument("--no-scale-out", action="store_true")
    parser.add_argument("--groups", type=int, default=2, help="server groups in the scale-out")
    parser.add_argument(
        "--group-workers", type=int, default=0, help="workers per group (default: workers / groups)"
    )
    parser.add_argument("--no-worker", action="store_true", help="no Celery worker, no broker")
    parser.add_argument("--small", action="store_true", help="a small ten-year set (quick)")
    parser.add_argument("--out", default=str(ROOT / "bench-results"))
    parser.add_argument("--keep-databases", action="store_true")
    args = parser.parse_args(argv)
    if args.quick:
        given = {a.split("=")[0].lstrip("-").replace("-", "_") for a in (argv or sys.argv[1:])}
        for name, value in QUICK.items():
            if name not in given:
                setattr(args, name, value)
    args.burst_sizes = [int(n) for n in str(args.burst_clients).split(",") if n]
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    datasets = [name for name in args.datasets.split(",") if name]
    tag = os.getpid()
    template = f"g40_bench_template_{tag}"
    created: list[str] = []
    specs: dict[str, dict] = {}
    databases: dict[str, str] = {}
    loads: dict[str, dict] = {}
    burst_rows: list[dict] = []
    mix_rows: list[dict] = []
    scale_rows: list[dict] = []
    workdir = Path(tempfile.mkdtemp(prefix="g40-bench-"))
    started = time.monotonic()
    prefixes = {dataset: f"g40bench-{tag}-{dataset}" for dataset in datasets}
    writes = "ten-year" in datasets
    do_burst = writes and not args.no_burst and args.burst_sizes
    do_mix = writes and not args.no_mix
    do_scale = writes and not args.no_scale_out and args.groups > 1 and args.burst_sizes
    # A fresh day for every registration burst, its bare write burst and every opening.
    days_needed = (
        args.rounds * ((2 * len(args.burst_sizes) if do_burst else 0) + (1 if do_scale else 0))
        + (args.mix_rounds if do_mix else 0)
        + (1 if do_burst or do_mix else 0)  # the warm-up
        + (1 if do_scale else 0)  # the scale-out's warm-up
    )
    officials = max([*args.burst_sizes, args.mix_officials if do_mix else 0, 1])
    size = {
        "burst_capacity": args.burst_capacity,
        "burst_days": max(days_needed, 1),
        "burst_officials": officials,
    }
    _redis_check()
    broker = not args.no_worker
    try:
        env = server_environment(_postgres_url(template))
        print("bench: collecting static files, migrating a template database …", flush=True)
        _run([PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"], env, "collectstatic")
        _admin_sql(f'CREATE DATABASE "{template}"')
        created.append(template)
        _run([PYTHON, "manage.py", "migrate", "--no-input", "-v0"], env, "migrate")
        for dataset in datasets:
            name = f"g40_bench_{dataset.replace('-', '_')}_{tag}"
            _admin_sql(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
            created.append(name)
            databases[dataset] = _postgres_url(name)
            spec_path = workdir / f"{dataset}-spec.json"
            print(f"bench: {dataset}: loading data and counting queries …", flush=True)
            command = [PYTHON, "-m", "bench.prepare", dataset, str(spec_path)]
            command += ["--size", json.dumps(size), "--officials", str(officials)]
            _run(
                command + (["--small"] if args.small else []),
                server_environment(databases[dataset]),
                f"preparing {dataset}",
            )
            spec = json.loads(spec_path.read_text())
            if args.pages:
                wanted = {"reference", *args.pages.split(",")}
                spec["pages"] = [p for p in spec["pages"] if p["key"] in wanted]
            specs[dataset] = spec
            print(f"bench: {dataset}: {spec['counts']}", flush=True)
        days = iter(specs["ten-year"]["burst"]["days"]) if writes else iter(())

        def server_env(dataset):
            return server_environment(databases[dataset], prefixes[dataset], broker=broker)

        with contextlib.ExitStack() as servers:
            if broker and writes:
                servers.enter_context(celery_worker(server_env("ten-year")))
            hosts = {
                dataset: servers.enter_context(gunicorn(server_env(dataset), args.workers))
                for dataset in datasets
            }
            for dataset in datasets:
                preflight(hosts[dataset], specs[dataset])
            if not args.no_pages:
                print(
                    f"bench: gunicorn ({args.workers} workers each) at {hosts}; {args.users} "
                    f"clients; per page {args.seconds:g} s after the reference page for "
                    f"{args.reference_seconds:g} s, data sets interleaved, {args.rounds} "
                    "round(s) …",
                    flush=True,
                )
                loads = measure(
                    {dataset: (hosts[dataset], specs[dataset]) for dataset in datasets},
                    users=args.users,
                    warmup=args.warmup,
                    seconds=args.seconds,
                    reference_seconds=args.reference_seconds,
                    rounds=args.rounds,
                    workdir=workdir,
                )
            if do_burst or do_mix:
                # Warm every worker's registration path (imports, templates, the
                # calendar), as a server that has run for a while is: a burst of two
                # clients per worker on a day of its own, not counted.
                spec = specs["ten-year"]
                warm = burst_runs(
                    hosts["ten-year"], spec, min(2 * args.workers, officials), next(days), "warm"
                )
                measure_bursts(warm, spec["session_cookie"], workdir=workdir)
            if do_burst:
                spec = specs["ten-year"]
                print(
                    f"bench: bursts of {args.burst_sizes} clients for "
                    f"{args.burst_capacity} seats, {args.rounds} round(s) …",
                    flush=True,
                )
                outbox_drained(databases["ten-year"])  # the warm-up burst's mails
                for n in range(args.rounds):
                    for clients in args.burst_sizes:
                        bare_day = next(days)
                        runs = burst_runs(
                            hosts["ten-year"],
                            spec,
                            clients,
                            next(days),
                            f"{n}:{clients}",
                            bare_day=bare_day,
                        )
                        measured = measure_bursts(runs, spec["session_cookie"], workdir=workdir)
                        # The burst's mails sent before the next burst starts.
                        mail_s = outbox_drained(databases["ten-year"])
                        burst_rows.append(
                            {
                                "round": n,
                                "clients": clients,
                                "capacity": args.burst_capacity,
                                "reference": measured[runs[0]["id"]],
                                "bare": measured[runs[1]["id"]],
                                "register": measured[runs[2]["id"]],
                                "outcome": burst_outcome(databases["ten-year"], runs[2]["day_id"]),
                                "mail_sent_within_s": mail_s,
                            }
                        )
            if do_mix:
                spec = specs["ten-year"]
                for n in range(args.mix_rounds):
                    day = next(days)
                    print(
                        f"bench: opening mix {n}: {args.mix_officials} officials over "
                        f"{args.mix_ramp:g} s, {args.mix_readers} reader(s) per page …",
                        flush=True,
                    )
                    job = mix_spec(
                        hosts["ten-year"],
                        spec,
                        day,
                        officials=args.mix_officials,
                        ramp=args.mix_ramp,
                        readers=args.mix_readers,
                        think=args.mix_think,
                    )
                    mix_rows.append(
                        {
                            "load": measure_mix(job, workdir=workdir),
                            "outcome": burst_outcome(databases["ten-year"], day["day_id"]),
                            "capacity": day["capacity"],
                        }
                    )
        if do_scale:
            scale_rows = scale_out(args, specs["ten-year"], server_env("ten-year"), days, workdir)
            for row in scale_rows:
                row["outcome"] = burst_outcome(databases["ten-year"], row["day_id"])
    finally:
        if not args.keep_databases:
            for name in reversed(created):
                with contextlib.suppress(Exception):
                    _admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(workdir, ignore_errors=True)
        for prefix in prefixes.values():
            _redis_forget(prefix)
        if broker:
            _broker_forget()
    result = summarise(args, datasets, specs, loads, burst_rows, mix_rows, scale_rows)
    result["settings"]["duration_s"] = round(time.monotonic() - started)
    print()
    print(table(result))
    path = write_results(result, Path(args.out))
    print(f"\nbench: figures written to {path}")
    return 0 if result["pass"] else 1


def scale_out(args, spec: dict, env: dict, days, workdir: Path) -> list[dict]:
    """``args.groups`` gunicorn groups (as that many hosts) on the same database and
    Redis, behind one address (``bench.proxy``): each round a reference burst and a
    registration burst through it; afterwards each group is asked, directly, what the
    day's page shows."""
    per_group = args.group_workers or max(1, args.workers // args.groups)
    clients = args.burst_sizes[0]
    rows = []
    with contextlib.ExitStack() as servers:
        if not args.no_worker:
            servers.enter_context(celery_worker(env))
        groups = [servers.enter_context(gunicorn(env, per_group)) for _ in range(args.groups)]
        address = servers.enter_context(proxy([_port(host) for host in groups]))
        preflight(address, spec)
        print(
            f"bench: scale-out: {args.groups} groups × {per_group} workers behind {address}; "
            f"{clients} clients, {args.rounds} round(s) …",
            flush=True,
        )
        official = spec["burst"]["people"][0]["session"]
        warm = burst_runs(
            address, spec, min(2 * per_group * args.groups, clients), next(days), "warm"
        )
        measure_bursts(warm, spec["session_cookie"], workdir=workdir)
        for n in range(args.rounds):
            day = next(days)
            # Each group shows the day first (its fragments cached), so that a group
            # that missed the burst's writes would show the old count.
            for host in groups:
                seats_shown(host, day["detail_url"], spec["session_cookie"], official)
            runs = burst_runs(address, spec, clients, day, f"{n}:{clients}")
            measured = measure_bursts(runs, spec["session_cookie"], workdir=workdir)
            rows.append(
                {
                    "round": n,
                    "clients": clients,
                    "capacity": args.burst_capacity,
                    "groups": args.groups,
                    "workers_per_group": per_group,
                    "reference": measured[runs[0]["id"]],
                    "register": measured[runs[1]["id"]],
                    "day_id": day["day_id"],
                    "shown": {
                        str(i + 1): seats_shown(
                            host, day["detail_url"], spec["session_cookie"], official
                        )
                        for i, host in enumerate(groups)
                    },
                }
            )
    return rows


def summarise(args, datasets, specs, loads, burst_rows, mix_rows, scale_rows) -> dict:
    if loads:
        runs = {d: {"spec": specs[d], "load": loads[d]} for d in datasets}
        result = figures(runs, None)
    else:
        result = {"datasets": {d: specs[d]["counts"] for d in datasets}, "pages": []}
        result["pass"] = True
    result["table_rows"] = {d: specs[d].get("table_rows") for d in datasets}
    result["queries"] = {d: {p["key"]: p["queries"] for p in specs[d]["pages"]} for d in datasets}
    parts = [result["pass"]]
    if burst_rows:
        result["bursts"] = burst_figures(burst_rows, target_clients=args.burst_sizes[0])
        parts.append(result["bursts"]["pass"])
    if mix_rows:
        result["mix"] = mix_figures(mix_rows)
        parts.append(result["mix"]["pass"])
    if scale_rows:
        single = next((s for s in result.get("bursts", {}).get("sizes", []) if s["target"]), None)
        result["scale_out"] = scale_figures(scale_rows, single)
        parts.append(result["scale_out"]["pass"])
    result["pass"] = all(parts)
    result["settings"] = {
        "users": args.users,
        "seconds": args.seconds,
        "reference_seconds": args.reference_seconds,
        "warmup": args.warmup,
        "rounds": args.rounds,
        "workers": args.workers,
        "cpus": os.cpu_count(),
        "small": args.small,
        "quick": args.quick,
        "burst_clients": args.burst_sizes,
        "burst_capacity": args.burst_capacity,
        "mix_officials": args.mix_officials,
        "mix_ramp": args.mix_ramp,
        "mix_readers": args.mix_readers,
        "mix_think": args.mix_think,
        "mix_rounds": args.mix_rounds,
        "groups": args.groups,
        "worker": not args.no_worker,
    }
    return result
