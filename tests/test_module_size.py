"""No module over 400 lines (issue 24, item 3): a module that grows past it is split by
topic before it is merged. Today's offenders are listed with their line count; each may
only shrink, and leaves the list once it is under the limit (the test says so). The
list is honest about what is left: it must only get shorter."""

import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
LIMIT = 400
# Our packages (tests aside; migrations are generated).
PACKAGES = (
    "infra",
    "pillars",
    "members",
    "outbox",
    "accounts",
    "audit",
    "themegroups",
    "networkdays",
    "admissions",
    "contributions",
    "letters",
    "participation",
    "lobby",
    "api",
    "g40",
    "bench",
    "knowledge",
)
# Over the limit on 7 December 2026, with their line count then: may only shrink. The
# counts are those after the merge of issues 22, 23, 24 and 25 that evening (the other
# branches grew modules written before the limit; knowledge, new, is under it): split
# them by topic, never raise a count.
ALLOWED: dict[str, int] = {}


def line_counts() -> dict[str, int]:
    counts = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            counts[path.relative_to(ROOT).as_posix()] = len(path.read_text().splitlines())
    return counts


def test_no_module_over_the_limit_unless_listed_and_none_grows():
    counts = line_counts()
    too_long = {
        name: lines
        for name, lines in counts.items()
        if lines > LIMIT and lines > ALLOWED.get(name, LIMIT)
    }
    assert not too_long, f"over {LIMIT} lines (split by topic): {too_long}"


def test_the_allow_list_only_shrinks():
    counts = line_counts()
    done = [name for name, _ in ALLOWED.items() if counts.get(name, 0) <= LIMIT]
    assert not done, f"under {LIMIT} lines now: take them off ALLOWED: {done}"
