"""The pages' figures against their targets, and the helpers every figure uses."""

from __future__ import annotations

from bench.servers import DATASETS

# The targets. Queries: 15 until issue 25; a theme group's page now lists its
# knowledge products (one more query on a miss), so 16 (see docs/benchmarks.md).
MAX_QUERIES = 16
MIN_THROUGHPUT_RATIO = 0.5
MAX_GROWTH_RATIO = 1.5
MAX_MISS_RATIO = 4.0  # a page's in-process miss time ÷ the reference page's
MAX_BURST_RATIO = 1.5  # the registration burst's p95 ÷ the bare write burst's (issue 24)
MAX_MIX_RATIO = 3.0  # a page's p95 in the opening mix ÷ the reference page's there
# Why a page is over the in-process target, as measured (issue 24, 7 December, the
# ten-year set, in process on PostgreSQL): printed beside its figure when it fails. A
# page without a line here that fails has no known reason: a regression to look at.
OVER_TARGET_REASONS = {
    "participation": "six aggregate queries over ten years of registrations, invitations, "
    "seats, support and roles (about half its time in PostgreSQL) for a table of every "
    "member city × eleven measures; a per-year summary table would be the next step",
    "knowledge_search": "a Dutch full-text search over every product's file text",
    "knowledge": "50 products a page with their makers and pillars, and a filter of every "
    "theme group of ten years",
    "theme_groups": "50 groups a page, each with its pillars, support, cities and flags "
    "(11 queries)",
    "group": "the group's members, history, meetings and knowledge products "
    "(14 queries, whatever the group's size)",
    "review_queue": "every group due or overdue with its decisions and history "
    "(10 queries, as many for 1 group as for 30)",
    "city": "three sections of other apps (network days, theme groups, participation): 15 queries",
    "attendees": "every registration of the busiest day in the table (8 queries)",
    "attendees_xlsx": "an export, not a page: every registration written to a workbook",
    "day": "the day's programme, seats and the viewer's registration (9 queries)",
    "network_days": "every coming and past day with its seats (9 queries)",
    "support": "every open group with its support and hours per city (8 queries)",
    "cities": "every city with its members and roles (8 queries)",
    # Near the target (3–6×, moving with the machine): not analysed in issue 24.
    "membership": "the applications and members (8 queries); near the target, not analysed",
    "contributions": "the year's contributions per city (10 queries); not analysed",
    "letters": "the office's letters (6 queries); near the target, not analysed",
    "archive": "the public letters (6 queries); near the target, not analysed",
    "dashboard": "the viewer's panels of every app (7 queries); near the target",
}
# Why the registration burst is over 1.5 x the bare write's (issue 24, as measured on
# 7 December: 2.2 x at 300 clients, 2.8 x at 1,000, on 2 cores): printed when it fails.
# Counted again on 8 December (the yearly cap is a rule of the days, not asked here).
BURST_OVER_TARGET_REASON = (
    "under the day's lock a registration runs 4 statements against the bare write's 2 "
    "(the lock itself, which also asks for the person's other registration, aside): the "
    "seats in total and per city, the insert, its audit entry and the mail's one-line "
    "record, which must commit with it; before the lock it checks who may register whom "
    "for which day (the viewer's roles, the day, the lock's time-out: 11 statements a "
    "request against 6, besides the commit), so a registration costs about twice the "
    "bare write's CPU in process; with 4 workers on 2 cores the clients queue for the "
    "CPU as much as for the lock"
)
# A ratio whose rounds spread more than this (max - min, relative to the median) is
# printed with a warning: the machine moved too much to trust it.
MAX_SPREAD = 0.25
# Pages in the mix whose p95 is printed but not held to MAX_MIX_RATIO, and why.
MIX_EXEMPT = {
    "log_in": "checks the password (Argon2, about 100 ms of CPU by design)",
    "register": "a write; its target is the burst's (p95 <= 1.5 x the bare write's burst)",
}


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


def _check(name, value, target, passed) -> dict:
    return {"figure": name, "value": value, "target": target, "pass": bool(passed)}


def _mark(passed: bool) -> str:
    return "PASS" if passed else "FAIL"
