from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from networkdays.constants import RegistrationStatus
from networkdays.models import NetworkDay, Registration


def reference(request: HttpRequest) -> HttpResponse:
    """The fastest a signed-in page can be on this stack: the whole middleware chain
    (the session is read and the user authenticated, as on every page), then
    ``base.html`` rendered with no query of its own. Every page's throughput is
    compared to this one. The menu shows every entry: what the viewer may read is
    their permissions, which every real page reads for its access check anyway (kept
    for the request), while the reference has no access check of its own."""
    return render(request, "base.html", {"may_read_network": True})


@require_POST
def bare_write(request: HttpRequest, pk: int) -> HttpResponse:
    """What any safe registration must do, and nothing else (issue 24): a signed-in POST
    (the middleware chain, CSRF), a transaction that locks the day's row, inserts one
    row (a registration of the viewer's person) and its audit entry (django-auditlog's
    signal, in the same transaction), then a redirect. No rules, no counts, no mail.
    The registration burst is compared with a burst against this view. Only in
    ``bench.urls``: it never exists in the app."""
    person = request.user.person
    with transaction.atomic():
        day = get_object_or_404(NetworkDay.objects.select_for_update(), pk=pk)
        Registration.objects.create(
            network_day=day,
            person=person,
            status=RegistrationStatus.CONFIRMED,
            registered_by=person,
            confirmed_at=timezone.now(),
        )
    return redirect(day.get_absolute_url())
