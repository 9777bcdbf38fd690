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
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench.figures import figures
from bench.measure import (
    burst_runs,
    measure,
    measure_bursts,
    measure_mix,
    mix_spec,
    preflight,
    scale_out,
)
from bench.report import table, write_results
from bench.servers import (
    DATASETS,
    PYTHON,
    ROOT,
    _admin_sql,
    _broker_forget,
    _postgres_url,
    _redis_check,
    _redis_forget,
    _run,
    burst_outcome,
    celery_worker,
    gunicorn,
    outbox_drained,
    server_environment,
)
from bench.write_figures import burst_figures, mix_figures, scale_figures

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
