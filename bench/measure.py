"""The load, in its own process (``bench.load``): the pages, the bursts, the opening
mix and the scale-out, as ``bench.run`` asks for them."""

from __future__ import annotations

import contextlib
import json
import re
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

from bench.figures import _middle, _ratio, _spread
from bench.servers import PYTHON, ROOT, _port, celery_worker, gunicorn, proxy

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
