"""What ``make bench`` prints when a figure fails: the reason beside it (issue 24)."""

from bench.figures import BURST_OVER_TARGET_REASON, OVER_TARGET_REASONS
from bench.report import table
from bench.write_figures import mix_figures


def _page(key, label, ratio):
    figures = {
        "role": "secretariaat",
        "queries": 12,
        "miss_ms_in_process": 60.0,
        "miss_ratio": ratio,
        "median_ms": 10,
        "p95_ms": 20,
        "rps": 50.0,
        "throughput_ratio": 1.0,
    }
    return {
        "key": key,
        "label": label,
        "ten-year": figures,
        "checks": [],
        "pass": ratio <= 4,
    }


def test_a_page_over_the_in_process_target_is_printed_with_its_reason():
    result = {
        "datasets": {"ten-year": {}},
        "pages": [
            _page("reference", "reference page (limit)", 1.0),
            _page("participation", "participation", 7.5),
            _page("budget", "budget", 2.0),
        ],
        "pass": False,
    }
    text = table(result)
    assert f"why participation: {OVER_TARGET_REASONS['participation']}" in text
    assert "why budget" not in text


def _mix(reference_p95, reference_failures=0, registered=300):
    page = {"requests": 10, "failures": 0, "median_ms": 5, "p95_ms": 10, "rps": 1.0}
    return {
        "load": {
            "officials": 300,
            "seconds": 60,
            "finished": True,
            "registered": registered,
            "stopped": {},
            "client_errors": [],
            "server_errors": 0,
            "pages": {
                "reference": {**page, "p95_ms": reference_p95, "failures": reference_failures},
                "day": {**page, "p95_ms": reference_p95},
            },
        },
        "outcome": {"confirmed": 100, "waiting": 200},
        "capacity": 100,
    }


def test_a_mix_whose_reference_page_took_the_clients_timeout_is_not_measurable():
    measured = mix_figures([_mix(400)])
    assert measured["pass"] and measured["unmeasurable"] is None
    for saturated in (_mix(60_000), _mix(400, reference_failures=3)):
        figures = mix_figures([saturated])
        assert not figures["pass"]
        assert "over capacity" in figures["unmeasurable"]
        day = next(row for row in figures["pages"] if row["key"] == "day")
        assert not day["pass"]


def test_a_mix_counts_a_registration_only_when_the_database_holds_it():
    figures = mix_figures([_mix(400, registered=91)])
    assert not figures["pass"]
    assert any("registered" in c["figure"] and not c["pass"] for c in figures["checks"])


def _burst_size(ratio):
    passed = ratio <= 1.5
    return {
        "clients": 300,
        "capacity": 100,
        "rounds": 1,
        "reference_median_ms": 390,
        "reference_p95_ms": 690,
        "bare_median_ms": 710,
        "bare_p95_ms": 1200,
        "register_median_ms": 1400,
        "register_p95_ms": round(1200 * ratio),
        "ratio": ratio,
        "ratio_spread": None,
        "outcomes": [{"confirmed": 100, "waiting": 200}],
        "checks": [{"figure": "p95 register / bare write burst", "pass": passed}],
        "pass": passed,
        "target": True,
    }


def test_a_registration_burst_over_its_target_is_printed_with_its_reason():
    def printed(ratio):
        sizes = [_burst_size(ratio)]
        result = {"datasets": {}, "pages": [], "bursts": {"sizes": sizes}, "pass": ratio <= 1.5}
        return table(result)

    assert f"why: {BURST_OVER_TARGET_REASON}" in printed(2.17)
    assert "why:" not in printed(1.2)
