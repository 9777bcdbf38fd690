"""Each page's in-process time against the reference page's, on a database that is
already loaded — the quick loop while making a page cheaper (``make bench`` is the
figure of record; this measures the same way, without servers, load or bursts).

    DATABASE_URL=postgres://…/g40_x python -m bench.inprocess --load ten-year
    DATABASE_URL=postgres://…/g40_x python -m bench.inprocess --pages city,group --times 21

``--load`` migrates the database and loads a data set into it first (once; it must be
empty). Then every page (or those named) is asked ``--times`` times in pairs with the
reference page (``bench.prepare.miss_ratio``) and a line per page is printed: queries,
median ms, the reference's median ms and the median ratio (target ≤ 4).
"""

from __future__ import annotations

import argparse
import os
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.inprocess")
    parser.add_argument("--load", choices=("demo", "ten-year"), default=None)
    parser.add_argument("--pages", default="", help="page keys, comma-separated (default all)")
    parser.add_argument("--times", type=int, default=15)
    args = parser.parse_args(argv)

    from .servers import server_environment

    os.environ.update(server_environment(os.environ["DATABASE_URL"]))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from . import data
    from .figures import MAX_MISS_RATIO
    from .prepare import OFFICIAL, count_queries, miss_ratio, pages, session_for

    if args.load:
        call_command("migrate", verbosity=0)
        data.load_demo() if args.load == "demo" else data.load_ten_year()
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    wanted = {key for key in args.pages.split(",") if key}
    users = get_user_model().objects
    sessions: dict[str, str] = {}

    def session(username: str) -> str:
        if username not in sessions:
            sessions[username] = session_for(users.get(username=username))
        return sessions[username]

    print(f"{'page':<16} {'queries':>7} {'ms':>7} {'ref ms':>7} {'ratio':>6}")
    for page in pages():
        if page.key == "reference" or (wanted and page.key not in wanted):
            continue
        counted = count_queries(page, session(page.role))
        timed = miss_ratio(page, session(page.role), session(OFFICIAL), times=args.times)
        mark = "" if timed["miss_ratio"] <= MAX_MISS_RATIO else "  over"
        print(
            f"{page.key:<16} {counted['queries']:>7} {timed['miss_ms']:>7} "
            f"{timed['reference_miss_ms']:>7} {timed['miss_ratio']:>6}{mark}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
