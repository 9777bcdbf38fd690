"""The runner behind ``make bench``: both data sets on PostgreSQL and gunicorn, as in
production; the figures against their targets; a table and a JSON file.

For each data set (demo, ten-year): a fresh database ``g40_bench_<set>_<pid>``
(cloned from a migrated template), the data loaded and the queries counted
(``bench.prepare``, in-process), gunicorn started on 127.0.0.1 on a free port with
``bench.settings``, every page measured under N clients (``bench.load``, Locust), and
on the ten-year set the registration burst. Databases are dropped at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
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

# One key for the whole run: the sessions made while preparing are read by gunicorn.
SECRET_KEY = os.environ.get("BENCH_SECRET_KEY") or "bench-" + os.urandom(24).hex()

# The targets.
MAX_QUERIES = 15
MIN_THROUGHPUT_RATIO = 0.5
MAX_GROWTH_RATIO = 1.5


# --- environment and database ------------------------------------------------------


def server_environment(database_url: str, cache_prefix: str = "") -> dict[str, str]:
    """Production settings (DEBUG off) on plain HTTP at 127.0.0.1, no second factor
    (sessions are made directly), mails recorded but not sent, tasks in-process, the
    cache in Redis (``BENCH_REDIS_URL``) under a prefix of the run and data set — or,
    without a prefix (the in-process prepare step), in the process's memory."""
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
        CELERY_BROKER_URL="",
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


def _redis_forget(prefix: str) -> None:
    """Delete the run's keys (fragments expire by themselves; generations do not)."""
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
    import psycopg

    with psycopg.connect(database_url) as connection:
        rows = connection.execute(
            "SELECT status, count(*) FROM networkdays_registration "
            "WHERE network_day_id = %s GROUP BY status",
            (day_id,),
        ).fetchall()
    return dict(rows)


# --- gunicorn ------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def gunicorn(env: dict[str, str], workers: int):
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
                "rounds": rounds,
            }
        loads["reference"] = _combined(references)
        results[dataset] = loads
    return results


def _middle(values):
    """The median (the upper one of an even count): robust to one noisy round."""
    values = sorted(v for v in values if v is not None)
    return values[len(values) // 2] if values else None


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


def measure_burst(host, spec, *, workdir: Path) -> dict:
    job_path, out_path = workdir / "burst.json", workdir / "burst-out.json"
    job_path.write_text(json.dumps({**spec, "host": host}))
    subprocess.run(
        [PYTHON, "-m", "bench.load", "burst", str(job_path), str(out_path)],
        cwd=ROOT,
        check=True,
        timeout=180,
    )
    return json.loads(out_path.read_text())


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
                "queries_hit": spec_page.get("queries_hit"),
                "miss_ms_in_process": spec_page.get("miss_ms"),
                "hit_ms_in_process": spec_page.get("hit_ms"),
                **load,
                "throughput_ratio": load.get("throughput_ratio")
                or _ratio(load["rps"], load["reference_rps"]),
            }
        row["label"] = next(
            p["label"] for p in runs[present[0]]["spec"]["pages"] if p["key"] == key
        )
        checks = []
        if key != "reference":
            for kind, field in (("queries", "queries"), ("queries on a hit", "queries_hit")):
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
    if burst is not None:
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


def _check(name, value, target, passed) -> dict:
    return {"figure": name, "value": value, "target": target, "pass": bool(passed)}


def _mark(passed: bool) -> str:
    return "PASS" if passed else "FAIL"


