"""The table that ``make bench`` prints, and the JSON it writes."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from bench.figures import (
    BURST_OVER_TARGET_REASON,
    MAX_BURST_RATIO,
    MAX_GROWTH_RATIO,
    MAX_MISS_RATIO,
    MAX_QUERIES,
    MAX_SPREAD,
    MIN_THROUGHPUT_RATIO,
    OVER_TARGET_REASONS,
    _mark,
    _trust,
)
from bench.servers import DATASETS


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
        over = {
            row["key"]
            for row in result["pages"]
            for name in present
            if row["key"] != "reference"
            and (row[name].get("miss_ratio") is None or row[name]["miss_ratio"] > MAX_MISS_RATIO)
        }
        for row in result["pages"]:
            if row["key"] in over:
                reason = OVER_TARGET_REASONS.get(row["key"], "no known reason (look at it)")
                lines.append(f"  why {row['label']}: {reason}")
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
            if "p95 register / bare write burst" in failed:
                lines.append(f"{'':>23} why: {BURST_OVER_TARGET_REASON}")
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
        if any(mix.get("stopped") or []):
            lines.append(
                "mix: officials who did not register, by the step they stopped at: "
                + str(mix["stopped"])
            )
        if mix.get("unmeasurable"):
            lines.append(f"mix p95×ref: NOT MEASURABLE — {mix['unmeasurable']}")
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
