"""The figures of the writes: the bursts, the opening mix and the scale-out."""

from __future__ import annotations

from bench.figures import (
    MAX_BURST_RATIO,
    MAX_MIX_RATIO,
    MIX_EXEMPT,
    _check,
    _middle,
    _ratio,
    _spread,
)


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
    unmeasurable = _unmeasurable(mixes)
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
                    "p95 / reference's p95"
                    + (f" (not measurable: {unmeasurable})" if unmeasurable else ""),
                    ratio,
                    f"<= {MAX_MIX_RATIO}",
                    not unmeasurable and ratio is not None and ratio <= MAX_MIX_RATIO,
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
        if "registered" in m["load"]:
            # What the clients saw (a redirect to the day) is what the database holds.
            checks.append(
                _check(
                    f"round {n}: registered (seen) == confirmed + waiting",
                    f"{m['load']['registered']} / {confirmed + waiting}",
                    "equal",
                    m["load"]["registered"] == confirmed + waiting,
                )
            )
    return {
        "officials": mixes[0]["load"]["officials"],
        "unmeasurable": unmeasurable,
        "stopped": [m["load"].get("stopped", {}) for m in mixes],
        "seconds": [m["load"]["seconds"] for m in mixes],
        "client_errors": [m["load"]["client_errors"] for m in mixes],
        "outcomes": [m["outcome"] for m in mixes],
        "pages": rows,
        "checks": checks,
        "pass": all(r["pass"] for r in rows) and all(c["pass"] for c in checks),
    }


# Locust's FastHttpUser gives up on a request after 60 s (gunicorn's worker timeout is
# the same): a p95 near it is the client's limit, not the server's answer.
CLIENT_TIMEOUT_MS = 60_000


def _unmeasurable(mixes: list[dict]) -> str | None:
    """Why the mix's ratios cannot be trusted, or None: the reference page itself — a
    page with no query of its own — failed or took the client's timeout, so the server
    was over capacity (the machine's other load, or too few CPUs for the arrivals), and
    every page's p95 is the queue's, the same for all: a ratio of 1 that proves nothing
    (the run of 7 December)."""
    for n, m in enumerate(mixes):
        reference = m["load"]["pages"].get("reference")
        if reference is None:
            return f"round {n}: the reference page was not read"
        if reference["failures"] or (reference["p95_ms"] or 0) >= 0.9 * CLIENT_TIMEOUT_MS:
            return (
                f"round {n}: the reference page's p95 {reference['p95_ms']} ms with "
                f"{reference['failures']} failed of {reference['requests']}: the server was "
                "over capacity (run on a quieter machine, or a longer --mix-ramp)"
            )
    return None


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