def table(result: dict) -> str:
    present = [name for name in DATASETS if name in result["datasets"]]
    lines = []
    header = f"{'page':<24}{'role':<20}{'queries':>9}{'on hit':>8}{'miss ms':>13}"
    for name in present:
        header += f" | {name + ' med/p95 ms':>22}{'req/s':>8}{'×ref':>6}"
    if len(present) == 2:
        header += f" | {'growth':>6}"
    header += " | result"
    lines.append(header)
    lines.append("-" * len(header))
    for row in result["pages"]:
        counts = "/".join(str(row[name]["queries"]) for name in present)
        hits = "/".join(str(row[name].get("queries_hit")) for name in present)
        misses = "/".join(f"{row[name].get('miss_ms_in_process')}" for name in present)
        line = f"{row['label']:<24}{row[present[0]]['role']:<20}{counts:>9}{hits:>8}{misses:>13}"
        for name in present:
            r = row[name]
            latency = f"{r['median_ms']}/{r['p95_ms']}"
            line += f" | {latency:>22}{r['rps']:>8}{(r['throughput_ratio'] or 0):>6.2f}"
        if len(present) == 2:
            growth = row.get("latency_growth")
            line += f" | {growth if growth is not None else '-':>6}"
        failed = [c["figure"] for c in row["checks"] if not c["pass"]]
        line += " | " + (_mark(row["pass"]) + (f" ({', '.join(failed)})" if failed else ""))
        lines.append(line)
    lines.append("")
    lines.append(
        "queries: on a cache miss (the first view after a write), then on a hit; miss ms: "
        "in-process, one client, cache emptied first (printed, no target)"
    )
    lines.append(
        f"targets: queries <= {MAX_QUERIES} and equal in both sets; throughput >= "
        f"{MIN_THROUGHPUT_RATIO} × reference; median latency ten-year <= {MAX_GROWTH_RATIO} × demo"
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--users", type=int, default=10, help="concurrent clients per page")
    parser.add_argument("--seconds", type=float, default=5, help="measured seconds per page")
    parser.add_argument(
        "--reference-seconds", type=float, default=3, help="measured seconds per reference run"
    )
    parser.add_argument("--warmup", type=float, default=1, help="unmeasured seconds first")
    parser.add_argument(
        "--rounds", type=int, default=1, help="repeat every page; figures are the medians"
    )
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 2))
    parser.add_argument("--datasets", default=",".join(DATASETS))
    parser.add_argument("--pages", default="", help="only these page keys (and the reference)")
    parser.add_argument("--no-burst", action="store_true")
    parser.add_argument("--small", action="store_true", help="a small ten-year set (quick)")
    parser.add_argument("--out", default=str(ROOT / "bench-results"))
    parser.add_argument("--keep-databases", action="store_true")
    args = parser.parse_args(argv)

    datasets = [name for name in args.datasets.split(",") if name]
    tag = os.getpid()
    template = f"g40_bench_template_{tag}"
    created: list[str] = []
    specs: dict[str, dict] = {}
    databases: dict[str, str] = {}
    burst = None
    workdir = Path(tempfile.mkdtemp(prefix="g40-bench-"))
    started = time.monotonic()
    prefixes = {dataset: f"g40bench-{tag}-{dataset}" for dataset in datasets}
    _redis_check()
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
        with contextlib.ExitStack() as servers:
            hosts = {
                dataset: servers.enter_context(
                    gunicorn(
                        server_environment(databases[dataset], prefixes[dataset]), args.workers
                    )
                )
                for dataset in datasets
            }
            for dataset in datasets:
                preflight(hosts[dataset], specs[dataset])
            print(
                f"bench: gunicorn ({args.workers} workers each) at {hosts}; {args.users} "
                f"clients; per page {args.seconds:g} s after the reference page for "
                f"{args.reference_seconds:g} s, data sets interleaved …",
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
            burst_set = next((d for d in datasets if specs[d].get("burst")), None)
            if burst_set and not args.no_burst:
                spec = specs[burst_set]
                print(
                    f"bench: burst: {len(spec['burst']['people'])} officials register at "
                    f"once for {spec['burst']['capacity']} seats …",
                    flush=True,
                )
                burst = measure_burst(hosts[burst_set], spec, workdir=workdir)
                burst["capacity"] = spec["burst"]["capacity"]
                burst["outcome"] = burst_outcome(databases[burst_set], spec["burst"]["day_id"])
    finally:
        if not args.keep_databases:
            for name in reversed(created):
                with contextlib.suppress(Exception):
                    _admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(workdir, ignore_errors=True)
        for prefix in prefixes.values():
            _redis_forget(prefix)
    runs = {dataset: {"spec": specs[dataset], "load": loads[dataset]} for dataset in datasets}
    result = figures(runs, burst)
    result["settings"] = {
        "users": args.users,
        "seconds": args.seconds,
        "reference_seconds": args.reference_seconds,
        "warmup": args.warmup,
        "rounds": args.rounds,
        "workers": args.workers,
        "cpus": os.cpu_count(),
        "small": args.small,
        "duration_s": round(time.monotonic() - started),
    }
    print()
    print(table(result))
    path = write_results(result, Path(args.out))
    print(f"\nbench: figures written to {path}")
    return 0 if result["pass"] else 1
