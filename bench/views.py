from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def reference(request: HttpRequest) -> HttpResponse:
    """The fastest a signed-in page can be on this stack: the whole middleware chain
    (the session is read and the user authenticated, as on every page), then
    ``base.html`` rendered with no query of its own. Every page's throughput is
    compared to this one. The menu shows every entry: what the viewer may read is
    their permissions, which every real page reads for its access check anyway (kept
    for the request), while the reference has no access check of its own."""
    return render(request, "base.html", {"may_read_network": True})
