"""Only in ``bench.settings``: what the cache answered, per response.

Every lookup of a cached part (``infra.fragments.cached``: the page fragments and the
viewer's cached permissions) is counted while the request runs, and the response
carries ``X-Bench-Cache: <hits>/<lookups>``; the load step sums them per page, so the
table shows the hit rate actually seen under load (issue 16), not the one assumed.
Production has no such header: this module is never imported by the app.
"""

from __future__ import annotations

from contextvars import ContextVar

from infra import fragments

HEADER = "X-Bench-Cache"
_counts: ContextVar[list[int] | None] = ContextVar("bench_cache_counts", default=None)
_fetch = fragments.fetch


def _counting_fetch(key):
    value = _fetch(key)
    counts = _counts.get()
    if counts is not None and key is not None:
        counts[1] += 1
        if value is not None:
            counts[0] += 1
    return value


fragments.fetch = _counting_fetch


class CacheCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        counts = [0, 0]
        token = _counts.set(counts)
        try:
            response = self.get_response(request)
        finally:
            _counts.reset(token)
        response[HEADER] = f"{counts[0]}/{counts[1]}"
        return response
