from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def reference(request: HttpRequest) -> HttpResponse:
    """The fastest a signed-in page can be on this stack: the whole middleware chain
    (the session is read and the user authenticated, as on every page), then
    ``base.html`` rendered with no query of its own. Every page's throughput is
    compared to this one."""
    return render(request, "base.html")
