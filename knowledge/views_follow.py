"""Following a pillar or a theme group: one's own follows, added and stopped here."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from infra.forms import add_service_error
from members.access import require_network_reader

from . import services_follow
from .forms import FollowForm
from .models import Follow


def _require_follower(request):
    permissions = require_network_reader(request, lambda p: p.may_follow_knowledge)
    if permissions.person is None:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    return permissions


@require_http_methods(["GET", "POST"])
def follows(request: HttpRequest) -> HttpResponse:
    permissions = _require_follower(request)
    person = permissions.person
    form = FollowForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services_follow.follow(by=request.user, person=person, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Following saved."))
            return redirect("knowledge:follows")
    mine = Follow.objects.filter(person=person).select_related("pillar", "theme_group")
    return render(
        request,
        "knowledge/follows.html",
        {"form": form, "follows": mine},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def unfollow(request: HttpRequest, pk: int) -> HttpResponse:
    permissions = _require_follower(request)
    follow = get_object_or_404(Follow, pk=pk, person=permissions.person)
    follow.delete()
    messages.success(request, _("You no longer follow this."))
    return redirect("knowledge:follows")
